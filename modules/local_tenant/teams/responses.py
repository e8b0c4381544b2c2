"""Teams handlers."""

from __future__ import annotations

from local_tenant.odata import Paging, Query, page
from local_tenant.protocol import Response, entity, no_content
from local_tenant.router import Call
from local_tenant.storage import public
from local_tenant.teams.channels import CHANNEL_SHAPE
from local_tenant.teams.host import TeamsHost
from local_tenant.teams.models import TEAM_SHAPE

TEAMS_PAGING = Paging(default=100)


def _accepted(team_id: str, op_id: str) -> Response:
    return Response(
        202,
        headers={
            "Location": f"/teams('{team_id}')/operations('{op_id}')",
            "Content-Location": f"/teams('{team_id}')",
        },
    )


def create_team(call: Call[TeamsHost]) -> Response:
    team, op = call.tenant.teams.create(call.request.json())
    return _accepted(team["id"], op["id"])


def list_teams(call: Call[TeamsHost]) -> Response:
    query = Query.parse(call.request)
    items = [TEAM_SHAPE.render(t) for t in call.tenant.teams.teams()]
    return Response(
        200,
        page(
            call.request,
            "/teams",
            items,
            query,
            TEAMS_PAGING,
            "teams",
        ),
    )


def get_team(call: Call[TeamsHost]) -> Response:
    query = Query.parse(call.request)
    return entity(
        call.request,
        "teams",
        TEAM_SHAPE.render(call.tenant.teams.team(call.param("team")), query.select),
    )


def get_group_team(call: Call[TeamsHost]) -> Response:
    query = Query.parse(call.request)
    return entity(
        call.request,
        "teams",
        TEAM_SHAPE.render(call.tenant.teams.team(call.param("id")), query.select),
    )


def put_group_team(call: Call[TeamsHost]) -> Response:
    body = call.request.json() if call.request.body else {}
    team = call.tenant.teams.create_from_group(call.param("id"), body)
    return entity(call.request, "teams", TEAM_SHAPE.render(team), status=201)


def update_team(call: Call[TeamsHost]) -> Response:
    call.tenant.teams.update(call.param("team"), call.request.json())
    return no_content()


def archive(call: Call[TeamsHost]) -> Response:
    body = call.request.json() if call.request.body else {}
    read_only = body.get("shouldSetSpoSiteReadOnlyForMembers") is True
    op = call.tenant.teams.set_archived(call.param("team"), True, site_read_only=read_only)
    return _accepted(call.param("team"), op["id"])


def unarchive(call: Call[TeamsHost]) -> Response:
    op = call.tenant.teams.set_archived(call.param("team"), False)
    return _accepted(call.param("team"), op["id"])


def get_operation(call: Call[TeamsHost]) -> Response:
    op = call.tenant.teams.operation(call.param("team"), call.param("op"))
    return entity(
        call.request,
        f"teams('{call.param('team')}')/operations",
        public(op),
    )


def list_channels(call: Call[TeamsHost]) -> Response:
    query = Query.parse(call.request)
    items = [CHANNEL_SHAPE.render(c) for c in call.tenant.channels.of_team(call.param("team"))]
    body = page(
        call.request,
        f"/teams/{call.param('team')}/channels",
        items,
        query,
        TEAMS_PAGING,
        f"teams('{call.param('team')}')/channels",
    )
    return Response(200, body)


def create_channel(call: Call[TeamsHost]) -> Response:
    channel = call.tenant.channels.create(call.param("team"), call.request.json())
    return entity(
        call.request,
        f"teams('{call.param('team')}')/channels",
        CHANNEL_SHAPE.render(channel),
        status=201,
    )


def get_channel(call: Call[TeamsHost]) -> Response:
    query = Query.parse(call.request)
    channel = call.tenant.channels.get(call.param("team"), call.param("channel"))
    return entity(
        call.request,
        f"teams('{call.param('team')}')/channels",
        CHANNEL_SHAPE.render(channel, query.select),
    )


def primary_channel(call: Call[TeamsHost]) -> Response:
    channel = call.tenant.channels.primary(call.param("team"))
    return entity(
        call.request, f"teams('{call.param('team')}')/primaryChannel", CHANNEL_SHAPE.render(channel)
    )


def update_channel(call: Call[TeamsHost]) -> Response:
    call.tenant.channels.update(call.param("team"), call.param("channel"), call.request.json())
    return no_content()


def delete_channel(call: Call[TeamsHost]) -> Response:
    call.tenant.channels.delete(call.param("team"), call.param("channel"))
    return no_content()


def files_folder(call: Call[TeamsHost]) -> Response:
    folder = call.tenant.channels.files_folder(call.param("team"), call.param("channel"))
    return entity(
        call.request,
        f"teams('{call.param('team')}')/channels('{call.param('channel')}')/filesFolder",
        folder,
    )


def _members_page(call: Call[TeamsHost], path: str, items: list[dict[str, object]]) -> Response:
    query = Query.parse(call.request)
    return Response(
        200,
        page(
            call.request,
            path,
            items,
            query,
            TEAMS_PAGING,
            f"{path.lstrip('/')}",
        ),
    )


def list_members(call: Call[TeamsHost]) -> Response:
    team = call.param("team")
    return _members_page(call, f"/teams/{team}/members", call.tenant.teams.members(team))


def get_member(call: Call[TeamsHost]) -> Response:
    member = call.tenant.teams.member(call.param("team"), call.param("member"))
    return entity(call.request, f"teams('{call.param('team')}')/members", member)


def add_member(call: Call[TeamsHost]) -> Response:
    member = call.tenant.teams.add_member(call.param("team"), call.request.json())
    return entity(call.request, f"teams('{call.param('team')}')/members", member, status=201)


def update_member(call: Call[TeamsHost]) -> Response:
    member = call.tenant.teams.update_member(
        call.param("team"), call.param("member"), call.request.json()
    )
    return entity(call.request, f"teams('{call.param('team')}')/members", member)


def remove_member(call: Call[TeamsHost]) -> Response:
    call.tenant.teams.remove_member(call.param("team"), call.param("member"))
    return no_content()


def list_channel_members(call: Call[TeamsHost]) -> Response:
    team, channel = call.param("team"), call.param("channel")
    return _members_page(
        call,
        f"/teams/{team}/channels/{channel}/members",
        call.tenant.channels.members(team, channel),
    )


def add_channel_member(call: Call[TeamsHost]) -> Response:
    member = call.tenant.channels.add_member(
        call.param("team"), call.param("channel"), call.request.json()
    )
    return entity(call.request, "conversationMembers", member, status=201)


def update_channel_member(call: Call[TeamsHost]) -> Response:
    member = call.tenant.channels.update_member(
        call.param("team"), call.param("channel"), call.param("member"), call.request.json()
    )
    return entity(call.request, "conversationMembers", member)


def remove_channel_member(call: Call[TeamsHost]) -> Response:
    call.tenant.channels.remove_member(
        call.param("team"), call.param("channel"), call.param("member")
    )
    return no_content()
