"""Administrative units over HTTP with msgraph-sdk: CRUD, assigned and dynamic membership,
scoped role members (only roles that can be scoped to a unit), and the directory roles and
role definitions that resolve a role's ids."""

from __future__ import annotations

import httpx
import pytest
from kiota_abstractions.base_request_configuration import RequestConfiguration
from msgraph import GraphServiceClient
from msgraph.generated.directory_roles.directory_roles_request_builder import (
    DirectoryRolesRequestBuilder,
)
from msgraph.generated.models.administrative_unit import AdministrativeUnit
from msgraph.generated.models.group import Group
from msgraph.generated.models.identity import Identity
from msgraph.generated.models.o_data_errors.o_data_error import ODataError
from msgraph.generated.models.reference_create import ReferenceCreate
from msgraph.generated.models.scoped_role_membership import ScopedRoleMembership

from tenantctl.m365.roles import ROLES
from tests.support.local_tenant_fixture import LocalTenantHandle

pytestmark = [pytest.mark.integration, pytest.mark.filterwarnings("ignore::DeprecationWarning")]

HELPDESK = "729827e3-9c14-49f7-bb1b-9608f156bbb8"
GROUPS_ADMIN = "fdd7a751-b60b-444a-984c-02652fe8fa1c"
GLOBAL_ADMIN = "62e90394-69f5-4237-9190-012177145e10"


def ref(kind: str, id: str | None) -> ReferenceCreate:
    return ReferenceCreate(odata_id=f"https://graph.microsoft.com/v1.0/{kind}/{id}")


async def role_id(graph_client: GraphServiceClient, template_id: str) -> str:
    query = DirectoryRolesRequestBuilder.DirectoryRolesRequestBuilderGetQueryParameters(
        filter=f"roleTemplateId eq '{template_id}'"
    )
    roles = await graph_client.directory_roles.get(RequestConfiguration(query_parameters=query))
    assert roles is not None and roles.value and len(roles.value) == 1
    assert roles.value[0].role_template_id == template_id
    return str(roles.value[0].id)


async def unit(graph_client: GraphServiceClient, **properties: object) -> AdministrativeUnit:
    created = await graph_client.directory.administrative_units.post(
        AdministrativeUnit(display_name="Métropole d'Ouest", **properties)  # type: ignore[arg-type]
    )
    assert created is not None and created.id
    return created


async def test_create_read_update_delete(graph_client: GraphServiceClient) -> None:
    created = await unit(graph_client, description="Helpdesk scope", visibility="HiddenMembership")
    item = graph_client.directory.administrative_units.by_administrative_unit_id(str(created.id))
    read = await item.get()
    assert read is not None and read.display_name == "Métropole d'Ouest"
    assert read.visibility == "HiddenMembership"
    await item.patch(AdministrativeUnit(description="Ville"))
    read = await item.get()
    assert read is not None and read.description == "Ville"
    listed = await graph_client.directory.administrative_units.get()
    assert listed is not None and [u.id for u in listed.value or []] == [created.id]
    await item.delete()
    with pytest.raises(ODataError) as gone:
        await item.get()
    assert gone.value.response_status_code == 404


async def test_a_unit_needs_a_name_and_a_known_visibility(graph_client: GraphServiceClient) -> None:
    with pytest.raises(ODataError) as nameless:
        await graph_client.directory.administrative_units.post(AdministrativeUnit())
    assert nameless.value.response_status_code == 400
    assert "'displayName'" in str(nameless.value.error and nameless.value.error.message)
    with pytest.raises(ODataError) as visibility:
        await unit(graph_client, visibility="Private")
    assert visibility.value.response_status_code == 400
    assert "'visibility'" in str(visibility.value.error and visibility.value.error.message)


async def test_assigned_members_are_users_and_groups_by_reference(
    graph_client: GraphServiceClient, user_ids: list[str], unified_group: Group
) -> None:
    created = await unit(graph_client)
    item = graph_client.directory.administrative_units.by_administrative_unit_id(str(created.id))
    await item.members.ref.post(ref("users", user_ids[0]))
    await item.members.ref.post(ref("directoryObjects", unified_group.id))
    members = await item.members.get()
    assert members is not None
    assert {(m.odata_type, m.id) for m in members.value or []} == {
        ("#microsoft.graph.user", user_ids[0]),
        ("#microsoft.graph.group", unified_group.id),
    }
    with pytest.raises(ODataError) as twice:
        await item.members.ref.post(ref("users", user_ids[0]))
    assert twice.value.response_status_code == 400
    await item.members.by_directory_object_id(user_ids[0]).ref.delete()
    members = await item.members.get()
    assert members is not None and [m.id for m in members.value or []] == [unified_group.id]
    with pytest.raises(ODataError) as absent:
        await item.members.by_directory_object_id(user_ids[0]).ref.delete()
    assert absent.value.response_status_code == 404


