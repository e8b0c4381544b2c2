"""The local tenant's permission table: one entry per route that checks a token, each from a
Graph permission reference page; the toolkit's declared permissions accepted on every endpoint
its resource kinds call, and its implications (`tenantctl.m365.permissions`) true on each."""

from __future__ import annotations

import re

import pytest

from local_tenant.app import graph_router, root_router
from local_tenant.auth import ALL_ROLES
from local_tenant.permissions import OPEN_ROUTES, ROUTES
from local_tenant.router import Route
from tenantctl.m365.permissions import IMPLIES, SHAREPOINT, granted_by, least
from tenantctl.resources.registry import SPECS
from tests.support.endpoints import endpoint_route

ROUTES_SERVED = graph_router().routes + root_router().routes
BY_NAME = {route.name: route for route in ROUTES_SERVED}


def checked(route: Route) -> bool:
    return not route.public and route.workload not in ("admin", "identity")


def test_every_route_that_checks_a_token_has_an_entry_and_every_entry_a_route() -> None:
    served = {r.name for r in ROUTES_SERVED if checked(r) and r.name not in OPEN_ROUTES}
    assert served == set(ROUTES)
    assert set(BY_NAME) >= OPEN_ROUTES


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_each_entry_names_its_page_and_a_least_privileged_permission(name: str) -> None:
    entry = ROUTES[name]
    assert re.fullmatch(r"[a-z0-9-]+", entry.page), entry.page
    assert entry.least and all(re.fullmatch(r"[\w-]+(\.[\w-]+)+", p) for p in entry.permissions)
    assert len(set(entry.permissions)) == len(entry.permissions)
    assert BY_NAME[name].permissions == entry.permissions


def test_the_pages_the_issue_names() -> None:
    assert ROUTES["directory.groups.create"].least == ("Group.Create",)
    invite = ROUTES["directory.invitations.create"].permissions
    assert {"User.Invite.All", "User.ReadWrite.All", "Directory.ReadWrite.All"} <= set(invite)


def test_the_default_application_holds_every_permission() -> None:
    assert set(ALL_ROLES) == {p for entry in ROUTES.values() for p in entry.permissions}


KIND_ENDPOINTS = [
    (kind, endpoint)
    for kind, spec in sorted(SPECS.items())
    if spec.permissions
    for endpoint in spec.endpoints
]


@pytest.mark.parametrize(("kind", "endpoint"), KIND_ENDPOINTS)
def test_the_toolkit_declares_a_permission_each_endpoint_it_calls_accepts(
    kind: str, endpoint: str
) -> None:
    spec = SPECS[kind]
    declared = {p.removeprefix(SHAREPOINT) for p in (*spec.permissions, *spec.reads)}
    route = endpoint_route(endpoint)
    assert declared & set(route.permissions), (
        f"{kind} calls {endpoint} ({route.name}), which accepts {route.permissions}; "
        f"the kind declares {sorted(declared)}"
    )


CALLED = {endpoint_route(endpoint).name: endpoint_route(endpoint) for _, endpoint in KIND_ENDPOINTS}
IMPLIED = sorted((broader, narrower) for broader in IMPLIES for narrower in granted_by(broader))


@pytest.mark.parametrize(("broader", "narrower"), IMPLIED)
def test_a_permission_the_toolkit_says_grants_another_is_accepted_wherever_that_one_is(
    broader: str, narrower: str
) -> None:
    refusing = sorted(
        name
        for name, route in CALLED.items()
        if narrower in route.permissions and broader not in route.permissions
    )
    assert not refusing, f"{broader} is said to grant {narrower}, but {refusing} refuse it"


@pytest.mark.parametrize(("kind", "endpoint"), KIND_ENDPOINTS)
def test_the_least_set_of_a_kind_is_accepted_on_each_endpoint_it_calls(
    kind: str, endpoint: str
) -> None:
    spec = SPECS[kind]
    granted = {p.removeprefix(SHAREPOINT) for p in least([*spec.permissions, *spec.reads])}
    assert granted & set(endpoint_route(endpoint).permissions), (kind, endpoint, granted)
