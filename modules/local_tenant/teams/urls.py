"""Teams routes and permissions (least privileged first), per learn.microsoft.com/graph/api/
team-post, team-list, team-get, team-update, team-put-teams, team-archive, team-unarchive,
teamsasyncoperation-get, channel-list, channel-post, channel-get, channel-patch, channel-delete,
team-get-primarychannel, channel-get-filesfolder, team-list-members, team-post-members,
team-update-members, team-delete-members, channel-list-members, channel-post-members,
channel-update-members, channel-delete-members.
"""

from __future__ import annotations

import json

from local_tenant.protocol import parse_bind
from local_tenant.router import Call, Route, RouteSet
from local_tenant.teams import responses as r


def _team(call: Call) -> list[tuple[str, str]]:
    return [("group", call.params.get("team") or call.params["id"])]


def _bound_group(call: Call) -> list[tuple[str, str]]:
    try:
        bind = json.loads(call.request.body or b"{}").get("group@odata.bind")
        group = parse_bind(bind, "groups") if bind else None
    except (ValueError, AttributeError):
        return []
    return [("group", group), ("owners", group)] if group else []


def _group_with_owners(call: Call) -> list[tuple[str, str]]:
    return [("group", call.params["id"]), ("owners", call.params["id"])]


def routes() -> list[Route]:
    s = RouteSet("teams", forbidden_code="Forbidden")
    add = s.add
    read_team = ("Team.ReadBasic.All",)
    add("POST", "/teams", r.create_team, "Team.Create", name="teams.create", replicas=_bound_group)
    add("GET", "/teams", r.list_teams, *read_team, name="teams.list")
    add("GET", "/teams/{team}", r.get_team, *read_team, name="teams.get", replicas=_team)
    add(
        "PATCH",
        "/teams/{team}",
        r.update_team,
        "TeamSettings.ReadWrite.All",
        name="teams.update",
        replicas=_team,
    )
    add(
        "POST",
        "/teams/{team}/archive",
        r.archive,
        "TeamSettings.ReadWrite.All",
        name="teams.archive",
    )
    add(
        "POST",
        "/teams/{team}/unarchive",
        r.unarchive,
        "TeamSettings.ReadWrite.All",
        name="teams.unarchive",
    )
    add(
        "GET",
        "/teams/{team}/operations/{op}",
        r.get_operation,
        *read_team,
        name="teams.operations.get",
    )
    add(
        "GET",
        "/groups/{id}/team",
        r.get_group_team,
        *read_team,
        name="groups.team.get",
        replicas=_team,
    )
    add(
        "PUT",
        "/groups/{id}/team",
        r.put_group_team,
        "Group.ReadWrite.All",
        name="groups.team.put",
        replicas=_group_with_owners,
    )
    add(
        "GET",
        "/teams/{team}/primaryChannel",
        r.primary_channel,
        "Channel.ReadBasic.All",
        name="teams.primaryChannel",
    )
    add(
        "GET",
        "/teams/{team}/channels",
        r.list_channels,
        "Channel.ReadBasic.All",
        name="channels.list",
        replicas=_team,
    )
    add(
        "POST",
        "/teams/{team}/channels",
        r.create_channel,
        "Channel.Create",
        name="channels.create",
        replicas=_team,
    )
    add(
        "GET",
        "/teams/{team}/channels/{channel}",
        r.get_channel,
        "Channel.ReadBasic.All",
        name="channels.get",
    )
    add(
        "PATCH",
        "/teams/{team}/channels/{channel}",
        r.update_channel,
        "ChannelSettings.ReadWrite.All",
        name="channels.update",
    )
    add(
        "DELETE",
        "/teams/{team}/channels/{channel}",
        r.delete_channel,
        "Channel.Delete.All",
        name="channels.delete",
    )
    add(
        "GET",
        "/teams/{team}/channels/{channel}/filesFolder",
        r.files_folder,
        "Files.Read.All",
        name="channels.filesFolder",
    )
    add(
        "GET",
        "/teams/{team}/channels/{channel}/members",
        r.list_channel_members,
        "ChannelMember.Read.All",
        name="channels.members.list",
    )
    add(
        "POST",
        "/teams/{team}/channels/{channel}/members",
        r.add_channel_member,
        "ChannelMember.ReadWrite.All",
        name="channels.members.add",
    )
    add(
        "PATCH",
        "/teams/{team}/channels/{channel}/members/{member}",
        r.update_channel_member,
        "ChannelMember.ReadWrite.All",
        name="channels.members.update",
    )
    add(
        "DELETE",
        "/teams/{team}/channels/{channel}/members/{member}",
        r.remove_channel_member,
        "ChannelMember.ReadWrite.All",
        name="channels.members.remove",
    )
    add(
        "GET",
        "/teams/{team}/members",
        r.list_members,
        "TeamMember.Read.All",
        name="members.list",
        replicas=_team,
    )
    add(
        "POST",
        "/teams/{team}/members",
        r.add_member,
        "TeamMember.ReadWrite.All",
        name="members.add",
    )
    add(
        "GET",
        "/teams/{team}/members/{member}",
        r.get_member,
        "TeamMember.Read.All",
        name="members.get",
    )
    add(
        "PATCH",
        "/teams/{team}/members/{member}",
        r.update_member,
        "TeamMember.ReadWrite.All",
        name="members.update",
    )
    add(
        "DELETE",
        "/teams/{team}/members/{member}",
        r.remove_member,
        "TeamMember.ReadWrite.All",
        name="members.remove",
    )
    return s.routes
