"""Teams over real HTTP with msgraph-sdk: async creation, settings, channels, members, archive."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from msgraph import GraphServiceClient
from msgraph.generated.models.aad_user_conversation_member import AadUserConversationMember
from msgraph.generated.models.channel import Channel
from msgraph.generated.models.channel_membership_type import ChannelMembershipType
from msgraph.generated.models.group import Group
from msgraph.generated.models.o_data_errors.o_data_error import ODataError
from msgraph.generated.models.team import Team
from msgraph.generated.models.team_fun_settings import TeamFunSettings
from msgraph.generated.models.team_member_settings import TeamMemberSettings
from msgraph.generated.models.teams_async_operation_status import TeamsAsyncOperationStatus
from msgraph.generated.teams.item.archive.archive_post_request_body import ArchivePostRequestBody

from tests.support.local_tenant_fixture import LocalTenantHandle

pytestmark = [pytest.mark.integration, pytest.mark.filterwarnings("ignore::DeprecationWarning")]


def _owner(user_id: str, roles: list[str] | None = None) -> AadUserConversationMember:
    return AadUserConversationMember(
        odata_type="#microsoft.graph.aadUserConversationMember",
        roles=["owner"] if roles is None else roles,
        additional_data={"user@odata.bind": f"https://graph.microsoft.com/v1.0/users('{user_id}')"},
    )


async def _create_team(local_tenant: LocalTenantHandle, body: dict[str, object]) -> httpx.Response:
    async with httpx.AsyncClient(base_url=local_tenant.base_url) as http:
        return await http.post(
            "/teams", json=body, headers={"Authorization": f"Bearer {local_tenant.token()}"}
        )


async def test_create_team_async_operation(
    local_tenant: LocalTenantHandle, graph_client: GraphServiceClient, user_ids: list[str]
) -> None:
    local_tenant.admin.set_behaviour(team_provision_s=0.6)
    response = await _create_team(
        local_tenant,
        {
            "template@odata.bind": "https://graph.microsoft.com/v1.0/teamsTemplates('standard')",
            "displayName": "Architecture",
            "description": "Design authority",
            "members": [
                {
                    "@odata.type": "#microsoft.graph.aadUserConversationMember",
                    "roles": ["owner"],
                    "user@odata.bind": f"https://graph.microsoft.com/v1.0/users('{user_ids[0]}')",
                }
            ],
            "channels": [{"displayName": "Announcements", "isFavoriteByDefault": True}],
        },
    )
    assert response.status_code == 202
    location = response.headers["Location"]
    assert location.startswith("/teams('") and "/operations('" in location
    team_id = response.headers["Content-Location"].split("'")[1]
    with pytest.raises(ODataError) as early:
        await graph_client.teams.by_team_id(team_id).get()
    assert early.value.response_status_code == 404
    op_id = location.split("'")[3]
    op = (
        await graph_client.teams.by_team_id(team_id)
        .operations.by_teams_async_operation_id(op_id)
        .get()
    )
    assert op is not None and op.status in (
        TeamsAsyncOperationStatus.NotStarted,
        TeamsAsyncOperationStatus.InProgress,
    )
    await asyncio.sleep(0.7)
    op = (
        await graph_client.teams.by_team_id(team_id)
        .operations.by_teams_async_operation_id(op_id)
        .get()
    )
    assert (
        op is not None
        and op.status == TeamsAsyncOperationStatus.Succeeded
        and op.target_resource_id == team_id
    )
    team = await graph_client.teams.by_team_id(team_id).get()
    assert team is not None and team.display_name == "Architecture"
    channels = await graph_client.teams.by_team_id(team_id).channels.get()
    assert channels is not None and [c.display_name for c in channels.value or []] == [
        "General",
        "Announcements",
    ]
    primary = await graph_client.teams.by_team_id(team_id).primary_channel.get()
    assert (
        primary is not None and primary.display_name == "General" and primary.is_favorite_by_default
    )
    site = await graph_client.groups.by_group_id(team_id).sites.by_site_id("root").get()
    assert site is not None and site.web_url and "/sites/" in site.web_url


async def test_team_needs_owner_with_app_permissions(local_tenant: LocalTenantHandle) -> None:
    response = await _create_team(
        local_tenant,
        {
            "template@odata.bind": "https://graph.microsoft.com/v1.0/teamsTemplates('standard')",
            "displayName": "No owner",
        },
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "BadRequest"


async def test_team_from_group_settings_and_archive(
    graph_client: GraphServiceClient, unified_group: Group, local_tenant: LocalTenantHandle
) -> None:
    assert unified_group.id
    gid = unified_group.id
    team = await graph_client.groups.by_group_id(gid).team.put(
        Team(member_settings=TeamMemberSettings(allow_create_private_channels=False))
    )
    assert team is not None and team.id == gid
    await graph_client.teams.by_team_id(gid).patch(
        Team(fun_settings=TeamFunSettings(allow_giphy=False))
    )
    fetched = await graph_client.groups.by_group_id(gid).team.get()
    assert (
        fetched is not None
        and fetched.fun_settings is not None
        and fetched.member_settings is not None
    )
    assert (
        fetched.fun_settings.allow_giphy is False
        and fetched.fun_settings.allow_stickers_and_memes is True
    )
    assert fetched.member_settings.allow_create_private_channels is False
    await graph_client.teams.by_team_id(gid).archive.post(ArchivePostRequestBody())
    archived = await graph_client.teams.by_team_id(gid).get()
    assert archived is not None and archived.is_archived is True
    await graph_client.teams.by_team_id(gid).unarchive.post()
    with pytest.raises(ODataError) as twice:
        await graph_client.groups.by_group_id(gid).team.put(Team())
    assert twice.value.response_status_code == 409


async def test_channels_and_members(
    graph_client: GraphServiceClient, unified_group: Group, user_ids: list[str]
) -> None:
    assert unified_group.id
    gid = unified_group.id
    await graph_client.groups.by_group_id(gid).team.put(Team())
    channels = graph_client.teams.by_team_id(gid).channels
    standard = await channels.post(Channel(display_name="Planning", description="Plans"))
    assert standard is not None and standard.membership_type == ChannelMembershipType.Standard
    with pytest.raises(ODataError) as dup:
        await channels.post(Channel(display_name="planning"))
    assert dup.value.response_status_code == 409
    for bad in ("x" * 51, "a/b", "_hidden", "semi..colon"):
        with pytest.raises(ODataError) as invalid:
            await channels.post(Channel(display_name=bad))
        assert invalid.value.response_status_code == 400
    with pytest.raises(ODataError) as ownerless:
        await channels.post(
            Channel(display_name="Secret", membership_type=ChannelMembershipType.Private)
        )
    assert ownerless.value.response_status_code == 400
    private = await channels.post(
        Channel(
            display_name="Secret",
            membership_type=ChannelMembershipType.Private,
            members=[_owner(user_ids[2])],
        )
    )
    assert private is not None and private.id
    members = await channels.by_channel_id(private.id).members.get()
    assert members is not None and [m.roles for m in members.value or []] == [["owner"]]
    added = await channels.by_channel_id(private.id).members.post(_owner(user_ids[3], []))
    assert added is not None and added.id
    await channels.by_channel_id(private.id).members.by_conversation_member_id(added.id).delete()
    await channels.by_channel_id(standard.id or "").patch(Channel(description="New plans"))
    folder = await channels.by_channel_id(standard.id or "").files_folder.get()
    assert folder is not None and folder.name == "Planning"
    await channels.by_channel_id(standard.id or "").delete()
    general = await graph_client.teams.by_team_id(gid).primary_channel.get()
    assert general is not None and general.id
    with pytest.raises(ODataError) as keep:
        await channels.by_channel_id(general.id).delete()
    assert keep.value.response_status_code == 400
    team_members = graph_client.teams.by_team_id(gid).members
    listed = await team_members.get()
    assert listed is not None and len(listed.value or []) == 4
    new = await team_members.post(_owner(user_ids[5]))
    assert new is not None and new.id and new.roles == ["owner"]
    owners = await graph_client.groups.by_group_id(gid).owners.get()
    assert owners is not None and user_ids[5] in {o.id for o in owners.value or []}
    await team_members.by_conversation_member_id(new.id).delete()
    listed = await team_members.get()
    assert listed is not None and len(listed.value or []) == 4


async def test_files_folder_not_ready(
    local_tenant: LocalTenantHandle, graph_client: GraphServiceClient, unified_group: Group
) -> None:
    assert unified_group.id
    local_tenant.admin.set_behaviour(files_folder_ready_s=30)
    await graph_client.groups.by_group_id(unified_group.id).team.put(Team())
    channel = await graph_client.teams.by_team_id(unified_group.id).channels.post(
        Channel(display_name="Fresh")
    )
    assert channel is not None and channel.id
    with pytest.raises(ODataError) as early:
        await (
            graph_client.teams.by_team_id(unified_group.id)
            .channels.by_channel_id(channel.id)
            .files_folder.get()
        )
    assert early.value.response_status_code == 404


async def test_teams_permissions(local_tenant: LocalTenantHandle, unified_group: Group) -> None:
    reader = local_tenant.graph_client(["Team.ReadBasic.All"])
    with pytest.raises(ODataError) as denied:
        await reader.teams.by_team_id(unified_group.id or "").channels.post(
            Channel(display_name="Nope")
        )
    assert denied.value.response_status_code == 403
    assert denied.value.error is not None and denied.value.error.code == "Forbidden"


async def test_a_guest_joins_a_private_channel_of_its_team_but_never_a_shared_channel(
    graph_client: GraphServiceClient, unified_group: Group, user_ids: list[str]
) -> None:
    page = await graph_client.users.get()
    assert page is not None and page.value
    guest = next(u.id for u in page.value if u.id and "#EXT#" in (u.user_principal_name or ""))
    assert unified_group.id
    gid = unified_group.id
    await graph_client.groups.by_group_id(gid).team.put(Team())
    await graph_client.teams.by_team_id(gid).members.post(_owner(guest, []))
    channels = graph_client.teams.by_team_id(gid).channels
    private = await channels.post(
        Channel(
            display_name="Contrat",
            membership_type=ChannelMembershipType.Private,
            members=[_owner(user_ids[0]), _owner(guest, [])],
        )
    )
    assert private is not None and private.id
    roster = await channels.by_channel_id(private.id).members.get()
    assert roster is not None
    assert {m.roles[0] if m.roles else "" for m in roster.value or []} == {"owner", "guest"}
    with pytest.raises(ODataError) as created:
        await channels.post(
            Channel(
                display_name="Astreinte",
                membership_type=ChannelMembershipType.Shared,
                members=[_owner(user_ids[0]), _owner(guest, [])],
            )
        )
    assert created.value.response_status_code == 400
    listed = await channels.get()
    assert listed is not None and "Astreinte" not in {c.display_name for c in listed.value or []}
    shared = await channels.post(
        Channel(
            display_name="Astreinte",
            membership_type=ChannelMembershipType.Shared,
            members=[_owner(user_ids[0])],
        )
    )
    assert shared is not None and shared.id
    with pytest.raises(ODataError) as added:
        await channels.by_channel_id(shared.id).members.post(_owner(guest, []))
    assert added.value.response_status_code == 400
    assert added.value.error is not None
    assert added.value.error.message == f"Guest user {guest} cannot be added to a shared channel."
