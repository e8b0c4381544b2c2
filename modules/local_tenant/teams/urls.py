"""Teams routes (their permissions: `local_tenant.permissions.ROUTES`)."""

from __future__ import annotations

import json

from local_tenant.protocol import parse_bind
from local_tenant.router import Call, Route, RouteSet
from local_tenant.teams import responses as r
from local_tenant.teams.host import TeamsHost


def _team(call: Call[TeamsHost]) -> list[tuple[str, str]]:
    return [("group", call.params.get("team") or call.params["id"])]


def _bound_group(call: Call[TeamsHost]) -> list[tuple[str, str]]:
    try:
        bind = json.loads(call.request.body or b"{}").get("group@odata.bind")
        group = parse_bind(bind, "groups") if bind else None
    except (ValueError, AttributeError):
        return []
    return [("group", group), ("owners", group)] if group else []


def _group_with_owners(call: Call[TeamsHost]) -> list[tuple[str, str]]:
    return [("group", call.params["id"]), ("owners", call.params["id"])]


def routes() -> list[Route]:
    s = RouteSet("teams", forbidden_code="Forbidden")
    add = s.add
    add("POST", "/teams", r.create_team, name="teams.create", replicas=_bound_group)
    add("GET", "/teams", r.list_teams, name="teams.list")
    add("GET", "/teams/{team}", r.get_team, name="teams.get", replicas=_team)
    add(
        "PATCH",
        "/teams/{team}",
        r.update_team,
        name="teams.update",
        replicas=_team,
    )
    add(
        "POST",
        "/teams/{team}/archive",
        r.archive,
        name="teams.archive",
    )
    add(
        "POST",
        "/teams/{team}/unarchive",
        r.unarchive,
        name="teams.unarchive",
    )
    add(
        "GET",
        "/teams/{team}/operations/{op}",
        r.get_operation,
        name="teams.operations.get",
    )
    add(
        "GET",
        "/groups/{id}/team",
        r.get_group_team,
        name="groups.team.get",
        replicas=_team,
    )
    add(
        "PUT",
        "/groups/{id}/team",
        r.put_group_team,
        name="groups.team.put",
        replicas=_group_with_owners,
    )
    add(
        "GET",
        "/teams/{team}/primaryChannel",
        r.primary_channel,
        name="teams.primaryChannel",
    )
    add(
        "GET",
        "/teams/{team}/channels",
        r.list_channels,
        name="channels.list",
        replicas=_team,
    )
    add(
        "POST",
        "/teams/{team}/channels",
        r.create_channel,
        name="channels.create",
        replicas=_team,
    )
    add(
        "GET",
        "/teams/{team}/channels/{channel}",
        r.get_channel,
        name="channels.get",
    )
    add(
        "PATCH",
        "/teams/{team}/channels/{channel}",
        r.update_channel,
        name="channels.update",
    )
    add(
        "DELETE",
        "/teams/{team}/channels/{channel}",
        r.delete_channel,
        name="channels.delete",
    )
    add(
        "GET",
        "/teams/{team}/channels/{channel}/filesFolder",
        r.files_folder,
        name="channels.filesFolder",
    )
    add(
        "GET",
        "/teams/{team}/channels/{channel}/members",
        r.list_channel_members,
        name="channels.members.list",
    )
    add(
        "POST",
        "/teams/{team}/channels/{channel}/members",
        r.add_channel_member,
        name="channels.members.add",
    )
    add(
        "PATCH",
        "/teams/{team}/channels/{channel}/members/{member}",
        r.update_channel_member,
        name="channels.members.update",
    )
    add(
        "DELETE",
        "/teams/{team}/channels/{channel}/members/{member}",
        r.remove_channel_member,
        name="channels.members.remove",
    )
    add(
        "GET",
        "/teams/{team}/members",
        r.list_members,
        name="members.list",
        replicas=_team,
    )
    add(
        "POST",
        "/teams/{team}/members",
        r.add_member,
        name="members.add",
    )
    add(
        "GET",
        "/teams/{team}/members/{member}",
        r.get_member,
        name="members.get",
    )
    add(
        "PATCH",
        "/teams/{team}/members/{member}",
        r.update_member,
        name="members.update",
    )
    add(
        "DELETE",
        "/teams/{team}/members/{member}",
        r.remove_member,
        name="members.remove",
    )
    return s.routes
