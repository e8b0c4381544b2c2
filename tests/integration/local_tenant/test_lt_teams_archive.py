"""Archiving a team over HTTP with msgraph-sdk (team-archive, team-unarchive): 202 with the
operation's Location, ``isArchived``, the changes an archived team refuses and the ones it
still takes, and the site made read-only for members when asked."""

from __future__ import annotations

import httpx
import pytest
from msgraph import GraphServiceClient
from msgraph.generated.models.aad_user_conversation_member import AadUserConversationMember
from msgraph.generated.models.channel import Channel
from msgraph.generated.models.group import Group
from msgraph.generated.models.o_data_errors.o_data_error import ODataError
from msgraph.generated.models.team import Team
from msgraph.generated.teams.item.archive.archive_post_request_body import ArchivePostRequestBody

from tests.support.local_tenant_fixture import LocalTenantHandle

pytestmark = [pytest.mark.integration, pytest.mark.filterwarnings("ignore::DeprecationWarning")]


@pytest.fixture
async def team_id(graph_client: GraphServiceClient, unified_group: Group) -> str:
    team = await graph_client.groups.by_group_id(str(unified_group.id)).team.put(Team())
    assert team is not None and team.id
    return team.id


def group_site(local_tenant: LocalTenantHandle, group_id: str) -> dict[str, object]:
    sites = [s["body"] for s in local_tenant.admin.objects("site") if s["parent"] == group_id]
    assert len(sites) == 1
    return sites[0]


def test_archive_answers_202_with_the_operation(
    local_tenant: LocalTenantHandle, team_id: str
) -> None:
    headers = {"Authorization": f"Bearer {local_tenant.token()}"}
    with httpx.Client(base_url=local_tenant.base_url, headers=headers) as http:
        answered = http.post(f"/teams/{team_id}/archive")
        assert answered.status_code == 202, answered.text
        location = answered.headers["Location"]
        assert location.startswith(f"/teams('{team_id}')/operations('")
        operation = http.get(location).json()
        assert operation["operationType"] == "archiveTeam"
        assert operation["status"] == "succeeded"
        assert http.get(f"/teams/{team_id}").json()["isArchived"] is True
        unarchived = http.post(f"/teams/{team_id}/unarchive")
        assert unarchived.status_code == 202
        assert http.get(unarchived.headers["Location"]).json()["operationType"] == "unarchiveTeam"
        assert http.get(f"/teams/{team_id}").json()["isArchived"] is False


async def test_an_archived_team_refuses_changes_until_unarchived(
    graph_client: GraphServiceClient, team_id: str
) -> None:
    team = graph_client.teams.by_team_id(team_id)
    await team.archive.post(ArchivePostRequestBody())
    with pytest.raises(ODataError) as channel:
        await team.channels.post(Channel(display_name="Après archivage"))
    assert channel.value.response_status_code == 403
    with pytest.raises(ODataError) as edit:
        await team.patch(Team(description="renamed while archived"))
    assert edit.value.response_status_code == 403
    general = await team.primary_channel.get()
    assert general is not None and general.id
    with pytest.raises(ODataError) as channel_edit:
        await team.channels.by_channel_id(general.id).patch(Channel(description="x"))
    assert channel_edit.value.response_status_code == 403
    await team.unarchive.post()
    created = await team.channels.post(Channel(display_name="Après archivage"))
    assert created is not None and created.display_name == "Après archivage"


async def test_membership_changes_are_still_allowed(
    graph_client: GraphServiceClient, team_id: str, user_ids: list[str]
) -> None:
    team = graph_client.teams.by_team_id(team_id)
    await team.archive.post(ArchivePostRequestBody())
    member = AadUserConversationMember(
        odata_type="#microsoft.graph.aadUserConversationMember",
        roles=[],
        additional_data={
            "user@odata.bind": f"https://graph.microsoft.com/v1.0/users('{user_ids[10]}')"
        },
    )
    added = await team.members.post(member)
    assert added is not None and added.id


async def test_the_site_becomes_read_only_for_members_only_when_asked(
    local_tenant: LocalTenantHandle, graph_client: GraphServiceClient, team_id: str
) -> None:
    team = graph_client.teams.by_team_id(team_id)
    await team.archive.post(ArchivePostRequestBody())
    assert group_site(local_tenant, team_id).get("_membersReadOnly", False) is False
    await team.unarchive.post()
    await team.archive.post(ArchivePostRequestBody(should_set_spo_site_read_only_for_members=True))
    assert group_site(local_tenant, team_id)["_membersReadOnly"] is True
    await team.unarchive.post()
    assert group_site(local_tenant, team_id)["_membersReadOnly"] is False


def test_an_unknown_archive_parameter_is_refused(
    local_tenant: LocalTenantHandle, team_id: str
) -> None:
    headers = {"Authorization": f"Bearer {local_tenant.token()}"}
    answered = httpx.post(
        f"{local_tenant.base_url}/teams/{team_id}/archive",
        json={"shouldSetSpoSiteReadOnly": True},
        headers=headers,
    )
    assert answered.status_code == 400, answered.text
