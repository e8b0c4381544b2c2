"""Paging of users and groups (learn.microsoft.com/graph/paging): following ``@odata.nextLink``
reads every object once, in the same order as one large page, even when objects are added or
removed between two pages, and ``$skiptoken`` values written by earlier servers still resume."""

from __future__ import annotations

import base64
import json
from typing import Any

import httpx
import pytest

from tests.support.local_tenant_fixture import LocalTenantHandle

pytestmark = pytest.mark.integration


def _old_skiptoken(offset: int) -> str:
    """A ``$skiptoken`` as the local tenant wrote it before pages carried a key: an offset."""
    return base64.urlsafe_b64encode(json.dumps({"o": offset}).encode()).decode().rstrip("=")


async def _follow(
    http: httpx.AsyncClient, url: str, headers: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    """Every object of a listing, following nextLinks."""
    seen: list[dict[str, Any]] = []
    while True:
        response = await http.get(url, headers=headers)
        assert response.status_code == 200, response.text
        body = response.json()
        seen.extend(body["value"])
        if "@odata.nextLink" not in body:
            return seen
        url = body["@odata.nextLink"]


@pytest.fixture
async def http(local_tenant: LocalTenantHandle) -> Any:
    local_tenant.admin.reset({"seed": 3, "users": 25, "guests": 0})
    async with httpx.AsyncClient(
        base_url=local_tenant.base_url,
        headers={"Authorization": f"Bearer {local_tenant.token()}"},
    ) as client:
        yield client


async def test_pages_read_every_user_once_in_the_order_of_one_page(
    http: httpx.AsyncClient,
) -> None:
    whole = (await http.get("/users?$top=999&$select=id,department")).json()["value"]
    paged = await _follow(http, "/users?$top=7&$select=id,department")
    assert paged == whole and len(whole) == 25


async def test_users_added_and_removed_between_pages_move_no_other_user(
    http: httpx.AsyncClient,
) -> None:
    ids = [u["id"] for u in (await http.get("/users?$top=999&$select=id")).json()["value"]]
    first = (await http.get("/users?$top=10&$select=id")).json()
    assert [u["id"] for u in first["value"]] == ids[:10]
    assert (await http.delete(f"/users/{ids[2]}")).status_code == 204
    assert (await http.delete(f"/users/{ids[15]}")).status_code == 204
    invited = await http.post(
        "/invitations",
        json={
            "invitedUserEmailAddress": "ada@fabrikam.example",
            "inviteRedirectUrl": "https://myapps.microsoft.com",
        },
    )
    assert invited.status_code == 201
    guest = invited.json()["invitedUser"]["id"]
    rest = [u["id"] for u in await _follow(http, first["@odata.nextLink"])]
    assert rest == [*ids[10:15], *ids[16:], guest]


async def test_filtered_pages_match_one_filtered_page(http: httpx.AsyncClient) -> None:
    query = "$filter=department eq 'Finance'&$select=id,department"
    whole = (await http.get(f"/users?$top=999&{query}")).json()["value"]
    paged = await _follow(http, f"/users?$top=2&{query}")
    assert paged == whole and len(whole) > 2
    assert all(u["department"] == "Finance" for u in paged)


async def test_equality_filters_match_without_regard_to_case_alone_or_combined(
    http: httpx.AsyncClient,
) -> None:
    everyone = (await http.get("/users?$top=999&$select=id,department,mail")).json()["value"]
    finance = [u["id"] for u in everyone if u["department"] == "Finance"]
    sales = [u["id"] for u in everyone if u["department"] in ("Finance", "Sales")]

    async def ids(expression: str) -> list[str]:
        found = await _follow(http, f"/users?$top=3&$select=id&$filter={expression}")
        return [u["id"] for u in found]

    async def advanced_ids(expression: str) -> list[str]:
        """An advanced query: `not` needs ConsistencyLevel: eventual and $count=true."""
        url = f"/users?$top=3&$select=id&$count=true&$filter={expression}"
        found = await _follow(http, url, {"ConsistencyLevel": "eventual"})
        return [u["id"] for u in found]

    assert finance and await ids("department eq 'FINANCE'") == finance
    assert await ids("(department eq 'finance')") == finance
    assert await ids("department eq 'Finance' and userType eq 'Member'") == finance
    assert await ids("department eq 'Finance' or department eq 'Sales'") == sales
    assert await advanced_ids("not department eq 'Finance'") == [
        u["id"] for u in everyone if u["id"] not in finance
    ]
    assert await ids(f"mail eq '{everyone[5]['mail'].upper()}'") == [everyone[5]["id"]]
    assert await ids("department eq 'Nowhere'") == []


async def test_an_offset_skiptoken_from_an_earlier_server_resumes_at_its_offset(
    http: httpx.AsyncClient,
) -> None:
    ids = [u["id"] for u in (await http.get("/users?$top=999&$select=id")).json()["value"]]
    token = _old_skiptoken(10)
    rest = await _follow(http, f"/users?$top=4&$select=id&$skiptoken={token}")
    assert [u["id"] for u in rest] == ids[10:]
    finance = "$filter=department eq 'Finance'&$select=id"
    matching = [u["id"] for u in (await http.get(f"/users?$top=999&{finance}")).json()["value"]]
    resumed = await _follow(http, f"/users?$top=999&{finance}&$skiptoken={_old_skiptoken(1)}")
    assert [u["id"] for u in resumed] == matching[1:]
    beyond = (await http.get(f"/users?$select=id&$skiptoken={_old_skiptoken(500)}")).json()
    assert beyond["value"] == [] and "@odata.nextLink" not in beyond


async def test_a_malformed_skiptoken_is_a_bad_request(http: httpx.AsyncClient) -> None:
    for token in ("not-a-token", _old_skiptoken(-1)):
        response = await http.get(f"/users?$select=id&$skiptoken={token}")
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "BadRequest"


async def test_group_pages_with_expand_read_every_group_once(
    local_tenant: LocalTenantHandle, http: httpx.AsyncClient
) -> None:
    for n in range(5):
        created = await http.post(
            "/groups",
            json={
                "displayName": f"Paging {n}",
                "mailEnabled": False,
                "mailNickname": f"paging{n}",
                "securityEnabled": True,
            },
        )
        assert created.status_code == 201
    whole = (await http.get("/groups?$top=999&$select=id&$expand=members")).json()["value"]
    paged = await _follow(http, "/groups?$top=2&$select=id&$expand=members")
    assert paged == whole and len(whole) >= 5


def _without_key(link: str) -> str:
    """A nextLink whose ``$skiptoken`` carries no key, as earlier servers wrote it."""
    base, _, token = link.partition("$skiptoken=")
    state = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    del state["k"]
    return base + "$skiptoken=" + base64.urlsafe_b64encode(json.dumps(state).encode()).decode()


async def test_a_user_changed_during_a_delta_round_moves_no_other_user(
    http: httpx.AsyncClient,
) -> None:
    ids = [u["id"] for u in (await http.get("/users?$top=999&$select=id")).json()["value"]]
    first = (await http.get("/users/delta?$top=10&$select=id")).json()
    assert [u["id"] for u in first["value"]] == ids[:10]
    assert (await http.patch(f"/users/{ids[3]}", json={"jobTitle": "Lead"})).status_code == 204
    rest = [u["id"] for u in await _follow(http, first["@odata.nextLink"])]
    assert rest == [*ids[10:], ids[3]]


async def test_a_user_changed_again_during_a_later_round_moves_no_other_user(
    http: httpx.AsyncClient,
) -> None:
    ids = [u["id"] for u in (await http.get("/users?$top=999&$select=id")).json()["value"]]
    url = "/users/delta?$top=2&$select=id"
    while True:
        body = (await http.get(url)).json()
        if "@odata.deltaLink" in body:
            break
        url = body["@odata.nextLink"]
    for n in (4, 5, 6):
        assert (await http.patch(f"/users/{ids[n]}", json={"city": "Leeds"})).status_code == 204
    first = (await http.get(body["@odata.deltaLink"])).json()
    assert [u["id"] for u in first["value"]] == [ids[4], ids[5]]
    assert (await http.patch(f"/users/{ids[4]}", json={"city": "York"})).status_code == 204
    rest = [u["id"] for u in await _follow(http, first["@odata.nextLink"])]
    assert rest == [ids[6], ids[4]]


async def test_a_delta_skiptoken_without_a_key_resumes_at_its_offset(
    http: httpx.AsyncClient,
) -> None:
    first = (await http.get("/users/delta?$top=10&$select=id")).json()
    keyed = await _follow(http, first["@odata.nextLink"])
    from_offset = await _follow(http, _without_key(first["@odata.nextLink"]))
    assert from_offset == keyed and len(keyed) == 15


async def test_group_delta_lists_every_member_of_a_large_group_in_order(
    local_tenant: LocalTenantHandle, http: httpx.AsyncClient
) -> None:
    local_tenant.admin.reset({"seed": 3, "users": 620, "guests": 0})
    users = [u["id"] for u in await _follow(http, "/users?$top=999&$select=id")]
    created = await http.post(
        "/groups",
        json={
            "displayName": "Everyone",
            "mailEnabled": False,
            "mailNickname": "everyone",
            "securityEnabled": True,
        },
    )
    group = created.json()["id"]
    local_tenant.admin.patch_object("grouplinks", group, {"members": users})
    rounds = await _follow(http, "/groups/delta?$select=id,members")
    listed = next(g for g in rounds if g["id"] == group)["members@delta"]
    assert [m["id"] for m in listed] == users
    assert {m["@odata.type"] for m in listed} == {"#microsoft.graph.user"}
