"""Over HTTP, each route accepts a token holding any one of the permissions Graph's reference
lists for it (local_tenant.permissions.ROUTES) and refuses, with Graph's 403, a token holding
every other permission; a request without a valid token is a 401 with Graph's challenge."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from local_tenant.app import graph_router, root_router
from local_tenant.auth import ALL_ROLES
from local_tenant.errors import WWW_AUTHENTICATE
from local_tenant.permissions import ROUTES
from local_tenant.router import Route
from tests.support.local_tenant_fixture import LocalTenantHandle

pytestmark = [pytest.mark.integration]

NOBODY = "00000000-0000-0000-0000-000000000000"
SERVED = {r.name: r for r in graph_router().routes + root_router().routes}


@pytest.fixture
def http(local_tenant: LocalTenantHandle) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=local_tenant.root_url, timeout=30) as client:
        yield client


def url(route: Route) -> str:
    """A URL of the route naming no existing object (a handler that runs changes nothing)."""
    path = re.sub(r"\{\w+\}", NOBODY, route.pattern)
    return path if route.workload == "sharepointAdmin" else f"/v1.0{path}"


def call(http: httpx.Client, route: Route, token: str) -> httpx.Response:
    return http.request(route.method, url(route), headers={"Authorization": f"Bearer {token}"})


ANY_OF = sorted(name for name, entry in ROUTES.items() if not entry.together)
ALL_OF = sorted(name for name, entry in ROUTES.items() if entry.together)


@pytest.mark.parametrize("name", ANY_OF)
def test_each_listed_permission_is_accepted_and_none_other(
    local_tenant: LocalTenantHandle, http: httpx.Client, name: str
) -> None:
    route, accepted = SERVED[name], ROUTES[name].permissions
    for permission in accepted:
        answered = call(http, route, local_tenant.token([permission]))
        assert answered.status_code not in (401, 403), (permission, answered.text)
    others = [p for p in ALL_ROLES if p not in accepted]
    refused = call(http, route, local_tenant.token(others))
    assert refused.status_code == 403, refused.text
    assert f"Requires one of '{', '.join(accepted)}'" in refused.json()["error"]["message"]


@pytest.mark.parametrize("name", ALL_OF)
def test_permissions_listed_together_are_needed_together(
    local_tenant: LocalTenantHandle, http: httpx.Client, name: str
) -> None:
    route, needed = SERVED[name], ROUTES[name].permissions
    answered = call(http, route, local_tenant.token(needed))
    assert answered.status_code not in (401, 403), answered.text
    for missing in needed:
        others = [p for p in ALL_ROLES if p != missing]
        refused = call(http, route, local_tenant.token(others))
        assert refused.status_code == 403, (missing, refused.text)
        assert f"Requires all of '{', '.join(needed)}'" in refused.json()["error"]["message"]


def test_the_issue_cases(local_tenant: LocalTenantHandle, http: httpx.Client) -> None:
    body = {"displayName": "X", "mailEnabled": False, "mailNickname": "x", "securityEnabled": True}
    created = http.post(
        "/v1.0/groups",
        json=body,
        headers={"Authorization": f"Bearer {local_tenant.token(['Group.Create'])}"},
    )
    assert created.status_code == 201, created.text
    invitation = {"invitedUserEmailAddress": "ada@fabrikam.example", "inviteRedirectUrl": "x"}
    for permission in ("User.ReadWrite.All", "Directory.ReadWrite.All"):
        invited = http.post(
            "/v1.0/invitations",
            json=invitation,
            headers={"Authorization": f"Bearer {local_tenant.token([permission])}"},
        )
        assert invited.status_code == 201, invited.text


@pytest.mark.parametrize(
    "authorization", [None, "Bearer", "Bearer not-a-token", "Basic dXNlcjpwYXNz"]
)
def test_a_401_carries_graphs_challenge(http: httpx.Client, authorization: str | None) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    answered = http.get("/v1.0/users", headers=headers)
    assert answered.status_code == 401
    assert answered.headers["WWW-Authenticate"] == WWW_AUTHENTICATE
    assert answered.headers["WWW-Authenticate"].startswith('Bearer realm=""')
    assert answered.json()["error"]["code"] == "InvalidAuthenticationToken"


def test_a_batched_401_carries_the_challenge_too(
    local_tenant: LocalTenantHandle, http: httpx.Client
) -> None:
    item = {"id": "1", "method": "GET", "url": "/users", "headers": {"Authorization": "Bearer x"}}
    answered = http.post(
        "/v1.0/$batch",
        json={"requests": [item]},
        headers={"Authorization": "Bearer not-a-token"},
    )
    assert answered.status_code == 401
    assert answered.headers["WWW-Authenticate"] == WWW_AUTHENTICATE
