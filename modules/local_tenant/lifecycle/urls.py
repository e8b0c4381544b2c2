"""Group lifecycle policy routes (their permissions: `local_tenant.permissions.ROUTES`)."""

from __future__ import annotations

from local_tenant.lifecycle import responses as r
from local_tenant.router import Route, RouteSet

POLICIES = "/groupLifecyclePolicies"


def routes() -> list[Route]:
    s = RouteSet("directory")
    s.add("GET", POLICIES, r.list_policies, name="lifecyclePolicies.list")
    s.add("POST", POLICIES, r.create_policy, name="lifecyclePolicies.create")
    s.add("GET", f"{POLICIES}/{{id}}", r.get_policy, name="lifecyclePolicies.get")
    s.add("PATCH", f"{POLICIES}/{{id}}", r.update_policy, name="lifecyclePolicies.update")
    s.add("DELETE", f"{POLICIES}/{{id}}", r.delete_policy, name="lifecyclePolicies.delete")
    s.add("POST", f"{POLICIES}/{{id}}/addGroup", r.add_group, name="lifecyclePolicies.addGroup")
    s.add(
        "POST",
        f"{POLICIES}/{{id}}/removeGroup",
        r.remove_group,
        name="lifecyclePolicies.removeGroup",
    )
    s.add("POST", "/groups/{id}/renew", r.renew, name="groups.renew")
    return s.routes
