"""Access review handlers."""

from __future__ import annotations

from local_tenant.odata import listing
from local_tenant.protocol import Response, entity, no_content
from local_tenant.reviews.host import ReviewsHost
from local_tenant.router import Call
from local_tenant.storage import public

DEFINITIONS = "identityGovernance/accessReviews/definitions"


def list_definitions(call: Call[ReviewsHost]) -> Response:
    return Response(
        200,
        listing(call.request, f"/{DEFINITIONS}", DEFINITIONS, call.tenant.reviews.definitions()),
    )


def create_definition(call: Call[ReviewsHost]) -> Response:
    doc = call.tenant.reviews.create(call.request.json())
    return entity(call.request, DEFINITIONS, public(doc), status=201)


def get_definition(call: Call[ReviewsHost]) -> Response:
    return entity(
        call.request, DEFINITIONS, public(call.tenant.reviews.definition(call.param("id")))
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
    return Response(
        200,
        listing(
            call.request, f"/{DEFINITIONS}/{call.param('id')}/instances", _instances(call), items
        ),
    )


def get_instance(call: Call[ReviewsHost]) -> Response:
    doc = call.tenant.reviews.instance(call.param("id"), call.param("instance"))
    return entity(call.request, _instances(call), public(doc))


def list_decisions(call: Call[ReviewsHost]) -> Response:
    definition, instance = call.param("id"), call.param("instance")
    items = call.tenant.reviews.decisions(definition, instance)
    path = f"/{DEFINITIONS}/{definition}/instances/{instance}/decisions"
    return Response(
        200, listing(call.request, path, f"{_instances(call)}('{instance}')/decisions", items)
    )


def record_decision(call: Call[ReviewsHost]) -> Response:
    """Admin API: a reviewer's decision (``instanceId``, ``principalId``, ``decision``,
    optional ``reviewerId`` and ``justification``)."""
    body = call.request.json()
    return Response(200, public(call.tenant.reviews.record(body)))
