"""Access review handlers."""

from __future__ import annotations

from local_tenant.odata import Paging, Query, page
from local_tenant.protocol import Response, entity, no_content
from local_tenant.reviews.host import ReviewsHost
from local_tenant.router import Call
from local_tenant.storage import Document

PAGING = Paging(default=100)
DEFINITIONS = "identityGovernance/accessReviews/definitions"


def _public(doc: Document) -> Document:
    return {k: v for k, v in doc.items() if not k.startswith("_")}


def _collection(
    call: Call[ReviewsHost], path: str, context: str, items: list[Document]
) -> Response:
    query = Query.parse(call.request)
    return Response(
        200, page(call.request, path, [_public(i) for i in items], query, PAGING, context)
    )


def list_definitions(call: Call[ReviewsHost]) -> Response:
    return _collection(call, f"/{DEFINITIONS}", DEFINITIONS, call.tenant.reviews.definitions())


def create_definition(call: Call[ReviewsHost]) -> Response:
    doc = call.tenant.reviews.create(call.request.json())
    return entity(call.request, DEFINITIONS, _public(doc), status=201)


def get_definition(call: Call[ReviewsHost]) -> Response:
    return entity(
        call.request, DEFINITIONS, _public(call.tenant.reviews.definition(call.param("id")))
    )


def replace_definition(call: Call[ReviewsHost]) -> Response:
    call.tenant.reviews.replace(call.param("id"), call.request.json())
    return no_content()


def delete_definition(call: Call[ReviewsHost]) -> Response:
    call.tenant.reviews.delete(call.param("id"))
    return no_content()


def _instances(call: Call[ReviewsHost]) -> str:
    return f"{DEFINITIONS}('{call.param('id')}')/instances"


def list_instances(call: Call[ReviewsHost]) -> Response:
    items = call.tenant.reviews.instances(call.param("id"))
    return _collection(
        call, f"/{DEFINITIONS}/{call.param('id')}/instances", _instances(call), items
    )


def get_instance(call: Call[ReviewsHost]) -> Response:
    doc = call.tenant.reviews.instance(call.param("id"), call.param("instance"))
    return entity(call.request, _instances(call), _public(doc))


def list_decisions(call: Call[ReviewsHost]) -> Response:
    definition, instance = call.param("id"), call.param("instance")
    items = call.tenant.reviews.decisions(definition, instance)
    path = f"/{DEFINITIONS}/{definition}/instances/{instance}/decisions"
    return _collection(call, path, f"{_instances(call)}('{instance}')/decisions", items)


def record_decision(call: Call[ReviewsHost]) -> Response:
    """Admin API: a reviewer's decision (``instanceId``, ``principalId``, ``decision``,
    optional ``reviewerId`` and ``justification``)."""
    body = call.request.json()
    return Response(200, _public(call.tenant.reviews.record(body)))
