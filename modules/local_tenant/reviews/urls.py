"""Access review routes (their permissions: `local_tenant.permissions.ROUTES`)."""

from __future__ import annotations

from local_tenant.reviews import responses as r
from local_tenant.router import Route, RouteSet

DEFINITIONS = "/identityGovernance/accessReviews/definitions"
DEFINITION = f"{DEFINITIONS}/{{id}}"


def routes() -> list[Route]:
    s = RouteSet("identityGovernance")
    add = s.add
    add("GET", DEFINITIONS, r.list_definitions, name="definitions.list")
    add("POST", DEFINITIONS, r.create_definition, name="definitions.create")
    add("GET", DEFINITION, r.get_definition, name="definitions.get")
    add("PUT", DEFINITION, r.replace_definition, name="definitions.update")
    add("DELETE", DEFINITION, r.delete_definition, name="definitions.delete")
    add("GET", f"{DEFINITION}/instances", r.list_instances, name="instances.list")
    add("GET", f"{DEFINITION}/instances/{{instance}}", r.get_instance, name="instances.get")
    add(
        "GET",
        f"{DEFINITION}/instances/{{instance}}/decisions",
        r.list_decisions,
        name="decisions.list",
    )
    return s.routes


def admin_routes() -> list[Route]:
    """The admin API's way for a reviewer to decide."""
    s = RouteSet("admin")
    s.add("POST", "/_admin/accessReviews/decisions", r.record_decision, name="accessReviews.decide")
    return s.routes
