"""The Graph layer at each of Graph's limits, against the local tenant: exactly at the limit the
providers succeed; just past it their check refuses the inputs, or they split the requests,
or Graph's refusal reaches the caller in one clear message."""

from __future__ import annotations

from typing import Any

import pytest

from tenantctl.graph import GraphError
from tenantctl.m365 import limits
from tests.integration.graph_layer.conftest import MakeProvider, make_team, team_body
from tests.support.crowds import add_channels, add_people, set_links
from tests.support.local_tenant_fixture import LocalTenantHandle

pytestmark = pytest.mark.integration


def upns(tenant: LocalTenantHandle, tag: str, count: int) -> list[str]:
    """UPNs of `count` new users (see `add_people`)."""
    add_people(tenant, count, tag)
    domain = tenant.admin.call("GET", "/_admin/health").json()["domain"]
    return [f"{tag}.{n}@{domain}" for n in range(count)]


def failure(make: MakeProvider, resource: str, **inputs: Any) -> dict[str, str]:
    """Check failures of `inputs` for a kind of resource, by property."""
    return {f.property: f.reason for f in make(resource).check({}, inputs).failures}


def batches(tenant: LocalTenantHandle) -> int:
    return int(tenant.admin.counters()["routes"].get("batch.batch", 0))


# -- groups -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("count", "sent"), [(20, 2), (21, 4)])
def test_members_beyond_a_batch_are_added_in_batches_of_20(
    local_tenant: LocalTenantHandle, provider: MakeProvider, count: int, sent: int
) -> None:
    owner, *joined = upns(local_tenant, f"chunk{count}", count + 1)
    group = provider("Group")
    inputs = {"display_name": "Lots", "mail_nickname": f"lots-{count}", "kind": "security"}
    created = group.create(group.check({}, {**inputs, "owners": [owner]}).inputs)
    local_tenant.admin.call("DELETE", "/_admin/counters")

    news = group.check({}, {**inputs, "owners": [owner], "members": joined}).inputs
    group.update(created.id, created.outs, news)

    # The new members' ids looked up, then their links added: 20 requests at most a batch.
    assert batches(local_tenant) == sent
    assert sorted(group.read(created.id, news).outs["members"]) == sorted(joined)


