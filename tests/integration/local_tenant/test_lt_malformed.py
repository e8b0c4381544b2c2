"""Malformed requests get Graph's status codes and error bodies, never a 500 or a traceback."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.local_tenant_fixture import LocalTenantHandle

pytestmark = [pytest.mark.integration]


@pytest.fixture
def http(local_tenant: LocalTenantHandle) -> Iterator[httpx.Client]:
    headers = {"Authorization": f"Bearer {local_tenant.token()}"}
    with httpx.Client(base_url=local_tenant.base_url, headers=headers, timeout=30) as client:
        yield client


def _error(response: httpx.Response, status: int, code: str | None = None) -> None:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert set(error) == {"code", "message", "innerError"}
    assert error["innerError"]["request-id"] == response.headers["request-id"]
    if code is not None:
        assert error["code"] == code


GROUP = {"displayName": "X", "mailEnabled": False, "mailNickname": "x", "securityEnabled": True}


def test_bad_bodies(http: httpx.Client) -> None:
    json_headers = {"Content-Type": "application/json"}
    _error(http.post("/groups", content=b"{not json", headers=json_headers), 400, "BadRequest")
    _error(http.post("/groups", content=b"[1, 2]", headers=json_headers), 400)
    _error(http.post("/groups", content=b"", headers=json_headers), 400)
    _error(
        http.post("/groups", content=b"displayName=x", headers={"Content-Type": "text/plain"}), 415
    )
    _error(http.post("/groups", json={**GROUP, "colour": "red"}), 400, "Request_BadRequest")
    _error(http.post("/groups", json={**GROUP, "mailEnabled": "no"}), 400, "Request_BadRequest")
    _error(http.post("/groups", json={"displayName": "Y"}), 400, "Request_BadRequest")
    _error(http.post("/groups", json={**GROUP, "displayName": "x" * 257}), 400)
    _error(http.post("/groups", json={**GROUP, "mailNickname": "has space"}), 400)
    _error(http.post("/groups", json={**GROUP, "members@odata.bind": "not-a-list"}), 400)
    _error(
        http.post(
            "/groups",
            json={
                **GROUP,
                "groupTypes": ["DynamicMembership"],
                "membershipRule": "(user.department -eq",
            },
        ),
        400,
    )


def test_unknown_ids_and_paths(http: httpx.Client) -> None:
    _error(
        http.get("/groups/00000000-0000-0000-0000-000000000000"), 404, "Request_ResourceNotFound"
    )
    _error(http.get("/users/nobody@contoso.onmicrosoft.com"), 404)
    _error(http.get("/teams/00000000-0000-0000-0000-000000000000"), 404, "NotFound")
    _error(http.get("/sites/contoso.sharepoint.com,a,b"), 404)
    _error(http.get("/nothingHere"), 400, "BadRequest")
    _error(http.put("/users"), 405)
    _error(http.get("/groups/%2e%2e/%2e%2e/_admin/counters"), 400)
    _error(http.get("/groups/a%00b"), 400)
    _error(http.get("/users?$skiptoken=!!!"), 400)
    _error(http.get("/users?$top=abc"), 400)
    _error(http.get("/groups/delta?$deltatoken=%%%"), 400)


def test_huge_body(http: httpx.Client) -> None:
    huge = json.dumps({**GROUP, "description": "x" * (5 * 1024 * 1024)})
    _error(http.post("/groups", content=huge, headers={"Content-Type": "application/json"}), 413)


def test_admin_needs_token(local_tenant: LocalTenantHandle) -> None:
    response = httpx.post(f"{local_tenant.root_url}/_admin/reset")
    _error(response, 401)
    forged = httpx.get(
        f"{local_tenant.base_url}/groups", headers={"Authorization": "Bearer abc.def.ghi"}
    )
    _error(forged, 401, "InvalidAuthenticationToken")


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3)
    ),
    max_leaves=8,
)
_keys = st.sampled_from(
    [
        "displayName",
        "mailNickname",
        "mailEnabled",
        "securityEnabled",
        "groupTypes",
        "membershipRule",
        "owners@odata.bind",
        "visibility",
        "x",
    ]
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=st.dictionaries(_keys, _json, max_size=6))
def test_fuzzed_group_bodies_never_500(http: httpx.Client, body: dict[str, object]) -> None:
    response = http.post("/groups", json=body)
    assert response.status_code in (201, 400), response.text
    if response.status_code == 400:
        assert "error" in response.json()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(alphabet="abc'() eqnotandor/:$,0123456789-", max_size=40))
def test_fuzzed_filters_never_500(http: httpx.Client, text: str) -> None:
    response = http.get("/users", params={"$filter": text})
    assert response.status_code in (200, 400), response.text


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    requests=st.lists(
        st.dictionaries(
            st.sampled_from(["id", "method", "url", "body", "dependsOn", "headers"]),
            _json,
            max_size=6,
        ),
        max_size=4,
    )
)
def test_fuzzed_batches_never_500(http: httpx.Client, requests: list[dict[str, object]]) -> None:
    response = http.post("/$batch", json={"requests": requests})
    assert response.status_code in (200, 400), response.text


def test_me_needs_a_signed_in_user(http: httpx.Client) -> None:
    _error(http.get("/me"), 400, "BadRequest")
    assert http.get("/users").headers["OData-Version"] == "4.0"
