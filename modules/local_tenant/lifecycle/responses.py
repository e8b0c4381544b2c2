"""Group lifecycle policy handlers."""

from __future__ import annotations

from local_tenant.lifecycle.host import LifecycleHost
from local_tenant.odata import listing
from local_tenant.protocol import Response, entity, no_content
from local_tenant.router import Call
from local_tenant.storage import public

PATH = "groupLifecyclePolicies"


def list_policies(call: Call[LifecycleHost]) -> Response:
    return Response(200, listing(call.request, f"/{PATH}", PATH, call.tenant.lifecycle.policies()))


def create_policy(call: Call[LifecycleHost]) -> Response:
    doc = call.tenant.lifecycle.create(call.request.json())
    return entity(call.request, PATH, public(doc), status=201)


def get_policy(call: Call[LifecycleHost]) -> Response:
    return entity(call.request, PATH, public(call.tenant.lifecycle.policy(call.param("id"))))


def update_policy(call: Call[LifecycleHost]) -> Response:
    doc = call.tenant.lifecycle.update(call.param("id"), call.request.json())
    return entity(call.request, PATH, public(doc))


def delete_policy(call: Call[LifecycleHost]) -> Response:
    call.tenant.lifecycle.delete(call.param("id"))
    return no_content()


def _group_id(call: Call[LifecycleHost]) -> str:
    return str(call.request.json().get("groupId") or "")


def add_group(call: Call[LifecycleHost]) -> Response:
    added = call.tenant.lifecycle.add_group(call.param("id"), _group_id(call))
    return Response(200, {"@odata.context": _bool_context(call), "value": added})


def remove_group(call: Call[LifecycleHost]) -> Response:
    removed = call.tenant.lifecycle.remove_group(call.param("id"), _group_id(call))
    return Response(200, {"@odata.context": _bool_context(call), "value": removed})


def _bool_context(call: Call[LifecycleHost]) -> str:
    return f"{call.request.base_url}/$metadata#Edm.Boolean"


def renew(call: Call[LifecycleHost]) -> Response:
    call.tenant.lifecycle.renew(call.param("id"))
    return no_content()