async def test_guests_can_be_members(graph_client: GraphServiceClient) -> None:
    users = await graph_client.users.get()
    assert users is not None
    guest = next(u for u in users.value or [] if "#EXT#" in (u.user_principal_name or ""))
    created = await unit(graph_client)
    item = graph_client.directory.administrative_units.by_administrative_unit_id(str(created.id))
    await item.members.ref.post(ref("users", guest.id))
    members = await item.members.get()
    assert members is not None and [m.id for m in members.value or []] == [guest.id]


async def test_a_dynamic_unit_takes_its_members_from_the_rule(
    local_tenant: LocalTenantHandle, graph_client: GraphServiceClient, user_ids: list[str]
) -> None:
    rule = '(user.department -eq "Sales")'
    created = await unit(
        graph_client,
        membership_type="Dynamic",
        membership_rule=rule,
        membership_rule_processing_state="On",
    )
    item = graph_client.directory.administrative_units.by_administrative_unit_id(str(created.id))
    members = await item.members.get()
    sales = [
        u["id"]
        for u in local_tenant.admin.objects("user")
        if u["body"].get("department") == "Sales"
    ]
    assert members is not None and sorted(m.id or "" for m in members.value or []) == sorted(sales)
    assert sales
    with pytest.raises(ODataError) as assigned:
        await item.members.ref.post(ref("users", user_ids[0]))
    assert assigned.value.response_status_code == 400


async def test_a_bad_or_missing_rule_is_refused(graph_client: GraphServiceClient) -> None:
    for properties in (
        {"membership_type": "Dynamic"},
        {"membership_type": "Dynamic", "membership_rule": "(user.department -eq"},
        {"membership_rule": '(user.department -eq "Sales")'},
        {"membership_type": "Sometimes"},
    ):
        with pytest.raises(ODataError) as refused:
            await unit(graph_client, **properties)
        assert refused.value.response_status_code == 400, properties
        message = str(refused.value.error and refused.value.error.message)
        assert "membership" in message.lower(), message


async def test_scoped_role_members_for_roles_that_can_be_scoped(
    graph_client: GraphServiceClient, user_ids: list[str]
) -> None:
    created = await unit(graph_client)
    scoped = graph_client.directory.administrative_units.by_administrative_unit_id(
        str(created.id)
    ).scoped_role_members
    for template in (HELPDESK, GROUPS_ADMIN):
        added = await scoped.post(
            ScopedRoleMembership(
                role_id=await role_id(graph_client, template),
                role_member_info=Identity(id=user_ids[1]),
            )
        )
        assert added is not None and added.administrative_unit_id == created.id
        assert added.role_member_info is not None and added.role_member_info.id == user_ids[1]
    listed = await scoped.get()
    assert listed is not None and len(listed.value or []) == 2
    first = (listed.value or [])[0]
    with pytest.raises(ODataError) as twice:
        await scoped.post(
            ScopedRoleMembership(role_id=first.role_id, role_member_info=Identity(id=user_ids[1]))
        )
    assert twice.value.response_status_code == 400
    await scoped.by_scoped_role_membership_id(str(first.id)).delete()
    listed = await scoped.get()
    assert listed is not None and len(listed.value or []) == 1


async def test_a_role_that_cannot_be_scoped_is_refused(
    graph_client: GraphServiceClient, user_ids: list[str]
) -> None:
    created = await unit(graph_client)
    scoped = graph_client.directory.administrative_units.by_administrative_unit_id(
        str(created.id)
    ).scoped_role_members
    with pytest.raises(ODataError) as refused:
        await scoped.post(
            ScopedRoleMembership(
                role_id=await role_id(graph_client, GLOBAL_ADMIN),
                role_member_info=Identity(id=user_ids[1]),
            )
        )
    assert refused.value.response_status_code == 400
    assert "Global Administrator" in str(refused.value.error and refused.value.error.message)
    with pytest.raises(ODataError) as template_id:
        await scoped.post(
            ScopedRoleMembership(role_id=HELPDESK, role_member_info=Identity(id=user_ids[1]))
        )
    assert template_id.value.response_status_code == 404


async def test_role_definitions_are_keyed_by_template_id(graph_client: GraphServiceClient) -> None:
    definitions = await graph_client.role_management.directory.role_definitions.get()
    assert definitions is not None
    assert {d.id for d in definitions.value or []} == {r.template_id for r in ROLES}
    helpdesk = (
        await graph_client.role_management.directory.role_definitions.by_unified_role_definition_id(
            HELPDESK
        ).get()
    )
    assert helpdesk is not None and helpdesk.display_name == "Helpdesk Administrator"


def test_a_unit_body_is_checked_against_the_schema(local_tenant: LocalTenantHandle) -> None:
    answered = httpx.post(
        f"{local_tenant.base_url}/directory/administrativeUnits",
        json={"displayName": "X", "membershipKind": "Dynamic"},
        headers={"Authorization": f"Bearer {local_tenant.token()}"},
    )
    assert answered.status_code == 400
    assert answered.json()["error"]["code"] == "Request_BadRequest"
