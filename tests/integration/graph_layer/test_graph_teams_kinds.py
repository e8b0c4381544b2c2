"""Teams, their settings, channels and members through the providers, on the local tenant."""

from __future__ import annotations

import pytest

from tests.integration.graph_layer.conftest import (
    MakeProvider,
    lifecycle,
    make_group,
    make_team,
    members,
    team_body,
)
from tests.support.local_tenant_fixture import LocalTenantHandle

pytestmark = pytest.mark.integration


def test_a_team_from_a_group_through_the_async_operation(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    local_tenant.admin.set_behaviour(team_provision_s=1)
    group_id = make_group(provider, local_tenant, "ops")
    local_tenant.admin.call("DELETE", "/_admin/counters")
    body = team_body("Ops", channels=[{"displayName": "Plans", "description": "Plans"}])

    outcome = lifecycle(
        provider("Team"),
        {"group_id": group_id, "body": body, "retain_on_delete": False},
        {"body": {**body, "displayName": "Operations", "funSettings": {"allowGiphy": False}}},
    )

    assert outcome.id == group_id
    assert outcome.created["team_id"] == group_id
    assert local_tenant.admin.counters()["routes"]["teams.teams.operations.get"] >= 2
    assert outcome.reread["body"]["displayName"] == "Operations"
    assert local_tenant.admin.call("GET", f"/v1.0/groups/{group_id}").status_code == 404


def test_a_team_is_kept_when_its_resource_is_deleted(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    team_id = make_team(provider, local_tenant, "kept-team")
    team = provider("Team")
    team.delete(team_id, {"group_id": team_id, "body": team_body("x"), "retain_on_delete": True})
    assert local_tenant.admin.graph("GET", f"/teams/{team_id}")["id"] == team_id


def test_a_team_archived_by_hand_is_read_archived_and_unarchived_by_its_update(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    team = provider("Team")
    group_id = make_group(provider, local_tenant, "archived")
    news = team.check({}, {"group_id": group_id, "body": team_body("Archived")}).inputs
    created = team.create(news)
    local_tenant.admin.graph("POST", f"/teams/{group_id}/archive", {})

    refreshed = team.read(created.id, created.outs)
    assert refreshed.outs["archived"] is True
    assert team.diff(created.id, refreshed.outs, news).changes is True
    changed = team.check(refreshed.outs, {**news, "body": {**news["body"], "description": "x"}})
    updated = team.update(created.id, refreshed.outs, changed.inputs)

    live = local_tenant.admin.graph("GET", f"/teams/{group_id}")
    assert (live["isArchived"], live["description"]) == (False, "x")
    reread = team.read(created.id, updated.outs)
    assert team.diff(created.id, reread.outs, changed.inputs).changes is False


def members_read_only(local_tenant: LocalTenantHandle, group_id: str) -> bool:
    """Whether the group's site is read-only for members (Graph shows it nowhere)."""
    (site,) = (s["body"] for s in local_tenant.admin.objects("site") if s["parent"] == group_id)
    return bool(site.get("_membersReadOnly", False))


def test_a_team_archived_with_its_site_read_only_for_members_then_unarchived_by_its_team(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    team = provider("Team")
    group_id = make_group(provider, local_tenant, "archive-l-ete")
    active = team.check({}, {"group_id": group_id, "body": team_body("L'Été")}).inputs
    created = team.create(active)
    archive = provider("TeamArchive")
    declared = archive.check({}, {"team_id": group_id, "site_read_only": True}).inputs

    assert archive.create(declared).id == group_id
    live = local_tenant.admin.graph("GET", f"/teams/{group_id}")
    assert live["isArchived"] is True
    assert members_read_only(local_tenant, group_id) is True
    assert archive.read(group_id, {"team_id": group_id}).outs == {
        "team_id": group_id,
        "site_read_only": False,  # not readable from Graph: kept as held
    }
    assert archive.create(declared).id == group_id  # found archived: no second archive

    archived = {**active, "archived": True}
    refreshed = team.read(created.id, created.outs).outs
    assert team.diff(created.id, refreshed, archived).changes is False
    team.update(created.id, refreshed, active)  # the space says archived: false
    assert local_tenant.admin.graph("GET", f"/teams/{group_id}")["isArchived"] is False
    assert members_read_only(local_tenant, group_id) is False
    gone = archive.read(group_id, {"team_id": group_id})
    assert (gone.id, gone.outs) == ("", {})  # refresh drops it: up archives again


def test_team_settings(local_tenant: LocalTenantHandle, provider: MakeProvider) -> None:
    team_id = make_team(provider, local_tenant, "settings")
    outcome = lifecycle(
        provider("TeamSettings"),
        {"team_id": team_id, "messaging_settings": {"allow_user_delete_messages": False}},
        {
            "messaging_settings": {"allow_user_delete_messages": True},
            "guest_settings": {"allow_delete_channels": False},
        },
    )
    live = local_tenant.admin.graph("GET", f"/teams/{team_id}")
    assert live["messagingSettings"]["allowUserDeleteMessages"] is True
    assert outcome.reread["guest_settings"] == {"allow_delete_channels": False}  # as declared


def test_a_standard_channel(local_tenant: LocalTenantHandle, provider: MakeProvider) -> None:
    team_id = make_team(provider, local_tenant, "channels")
    outcome = lifecycle(
        provider("Channel"),
        {"team_id": team_id, "display_name": "Budget 2027", "description": "Draft budget"},
        {"display_name": "Budget 2027 (final)"},
    )
    assert outcome.reread["display_name"] == "Budget 2027 (final)"
    channels = local_tenant.admin.graph("GET", f"/teams/{team_id}/channels")["value"]
    assert [c["displayName"] for c in channels if c["displayName"].startswith("Budget")] == []


@pytest.mark.parametrize("kind", ["private", "shared"])
def test_a_private_or_shared_channel_with_its_owners(
    local_tenant: LocalTenantHandle, provider: MakeProvider, kind: str
) -> None:
    team_id = make_team(provider, local_tenant, f"roster-{kind}")
    people = [p.lower() for p in members(local_tenant, 4)]
    outcome = lifecycle(
        provider("Channel"),
        {
            "team_id": team_id,
            "display_name": "Staff",
            "membership_type": kind,
            "owners": people[:1],
            "members": people[2:3],
        },
        {"owners": people[:2], "members": []},
    )
    assert outcome.reread["owners"] == sorted(people[:2])
    assert outcome.reread["members"] == []


def test_a_team_member_and_their_role(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    team_id = make_team(provider, local_tenant, "members")
    newcomer = members(local_tenant, 6)[5]
    outcome = lifecycle(
        provider("TeamMember"),
        {"team_id": team_id, "user": newcomer, "role": "member"},
        {"role": "owner"},
    )
    assert outcome.reread["role"] == "owner"
    roster = local_tenant.admin.graph("GET", f"/teams/{team_id}/members")["value"]
    assert outcome.created["user_id"] not in [m.get("userId") for m in roster]


@pytest.mark.parametrize(
    ("kind", "inputs", "prop", "words"),
    [
        ("Channel", {"team_id": "t", "display_name": "Q&A"}, "display_name", "Channel 'Q&A'"),
        (
            "Channel",
            {"team_id": "t", "display_name": "HR", "membership_type": "private"},
            "owners",
            "needs at least one owner",
        ),
        (
            "Team",
            {"group_id": "g", "body": team_body("X", template="classroom")},
            "body",
            "unknown template 'classroom'",
        ),
        ("Group", {"display_name": "X", "mail_nickname": "a b"}, "mail_nickname", "Group 'a b'"),
    ],
)
def test_inputs_graph_would_refuse_fail_in_check_without_a_request(
    local_tenant: LocalTenantHandle,
    provider: MakeProvider,
    kind: str,
    inputs: dict[str, object],
    prop: str,
    words: str,
) -> None:
    local_tenant.admin.call("DELETE", "/_admin/counters")
    failures = provider(kind).check({}, inputs).failures
    assert [f.property for f in failures] == [prop]
    assert words in failures[0].reason
    assert local_tenant.admin.counters()["total"] == 0


def test_a_guest_is_a_team_member_without_a_perpetual_diff(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    team_id = make_team(provider, local_tenant, "with-guest")
    invite = provider("GuestInvitation")
    guest = invite.create(
        invite.check({}, {"email": "eva@partner.example", "display_name": "Eva"}).inputs
    )
    member = provider("TeamMember")
    inputs = member.check({}, {"team_id": team_id, "user": guest.id, "role": "member"}).inputs

    created = member.create(inputs)
    live = member.read(created.id, created.outs).outs

    assert live["role"] == "member"
    assert member.diff(created.id, live, inputs).changes is False
