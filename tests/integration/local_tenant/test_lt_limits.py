"""Graph's documented limits, enforced by the local tenant over HTTP: each one exactly at the
limit (accepted) and one past it (Graph's error code and message)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tenantctl.m365 import limits
from tests.support.crowds import add_channels, add_people, set_links
from tests.support.local_tenant_fixture import LocalTenantHandle

pytestmark = pytest.mark.integration

USERS = "https://graph.microsoft.com/v1.0/users"


@pytest.fixture
def graph(local_tenant: LocalTenantHandle) -> Iterator[httpx.Client]:
    """Graph on the local tenant with a token holding every application permission."""
    with httpx.Client(
        base_url=local_tenant.base_url,
        headers={"Authorization": f"Bearer {local_tenant.token()}"},
        timeout=120,
    ) as client:
        yield client


def refused(response: httpx.Response, code: str, words: str) -> None:
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["code"] == code
    assert words in error["message"]


def new_group(graph: httpx.Client, nickname: str, owners: list[str], **extra: Any) -> str:
    body = {
        "displayName": nickname.title(),
        "mailNickname": nickname,
        "mailEnabled": True,
        "securityEnabled": False,
        "groupTypes": ["Unified"],
        "owners@odata.bind": [f"{USERS}/{o}" for o in owners],
        **extra,
    }
    created = graph.post("/groups", json=body)
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


def new_team(graph: httpx.Client, nickname: str, owner: str) -> str:
    group_id = new_group(graph, nickname, [owner])
    assert graph.put(f"/groups/{group_id}/team", json={}).status_code == 201
    return group_id


def member(user_id: str, *roles: str) -> dict[str, Any]:
    return {
        "@odata.type": "#microsoft.graph.aadUserConversationMember",
        "roles": list(roles),
        "user@odata.bind": f"{USERS}('{user_id}')",
    }


# -- directory --------------------------------------------------------------------------------


def test_a_group_is_created_with_at_most_20_owners_and_members(
    local_tenant: LocalTenantHandle, graph: httpx.Client
) -> None:
    people = add_people(local_tenant, limits.GROUP_CREATE_LINKS_MAX + 1)
    at_limit = {"members@odata.bind": [f"{USERS}/{p}" for p in people[2:20]]}
    group_id = new_group(graph, "binds-twenty", people[:2], **at_limit)
    assert len(graph.get(f"/groups/{group_id}/members").json()["value"]) == 18

    past = {"members@odata.bind": [f"{USERS}/{p}" for p in people[2:]]}
    body = {
        "displayName": "Binds 21",
        "mailNickname": "binds-21",
        "mailEnabled": True,
        "securityEnabled": False,
        "groupTypes": ["Unified"],
        "owners@odata.bind": [f"{USERS}/{p}" for p in people[:2]],
        **past,
    }
    refused(graph.post("/groups", json=body), "Request_BadRequest", "at most 20 owners and members")


def test_one_patch_adds_at_most_20_members(
    local_tenant: LocalTenantHandle, graph: httpx.Client
) -> None:
    people = add_people(local_tenant, 2 * limits.GROUP_ADD_MEMBERS_MAX + 2)
    group_id = new_group(graph, "patch-binds", people[:1])
    twenty = [f"{USERS}/{p}" for p in people[1:21]]
    assert graph.patch(f"/groups/{group_id}", json={"members@odata.bind": twenty}).is_success

    twenty_one = [f"{USERS}/{p}" for p in people[21:]]
    answer = graph.patch(f"/groups/{group_id}", json={"members@odata.bind": twenty_one})
    refused(answer, "Request_BadRequest", "at most 20 members can be added in one request")
    assert len(graph.get(f"/groups/{group_id}/members").json()["value"]) == 20


def test_a_group_has_at_most_100_owners(
    local_tenant: LocalTenantHandle, graph: httpx.Client
) -> None:
    people = add_people(local_tenant, limits.GROUP_OWNERS_MAX + 1)
    group_id = new_group(graph, "many-owners", people[:1])
    set_links(local_tenant, group_id, people[: limits.GROUP_OWNERS_MAX - 1], [])

    hundredth = {"@odata.id": f"{USERS}/{people[99]}"}
    assert graph.post(f"/groups/{group_id}/owners/$ref", json=hundredth).status_code == 204
    one_more = {"@odata.id": f"{USERS}/{people[100]}"}
    answer = graph.post(f"/groups/{group_id}/owners/$ref", json=one_more)
    refused(answer, "Request_BadRequest", "already has 100 owners")


def test_a_membership_rule_has_at_most_3072_characters(graph: httpx.Client) -> None:
    def rule(length: int) -> str:
        head, tail = '(user.department -eq "', '")'
        return head + "x" * (length - len(head) - len(tail)) + tail

    def create(nickname: str, length: int) -> httpx.Response:
        body = {
            "displayName": nickname,
            "mailNickname": nickname,
            "mailEnabled": False,
            "securityEnabled": True,
            "groupTypes": ["DynamicMembership"],
            "membershipRule": rule(length),
            "membershipRuleProcessingState": "On",
        }
        return graph.post("/groups", json=body)

    assert create("rule-at-limit", limits.MEMBERSHIP_RULE_MAX).status_code == 201
    refused(
        create("rule-past-limit", limits.MEMBERSHIP_RULE_MAX + 1),
        "Request_BadRequest",
        "the rule is 3073 characters long; at most 3072",
    )


@pytest.mark.parametrize(
    ("field", "most"),
    [
        ("displayName", limits.DISPLAY_NAME_MAX),
        ("mailNickname", limits.MAIL_NICKNAME_MAX),
        ("description", limits.DESCRIPTION_MAX),
    ],
)
def test_a_groups_texts_stop_at_their_lengths(
    local_tenant: LocalTenantHandle, graph: httpx.Client, field: str, most: int
) -> None:
    owner = add_people(local_tenant, 1)[0]
    group_id = new_group(graph, "texts", [owner])
    at_limit = "t" * most
    assert graph.patch(f"/groups/{group_id}", json={field: at_limit}).is_success
    assert graph.get(f"/groups/{group_id}").json()[field] == at_limit
    answer = graph.patch(f"/groups/{group_id}", json={field: "t" * (most + 1)})
    refused(answer, "Request_BadRequest", f"the maximum length is {most}")


def test_expand_returns_at_most_20_members(
    local_tenant: LocalTenantHandle, graph: httpx.Client
) -> None:
    people = add_people(local_tenant, limits.EXPAND_ITEMS_MAX + 2)
    group_id = new_group(graph, "expanded", people[:1])
    for count in (limits.EXPAND_ITEMS_MAX, limits.EXPAND_ITEMS_MAX + 1):
        set_links(local_tenant, group_id, people[:1], people[1 : count + 1])
        expanded = graph.get(f"/groups/{group_id}?$expand=members").json()["members"]
        assert len(expanded) == limits.EXPAND_ITEMS_MAX


def test_a_batch_holds_at_most_20_requests(graph: httpx.Client) -> None:
    def batch(count: int) -> httpx.Response:
        requests = [{"id": str(n), "method": "GET", "url": "/users?$top=1"} for n in range(count)]
        return graph.post("/$batch", json={"requests": requests})

    answered = batch(limits.BATCH_REQUESTS_MAX)
    assert answered.status_code == 200
    assert [r["status"] for r in answered.json()["responses"]] == [200] * 20
    refused(batch(limits.BATCH_REQUESTS_MAX + 1), "BadRequest", "exceeds the limit of 20")


# -- teams ------------------------------------------------------------------------------------


def test_a_team_has_at_most_25000_members(
    local_tenant: LocalTenantHandle, graph: httpx.Client
) -> None:
    people = add_people(local_tenant, limits.TEAM_MEMBERS_MAX + 2)
    team_id = new_team(graph, "everyone", people[0])
    set_links(local_tenant, team_id, people[:1], people[1 : limits.TEAM_MEMBERS_MAX - 1])

    last = {"@odata.id": f"{USERS}/{people[limits.TEAM_MEMBERS_MAX - 1]}"}
    assert graph.post(f"/groups/{team_id}/members/$ref", json=last).status_code == 204
    one_more = {"@odata.id": f"{USERS}/{people[limits.TEAM_MEMBERS_MAX]}"}
    refused(
        graph.post(f"/groups/{team_id}/members/$ref", json=one_more),
        "Request_BadRequest",
        "already has 25,000 members and owners",
    )
    through_teams = graph.post(
        f"/teams/{team_id}/members", json=member(people[limits.TEAM_MEMBERS_MAX + 1])
    )
    refused(through_teams, "Request_BadRequest", "the most a team can have")
    # An owner already counted is no new person: a member may still be made owner.
    promoted = {"@odata.id": f"{USERS}/{people[1]}"}
    assert graph.post(f"/groups/{team_id}/owners/$ref", json=promoted).status_code == 204


def test_a_team_has_at_most_100_owners(
    local_tenant: LocalTenantHandle, graph: httpx.Client
) -> None:
    people = add_people(local_tenant, limits.TEAM_OWNERS_MAX + 1)
    team_id = new_team(graph, "owners", people[0])
    set_links(local_tenant, team_id, people[: limits.TEAM_OWNERS_MAX - 1], [])

    hundredth = member(people[limits.TEAM_OWNERS_MAX - 1], "owner")
    assert graph.post(f"/teams/{team_id}/members", json=hundredth).status_code == 201
    answer = graph.post(f"/teams/{team_id}/members", json=member(people[-1], "owner"))
    refused(answer, "BadRequest", "already has 100 owners")
    members = graph.get(f"/teams/{team_id}/members?$top=999").json()["value"]
    assert sum("owner" in m["roles"] for m in members) == limits.TEAM_OWNERS_MAX


def test_a_team_has_at_most_1000_channels_deleted_ones_included_for_30_days(
    local_tenant: LocalTenantHandle, graph: httpx.Client
) -> None:
    owner = add_people(local_tenant, 1)[0]
    team_id = new_team(graph, "channels", owner)
    add_channels(local_tenant, team_id, limits.TEAM_CHANNELS_MAX - 2)  # and General

    last = graph.post(f"/teams/{team_id}/channels", json={"displayName": "Le millième"})
    assert last.status_code == 201
    one_more = graph.post(f"/teams/{team_id}/channels", json={"displayName": "Encore un"})
    refused(one_more, "BadRequest", "already has 1,000 channels")

    assert graph.delete(f"/teams/{team_id}/channels/{last.json()['id']}").status_code == 204
    still_counted = graph.post(f"/teams/{team_id}/channels", json={"displayName": "Encore un"})
    refused(still_counted, "BadRequest", "deleted channels included for 30 days")

    older = time.time() - limits.DELETED_CHANNEL_KEPT.total_seconds() - 1
    local_tenant.admin.patch_object("deletedchannel", last.json()["id"], {"_deletedAt": older})
    after_30_days = graph.post(f"/teams/{team_id}/channels", json={"displayName": "Encore un"})
    assert after_30_days.status_code == 201


@pytest.mark.parametrize(
    ("kind", "most"),
    [
        ("private", limits.PRIVATE_CHANNEL_MEMBERS_MAX),
        ("shared", limits.SHARED_CHANNEL_MEMBERS_MAX),
    ],
)
def test_a_channel_roster_stops_at_its_limit(
    local_tenant: LocalTenantHandle, graph: httpx.Client, kind: str, most: int
) -> None:
    people = add_people(local_tenant, most + 2)
    team_id = new_team(graph, f"{kind}-roster", people[0])
    set_links(local_tenant, team_id, people[:1], people[1:])
    roster = [member(people[0], "owner"), *(member(p) for p in people[1:most])]

    past = graph.post(
        f"/teams/{team_id}/channels",
        json={
            "displayName": "Trop",
            "membershipType": kind,
            "members": [*roster, member(people[most])],
        },
    )
    refused(past, "BadRequest", f"A {kind} channel can have at most {most:,} members")
    created = graph.post(
        f"/teams/{team_id}/channels",
        json={"displayName": "Tout le monde", "membershipType": kind, "members": roster},
    )
    assert created.status_code == 201, created.text
    channel_id = created.json()["id"]
    stored = local_tenant.admin.call("GET", f"/_admin/objects/channelmember?parent={channel_id}")
    assert len(stored.json()["value"]) == most

    answer = graph.post(
        f"/teams/{team_id}/channels/{channel_id}/members", json=member(people[most])
    )
    refused(answer, "BadRequest", f"at most {most:,} members")


@pytest.mark.parametrize(
    ("field", "most"),
    [("displayName", limits.DISPLAY_NAME_MAX), ("description", limits.DESCRIPTION_MAX)],
)
def test_a_teams_texts_stop_at_their_lengths(
    local_tenant: LocalTenantHandle, graph: httpx.Client, field: str, most: int
) -> None:
    team_id = new_team(graph, "team-texts", add_people(local_tenant, 1)[0])
    assert graph.patch(f"/teams/{team_id}", json={field: "é" * most}).status_code == 204
    assert graph.get(f"/teams/{team_id}").json()[field] == "é" * most
    answer = graph.patch(f"/teams/{team_id}", json={field: "é" * (most + 1)})
    refused(answer, "BadRequest", f"the maximum length is {most}")


@pytest.mark.parametrize(
    ("name", "accepted"),
    [
        ("c" * limits.CHANNEL_NAME_MAX, True),
        ("L'équipe d'Anaïs", False),
        ("c" * (limits.CHANNEL_NAME_MAX + 1), False),
        ("Forms", False),
        ("Réunions 🗓", True),
    ],
)
def test_a_channel_name_follows_teams_rules(
    local_tenant: LocalTenantHandle, graph: httpx.Client, name: str, accepted: bool
) -> None:
    team_id = new_team(graph, "names", add_people(local_tenant, 1)[0])
    answer = graph.post(f"/teams/{team_id}/channels", json={"displayName": name})
    if accepted:
        assert answer.status_code == 201, answer.text
    else:
        refused(answer, "BadRequest", f"Channel name '{name}' is invalid: it ")