def test_a_group_has_at_most_100_owners(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    people = upns(local_tenant, "owner", limits.GROUP_OWNERS_MAX + 1)
    group = provider("Group")
    inputs = {"display_name": "Cent", "mail_nickname": "cent", "owners": people[:100]}
    created = group.create(group.check({}, inputs).inputs)
    assert len(group.read(created.id, created.outs).outs["owners"]) == limits.GROUP_OWNERS_MAX

    past = failure(provider, "Group", **{**inputs, "owners": people})
    assert past == {
        "owners": "Group 'cent': owners names 101 people; a group has at most 100 owners"
    }


def test_a_team_holds_at_most_25000_people_and_graphs_refusal_says_so(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    people = add_people(local_tenant, limits.TEAM_MEMBERS_MAX + 1)
    team_id = make_team(provider, local_tenant, "everyone")
    owners, joined = people[:1], people[1 : limits.TEAM_MEMBERS_MAX - 1]
    set_links(local_tenant, team_id, owners, joined)
    group = provider("Group")
    inputs = {"display_name": "Everyone", "mail_nickname": "everyone", "owners": owners}
    olds = group.check({}, {**inputs, "members": joined}).inputs

    full = group.check({}, {**inputs, "members": people[1 : limits.TEAM_MEMBERS_MAX]}).inputs
    group.update(team_id, olds, full)
    live = local_tenant.admin.objects("grouplinks")
    assert [len(row["body"]["members"]) for row in live if row["id"] == team_id] == [24_999]

    past = group.check({}, {**inputs, "members": people[1:]}).inputs
    with pytest.raises(GraphError) as refused:
        group.update(team_id, full, past)
    assert refused.value.status == 400
    assert "already has 25,000 members and owners, the most a team can have" in str(refused.value)


def test_a_membership_rule_has_at_most_3072_characters(provider: MakeProvider) -> None:
    def rule(length: int) -> str:
        head, tail = '(user.department -eq "', '")'
        return head + "d" * (length - len(head) - len(tail)) + tail

    inputs = {"display_name": "Règle", "mail_nickname": "regle", "kind": "security"}
    group = provider("Group")
    at_limit = rule(limits.MEMBERSHIP_RULE_MAX)
    created = group.create(group.check({}, {**inputs, "membership_rule": at_limit}).inputs)
    assert group.read(created.id, created.outs).outs["membership_rule"] == at_limit

    past = failure(
        provider, "Group", **inputs, membership_rule=rule(limits.MEMBERSHIP_RULE_MAX + 1)
    )
    assert past == {
        "membership_rule": "Group 'regle': membership_rule is 3073 characters long; "
        "Graph allows 3072"
    }


@pytest.mark.parametrize(
    ("field", "most", "value"),
    [
        ("display_name", limits.DISPLAY_NAME_MAX, "Équipe d'Anaïs "),
        ("description", limits.DESCRIPTION_MAX, "L'été à Noël — "),
    ],
)
def test_a_groups_texts_stop_at_their_lengths(
    local_tenant: LocalTenantHandle, provider: MakeProvider, field: str, most: int, value: str
) -> None:
    text = (value * most)[:most]
    group = provider("Group")
    inputs = {"display_name": "Textes", "mail_nickname": f"textes-{field}", field: text}
    created = group.create(group.check({}, inputs).inputs)
    assert group.read(created.id, created.outs).outs[field] == text

    past = failure(provider, "Group", **{**inputs, field: text + "x"})
    assert past[field].endswith(f"{field} is {most + 1} characters long; Graph allows {most}")


def test_a_mail_nickname_has_at_most_64_characters(provider: MakeProvider) -> None:
    nickname = "n" * limits.MAIL_NICKNAME_MAX
    group = provider("Group")
    created = group.create(group.check({}, {"display_name": "N", "mail_nickname": nickname}).inputs)
    assert group.read(created.id, created.outs).outs["mail_nickname"] == nickname

    past = failure(provider, "Group", display_name="N", mail_nickname=nickname + "n")
    assert past["mail_nickname"].endswith("is 65 characters long, over Graph's limit of 64")


# -- teams ------------------------------------------------------------------------------------


def test_a_team_has_at_most_100_owners(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    captains = add_people(local_tenant, limits.TEAM_OWNERS_MAX + 1, "captain")
    team_id = make_team(provider, local_tenant, "captains")
    set_links(local_tenant, team_id, captains[: limits.TEAM_OWNERS_MAX - 1], [])
    member = provider("TeamMember")

    hundredth = {"team_id": team_id, "user": captains[99], "role": "owner"}
    assert member.create(member.check({}, hundredth).inputs).outs["user_id"]
    with pytest.raises(GraphError) as refused:
        member.create(member.check({}, {**hundredth, "user": captains[100]}).inputs)
    assert "The team already has 100 owners, the most a team can have" in str(refused.value)


@pytest.mark.parametrize(
    ("field", "most"),
    [("displayName", limits.DISPLAY_NAME_MAX), ("description", limits.DESCRIPTION_MAX)],
)
def test_a_teams_texts_stop_at_their_lengths(
    local_tenant: LocalTenantHandle, provider: MakeProvider, field: str, most: int
) -> None:
    group_id = make_team(provider, local_tenant, f"team-{field.lower()}")
    team = provider("Team")
    body = team_body("Textes", **{field: "ü" * most})
    created = team.create(team.check({}, {"group_id": group_id, "body": body}).inputs)
    assert team.read(created.id, created.outs).outs["body"][field] == "ü" * most

    past = failure(provider, "Team", group_id=group_id, body={**body, field: "ü" * (most + 1)})
    assert past["body"].endswith(
        f"body has a {field} of {most + 1} characters; Teams allows {most}"
    )


def test_a_team_has_at_most_1000_channels(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    team_id = make_team(provider, local_tenant, "channels")
    add_channels(local_tenant, team_id, limits.TEAM_CHANNELS_MAX - 2)  # and General
    channel = provider("Channel")

    last = channel.create(channel.check({}, {"team_id": team_id, "display_name": "Dernier"}).inputs)
    assert last.outs["channel_id"]
    with pytest.raises(GraphError) as refused:
        channel.create(channel.check({}, {"team_id": team_id, "display_name": "De trop"}).inputs)
    assert "The team already has 1,000 channels" in str(refused.value)


@pytest.mark.parametrize(
    ("name", "accepted"),
    [("n" * limits.CHANNEL_NAME_MAX, True), ("Réunions d\u2019équipe 🗓", True), ("n" * 51, False)],
)
def test_a_channel_name_stops_at_50_characters(
    local_tenant: LocalTenantHandle, provider: MakeProvider, name: str, accepted: bool
) -> None:
    inputs = {"team_id": make_team(provider, local_tenant, "names"), "display_name": name}
    if accepted:
        channel = provider("Channel")
        created = channel.create(channel.check({}, inputs).inputs)
        assert channel.read(created.id, created.outs).outs["display_name"] == name
    else:
        assert failure(provider, "Channel", **inputs)["display_name"].endswith(
            "is 51 characters long, over Teams' limit of 50"
        )


@pytest.mark.parametrize(
    ("kind", "most"),
    [
        ("private", limits.PRIVATE_CHANNEL_MEMBERS_MAX),
        ("shared", limits.SHARED_CHANNEL_MEMBERS_MAX),
    ],
)
def test_a_channel_roster_stops_at_its_limit(
    local_tenant: LocalTenantHandle, provider: MakeProvider, kind: str, most: int
) -> None:
    people = add_people(local_tenant, most + 1)
    team_id = make_team(provider, local_tenant, f"{kind}-roster")
    set_links(local_tenant, team_id, people[:1], people[1:])
    inputs = {
        "team_id": team_id,
        "display_name": "Tout le monde",
        "membership_type": kind,
        "owners": people[:1],
        "members": people[1:most],
    }

    channel = provider("Channel")
    created = channel.create(channel.check({}, inputs).inputs)
    roster = local_tenant.admin.call(
        "GET", f"/_admin/objects/channelmember?parent={created.outs['channel_id']}"
    )
    assert len(roster.json()["value"]) == most

    past = failure(provider, "Channel", **{**inputs, "members": people[1:]})
    assert past == {
        "members": f"Channel 'Tout le monde': members and owners name {most + 1:,} people; "
        f"a {kind} channel has at most {most:,}"
    }
