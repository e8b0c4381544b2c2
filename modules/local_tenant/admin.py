"""The admin API under ``/_admin``: seed, reset, faults, behaviour, counters, clients, tokens and
raw object access for creating drift behind the toolkit's back. Callers present the admin token
in ``X-Admin-Token``; the same header on a ``/v1.0`` request runs it with every permission and
no faults, so any Graph write can be made as "someone else".
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from pydantic import ValidationError

from local_tenant.auth import Client
from local_tenant.collection import merge
from local_tenant.errors import BadRequest, ItemNotFound
from local_tenant.faults import FaultConfig
from local_tenant.mail.usage import MailboxUsage
from local_tenant.protocol import Response, no_content
from local_tenant.router import Call, Route, RouteSet
from local_tenant.seed import SeedSpec, seed
from local_tenant.tenant import Tenant


def _body(call: Call[Tenant]) -> dict[str, Any]:
    return call.request.json() if call.request.body else {}


def _model(cls: Any, data: dict[str, Any]) -> Any:
    try:
        return cls(**data)
    except ValidationError as exc:
        raise BadRequest(
            f"Invalid configuration: {exc.errors()[0]['msg']} at {exc.errors()[0]['loc']}."
        ) from exc


def health(call: Call[Tenant]) -> Response:
    org = call.tenant.organisation
    return Response(200, {"status": "ok", "tenantId": org.tenant_id, "domain": org.domain})


def reset(call: Call[Tenant]) -> Response:
    body = _body(call)
    call.tenant.reset()
    if body.get("seed") is not False:
        counts = seed(call.tenant, _model(SeedSpec, body.get("seed") or {}))
        return Response(200, {"seeded": counts})
    return Response(200, {"seeded": None})


def add_seed(call: Call[Tenant]) -> Response:
    return Response(200, {"seeded": seed(call.tenant, _model(SeedSpec, _body(call)))})


def counters(call: Call[Tenant]) -> Response:
    return Response(200, call.dispatcher.counters.snapshot())


def reset_counters(call: Call[Tenant]) -> Response:
    call.dispatcher.counters.__init__()  # type: ignore[misc]
    return no_content()


def get_faults(call: Call[Tenant]) -> Response:
    return Response(200, call.tenant.faults.describe())


def put_faults(call: Call[Tenant]) -> Response:
    call.tenant.faults.configure(_model(FaultConfig, _body(call)))
    return Response(200, call.tenant.faults.describe())


def get_behaviour(call: Call[Tenant]) -> Response:
    return Response(200, call.tenant.behaviour.model_dump())


def patch_behaviour(call: Call[Tenant]) -> Response:
    try:
        return Response(200, call.tenant.set_behaviour(_body(call)).model_dump())
    except ValidationError as exc:
        raise BadRequest(f"Invalid behaviour: {exc.errors()[0]['msg']}.") from exc


def list_objects(call: Call[Tenant]) -> Response:
    rows = call.tenant.store.rows(call.param("kind"), parent=call.request.query.get("parent"))
    return Response(
        200, {"value": [{"id": r.id, "parent": r.parent, "body": r.body} for r in rows]}
    )


def _row(call: Call[Tenant]) -> Any:
    row = call.tenant.store.row(call.param("kind"), call.param("id"))
    if row is None:
        raise ItemNotFound(f"No {call.param('kind')} '{call.param('id')}'.")
    return row


def get_object(call: Call[Tenant]) -> Response:
    return Response(200, _row(call).body)


def patch_object(call: Call[Tenant]) -> Response:
    row = _row(call)
    body = merge(row.body, _body(call))
    call.tenant.store.put(row.kind, row.id, body, parent=row.parent)
    return Response(200, body)


def put_object(call: Call[Tenant]) -> Response:
    body = _body(call)
    call.tenant.store.put(
        call.param("kind"), call.param("id"), body, parent=call.request.query.get("parent")
    )
    return Response(200, body)


def put_objects(call: Call[Tenant]) -> Response:
    """Write many documents of one kind at once, in the shape the listing returns:
    ``{"value": [{"id", "parent", "body"}, ...]}`` (preparing a large state cheaply)."""
    rows = _body(call).get("value")
    if not isinstance(rows, list) or not all(
        isinstance(row, dict)
        and isinstance(row.get("id"), str)
        and isinstance(row.get("body"), dict)
        for row in rows
    ):
        raise BadRequest('Expected {"value": [{"id": ..., "parent": ..., "body": {...}}, ...]}.')
    for row in rows:
        call.tenant.store.put(call.param("kind"), row["id"], row["body"], parent=row.get("parent"))
    return Response(200, {"written": len(rows)})


def delete_object(call: Call[Tenant]) -> Response:
    _row(call)
    call.tenant.store.delete(call.param("kind"), call.param("id"))
    return no_content()


def get_clock(call: Call[Tenant]) -> Response:
    clock = call.tenant.clock
    return Response(200, {"now": clock.iso(), "offsetSeconds": clock.offset.total_seconds()})


def advance_clock(call: Call[Tenant]) -> Response:
    """Move the tenant's clock forward by ``{"days": .., "hours": .., "seconds": ..}`` and run
    what falls due (`local_tenant.clock`)."""
    body = _body(call)
    try:
        by = timedelta(**{k: float(body[k]) for k in body if k in _CLOCK_UNITS})
    except (TypeError, ValueError) as exc:
        raise BadRequest("days, hours and seconds must be numbers.") from exc
    unknown = set(body) - _CLOCK_UNITS
    if unknown or by <= timedelta(0):
        raise BadRequest('Expected {"days": n, "hours": n, "seconds": n} moving the clock forward.')
    call.tenant.clock.advance(by)
    return get_clock(call)


_CLOCK_UNITS = frozenset({"days", "hours", "seconds"})


def put_mailbox_usage(call: Call[Tenant]) -> Response:
    """Seed a mailbox's usage (the mailbox usage report's figures)."""
    usage = _model(MailboxUsage, _body(call)).model_dump(mode="json", exclude_none=True)
    return Response(200, call.tenant.mailboxes.set_usage(call.param("user"), usage))


def register_client(call: Call[Tenant]) -> Response:
    body = _body(call)
    try:
        client = Client(
            str(body["client_id"]), str(body["client_secret"]), [str(r) for r in body["roles"]]
        )
    except (KeyError, TypeError) as exc:
        raise BadRequest("client_id, client_secret and roles are required.") from exc
    call.tenant.authority.register(client)
    return Response(201, vars(client))


def token(call: Call[Tenant]) -> Response:
    roles = _body(call).get("roles", [])
    if not isinstance(roles, list):
        raise BadRequest("roles must be a list.")
    return Response(200, {"access_token": call.tenant.authority.issue([str(r) for r in roles])})


def routes() -> list[Route]:
    s = RouteSet("admin")
    add = s.add
    add("GET", "/_admin/health", health, name="health")
    add("POST", "/_admin/reset", reset, name="reset")
    add("POST", "/_admin/seed", add_seed, name="seed")
    add("GET", "/_admin/counters", counters, name="counters")
    add("DELETE", "/_admin/counters", reset_counters, name="counters.reset")
    add("GET", "/_admin/faults", get_faults, name="faults.get")
    add("PUT", "/_admin/faults", put_faults, name="faults.put")
    add("GET", "/_admin/behaviour", get_behaviour, name="behaviour.get")
    add("PATCH", "/_admin/behaviour", patch_behaviour, name="behaviour.patch")
    add("GET", "/_admin/objects/{kind}", list_objects, name="objects.list")
    add("POST", "/_admin/objects/{kind}", put_objects, name="objects.bulk")
    add("GET", "/_admin/objects/{kind}/{id}", get_object, name="objects.get")
    add("PATCH", "/_admin/objects/{kind}/{id}", patch_object, name="objects.patch")
    add("PUT", "/_admin/objects/{kind}/{id}", put_object, name="objects.put")
    add("DELETE", "/_admin/objects/{kind}/{id}", delete_object, name="objects.delete")
    add("GET", "/_admin/clock", get_clock, name="clock.get")
    add("POST", "/_admin/clock", advance_clock, name="clock.advance")
    add("PUT", "/_admin/mailboxes/{user}/usage", put_mailbox_usage, name="mailboxes.usage")
    add("POST", "/_admin/clients", register_client, name="clients.register")
    add("POST", "/_admin/token", token, name="token")
    return s.routes
