"""The tenant's objects in a stack's scope, read over plain Graph GETs, and the check that
they are exactly what the stack's state declares: one object per resource, no duplicate,
no orphan, each group's owners and members, each team's channels and their rosters."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from tenantctl.resources.context import is_guid
from tests.engine.demo_stack import DemoStack, TenantView

DYNAMIC = "pulumi-python:dynamic/tenantctl:"


@dataclass(frozen=True)
class GroupShape:
    """A group as the stack sees it: names and people, without ids."""

    display_name: str
    owners: frozenset[str]
    members: frozenset[str] | None  # None for a dynamic group: its rule decides


@dataclass(frozen=True)
class ChannelShape:
    """A channel by name: its kind, and the roster of a private or shared channel."""

    membership_type: str
    owners: frozenset[str]
    members: frozenset[str]


@dataclass(frozen=True)
class Snapshot:
    """Groups by mailNickname and, for those with a team, its channels by name."""

    groups: dict[str, GroupShape]
    teams: dict[str, dict[str, ChannelShape]]


def _people(values: Any) -> frozenset[str]:
    return frozenset(str(value).lower() for value in values or ())


def state_of(demo: DemoStack) -> list[dict[str, Any]]:
    """The Graph resources of the stack's checkpoint, each with its `kind`."""
    found = []
    for resource in demo.state_resources():
        kind = str(resource["type"])
        if kind.startswith(DYNAMIC):
            found.append({**resource, "kind": kind.removeprefix(DYNAMIC)})
    return found


def expected_snapshot(resources: list[dict[str, Any]], view: TenantView) -> Snapshot:
    """What the state says the tenant holds (members given by id named by their UPN)."""

    def people(values: Any) -> frozenset[str]:
        return frozenset(
            str(view.get(f"users/{value}")["userPrincipalName"]).lower()
            if is_guid(value)
            else value
            for value in _people(values)
        )

    groups: dict[str, GroupShape] = {}
    nickname_of: dict[str, str] = {}
    for resource in (r for r in resources if r["kind"] == "Group"):
        out = resource["outputs"]
        nickname = str(out["mail_nickname"]).lower()
        nickname_of[str(resource["id"])] = nickname
        dynamic = bool(out.get("membership_rule"))
        groups[nickname] = GroupShape(
            str(out["display_name"]),
            people(out.get("owners")),
            None if dynamic else people(out.get("members")),
        )
    teams: dict[str, dict[str, ChannelShape]] = {
        nickname_of[str(r["id"])]: _body_channels(r["outputs"]["body"])
        for r in resources
        if r["kind"] == "Team"
    }
    for resource in (r for r in resources if r["kind"] == "Channel"):
        out = resource["outputs"]
        channels = teams[nickname_of[str(out["team_id"])]]
        channels[str(out["display_name"])] = ChannelShape(
            str(out.get("membership_type") or "standard").lower(),
            people(out.get("owners")),
            people(out.get("members")),
        )
    return Snapshot(groups, teams)


def _body_channels(body: dict[str, Any]) -> dict[str, ChannelShape]:
    """The standard channels a team's creation body makes, General aside."""
    return {
        str(channel["displayName"]): ChannelShape("standard", frozenset(), frozenset())
        for channel in body.get("channels") or ()
        if channel["displayName"] != "General"
    }


def tenant_snapshot(view: TenantView, nicknames: set[str]) -> Snapshot:
    """What the tenant holds for these groups; fails on any duplicate group or channel."""
    by_nickname = view.groups_by_nickname()
    groups: dict[str, GroupShape] = {}
    teams: dict[str, dict[str, ChannelShape]] = {}
    for nickname in sorted(nicknames & set(by_nickname)):
        group = by_nickname[nickname]
        dynamic = bool(group.get("membershipRule"))
        path = f"groups/{group['id']}"
        groups[nickname] = GroupShape(
            str(group["displayName"]),
            frozenset(view.upns(f"{path}/owners")),
            None if dynamic else frozenset(view.upns(f"{path}/members")),
        )
        if view.has_team(group["id"]):
            teams[nickname] = {
                name: _channel(view, group["id"], channel)
                for name, channel in view.channels(group["id"]).items()
                if name != "General"
            }
    return Snapshot(groups, teams)


def _channel(view: TenantView, team_id: str, channel: dict[str, Any]) -> ChannelShape:
    kind = str(channel.get("membershipType") or "standard").lower()
    if kind == "standard":
        return ChannelShape(kind, frozenset(), frozenset())
    roster = view.roster(f"teams/{team_id}/channels/{channel['id']}/members")
    owners = frozenset(email for email, roles in roster.items() if "owner" in roles)
    return ChannelShape(kind, owners, frozenset(roster) - owners)


def assert_tenant_matches_stack(demo: DemoStack, view: TenantView) -> Snapshot:
    """The tenant holds exactly the stack's objects: same ids, no duplicates, same shape."""
    resources = state_of(demo)
    ids = Counter(str(r["id"]) for r in resources if r["kind"] in ("Group", "Channel"))
    assert [i for i, n in ids.items() if n > 1] == [], "two resources share one object"
    expected = expected_snapshot(resources, view)
    found = tenant_snapshot(view, set(expected.groups))
    by_nickname = view.groups_by_nickname()
    assert set(by_nickname) == set(expected.groups), "groups outside the stack, or missing"
    for resource in (r for r in resources if r["kind"] == "Group"):
        nickname = str(resource["outputs"]["mail_nickname"]).lower()
        assert by_nickname[nickname]["id"] == resource["id"], f"{nickname}: state id is stale"
    team_ids = Counter(str(team["id"]) for team in view.collection("teams"))
    state_teams = {str(r["id"]) for r in resources if r["kind"] == "Team"}
    assert dict(team_ids) == dict.fromkeys(state_teams, 1), "teams differ from the state"
    assert found == expected, differences(expected, found)
    return found


def differences(expected: Snapshot, found: Snapshot) -> str:
    """Each group or team whose shape differs, as `name: expected != found`."""
    lines = [
        f"{name}: {getattr(expected, part).get(name)} != {getattr(found, part).get(name)}"
        for part in ("groups", "teams")
        for name in sorted(set(getattr(expected, part)) | set(getattr(found, part)))
        if getattr(expected, part).get(name) != getattr(found, part).get(name)
    ]
    return "tenant differs from the stack:\n" + "\n".join(lines)
