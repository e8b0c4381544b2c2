"""Directory over real HTTP with msgraph-sdk: users, groups, members, owners, paging, filters."""

from __future__ import annotations

import pytest
from kiota_abstractions.base_request_configuration import RequestConfiguration
from msgraph import GraphServiceClient
from msgraph.generated.groups.groups_request_builder import GroupsRequestBuilder
from msgraph.generated.models.group import Group
from msgraph.generated.models.o_data_errors.o_data_error import ODataError
from msgraph.generated.models.reference_create import ReferenceCreate
from msgraph.generated.users.users_request_builder import UsersRequestBuilder

from tests.support.local_tenant_fixture import LocalTenantHandle

pytestmark = [pytest.mark.integration, pytest.mark.filterwarnings("ignore::DeprecationWarning")]


async def _user_ids(client: GraphServiceClient, n: int) -> list[str]:
    page = await client.users.get()
    assert page is not None and page.value is not None
    return [u.id for u in page.value[:n] if u.id]


async def test_users_list_default_properties_and_select(graph_client: GraphServiceClient) -> None:
    page = await graph_client.users.get()
    assert page is not None and page.value
    assert page.value[0].department is None  # not in Graph's default property set
    query = UsersRequestBuilder.UsersRequestBuilderGetQueryParameters(
        select=["id", "department", "companyName"], top=5
    )
    selected = await graph_client.users.get(RequestConfiguration(query_parameters=query))
    assert selected is not None and selected.value and selected.value[0].department
    assert selected.odata_next_link


async def test_user_by_upn(graph_client: GraphServiceClient) -> None:
    page = await graph_client.users.get()
    assert page is not None and page.value
    upn = page.value[0].user_principal_name
    assert upn
    user = await graph_client.users.by_user_id(upn).get()
    assert user is not None and user.id == page.value[0].id


async def test_group_crud_members_owners(graph_client: GraphServiceClient) -> None:
    a, b, c = await _user_ids(graph_client, 3)
    body = Group(
        display_name="Finance",
        mail_enabled=True,
        mail_nickname="finance",
        security_enabled=False,
        group_types=["Unified"],
        additional_data={
            "owners@odata.bind": [f"https://graph.microsoft.com/v1.0/users/{a}"],
            "members@odata.bind": [f"https://graph.microsoft.com/v1.0/users/{b}"],
        },
    )
    group = await graph_client.groups.post(body)
    assert group is not None and group.id and group.mail == "finance@contoso.onmicrosoft.com"
    gid = group.id
    await graph_client.groups.by_group_id(gid).members.ref.post(
        ReferenceCreate(odata_id=f"https://graph.microsoft.com/v1.0/directoryObjects/{c}")
    )
    members = await graph_client.groups.by_group_id(gid).members.get()
    assert members is not None and {m.id for m in members.value or []} == {b, c}
    owners = await graph_client.groups.by_group_id(gid).owners.get()
    assert owners is not None and [o.id for o in owners.value or []] == [a]
    with pytest.raises(ODataError) as dup:
        await graph_client.groups.by_group_id(gid).members.ref.post(
            ReferenceCreate(odata_id=f"https://graph.microsoft.com/v1.0/directoryObjects/{c}")
        )
    assert dup.value.response_status_code == 400
    await graph_client.groups.by_group_id(gid).members.by_directory_object_id(c).ref.delete()
    await graph_client.groups.by_group_id(gid).patch(Group(description="Money"))
    fetched = await graph_client.groups.by_group_id(gid).get()
    assert fetched is not None and fetched.description == "Money"
    await graph_client.groups.by_group_id(gid).delete()
    with pytest.raises(ODataError) as missing:
        await graph_client.groups.by_group_id(gid).get()
    assert missing.value.response_status_code == 404
    assert (
        missing.value.error is not None and missing.value.error.code == "Request_ResourceNotFound"
    )


async def test_filter_paging_and_count(
    local_tenant: LocalTenantHandle, graph_client: GraphServiceClient
) -> None:
    query = UsersRequestBuilder.UsersRequestBuilderGetQueryParameters(
        filter="department eq 'Finance' and userType eq 'Member'",
        top=3,
        select=["id", "department"],
        count=True,
    )
    config = RequestConfiguration(query_parameters=query)
    config.headers.add("ConsistencyLevel", "eventual")
    page = await graph_client.users.get(config)
    assert page is not None and page.odata_count == 8
    seen = list(page.value or [])
    while page is not None and page.odata_next_link:
        follow = RequestConfiguration[UsersRequestBuilder.UsersRequestBuilderGetQueryParameters]()
        follow.headers.add("ConsistencyLevel", "eventual")
        page = await graph_client.users.with_url(page.odata_next_link).get(follow)
        assert page is not None
        seen.extend(page.value or [])
    assert len(seen) == 8 and all(u.department == "Finance" for u in seen)
    # without ConsistencyLevel, Graph ignores $count=true (aad-advanced-queries, error handling)
    no_header = await graph_client.users.get(
        RequestConfiguration(
            query_parameters=UsersRequestBuilder.UsersRequestBuilderGetQueryParameters(count=True)
        )
    )
    assert no_header is not None and no_header.value
    assert no_header.odata_count is None


async def test_dynamic_group_members(graph_client: GraphServiceClient) -> None:
    group = await graph_client.groups.post(
        Group(
            display_name="Sales (dynamic)",
            mail_enabled=False,
            mail_nickname="sales-dyn",
            security_enabled=True,
            group_types=["DynamicMembership"],
            membership_rule='(user.department -eq "Sales") -or (user.department -in ["Legal"])',
            membership_rule_processing_state="On",
        )
    )
    assert group is not None and group.id
    members = await graph_client.groups.by_group_id(group.id).members.get()
    assert members is not None and len(members.value or []) == 8
    query = GroupsRequestBuilder.GroupsRequestBuilderGetQueryParameters(
        filter="groupTypes/any(c:c eq 'DynamicMembership')"
    )
    found = await graph_client.groups.get(RequestConfiguration(query_parameters=query))
    assert found is not None and [g.id for g in found.value or []] == [group.id]


async def test_auth_failures(local_tenant: LocalTenantHandle) -> None:
    import httpx

    async with httpx.AsyncClient(base_url=local_tenant.base_url) as http:
        missing = await http.get("/groups")
        assert missing.status_code == 401
        assert missing.json()["error"]["code"] == "InvalidAuthenticationToken"
        assert missing.headers["request-id"]
        token = local_tenant.token(["User.Read.All"])
        denied = await http.get("/groups", headers={"Authorization": f"Bearer {token}"})
        assert denied.status_code == 403
        assert denied.json()["error"]["code"] == "Authorization_RequestDenied"
        higher = local_tenant.token(["Directory.Read.All"])
        ok = await http.get("/groups", headers={"Authorization": f"Bearer {higher}"})
        assert ok.status_code == 200


async def test_dynamic_groups_with_the_same_rule_have_the_same_members(
    graph_client: GraphServiceClient,
) -> None:
    query = UsersRequestBuilder.UsersRequestBuilderGetQueryParameters(
        select=["id", "department"], top=999
    )
    page = await graph_client.users.get(RequestConfiguration(query_parameters=query))
    assert page is not None and page.value
    departments = sorted({u.department for u in page.value if u.department})
    assert len(departments) >= 2

    async def dynamic(nickname: str, department: str) -> str:
        rule = f'user.department -eq "{department}"'
        group = await graph_client.groups.post(
            Group(
                display_name=nickname,
                mail_enabled=False,
                mail_nickname=nickname,
                security_enabled=True,
                group_types=["DynamicMembership"],
                membership_rule=rule,
                membership_rule_processing_state="On",
            )
        )
        assert group is not None and group.id
        return group.id

    async def members(group_id: str) -> set[str]:
        listed = await graph_client.groups.by_group_id(group_id).members.get()
        assert listed is not None and listed.value is not None
        return {m.id for m in listed.value if m.id}

    first, second = departments[:2]
    expected = {u.id for u in page.value if u.department == first and u.id}
    twins = [await dynamic("dyn-a", first), await dynamic("dyn-b", first)]
    other = await dynamic("dyn-c", second)
    assert [await members(g) for g in twins] == [expected, expected]
    assert (await members(other)).isdisjoint(expected) and await members(other)


def test_distribution_lists_are_listed_never_written(local_tenant: LocalTenantHandle) -> None:
    local_tenant.admin.reset({"seed": 7, "users": 12, "guests": 1, "distribution_lists": 2})
    groups = local_tenant.admin.graph("GET", "/groups")["value"]
    exchange = [g for g in groups if g["mailEnabled"] and not g["groupTypes"]]
    assert sorted(g["securityEnabled"] for g in exchange) == [False, True]
    assert all("l'équipe" in g["displayName"] for g in exchange)
    members = local_tenant.admin.graph("GET", f"/groups/{exchange[0]['id']}/members")["value"]
    assert members
    create = local_tenant.admin.call(
        "POST",
        "/v1.0/groups",
        {"displayName": "DL", "mailEnabled": True, "mailNickname": "dl", "securityEnabled": False},
    )
    refused = "Cannot Create a mail-enabled security groups and or distribution list."
    assert create.status_code == 400
    error = create.json()["error"]
    assert (error["code"], error["message"]) == ("Request_BadRequest", refused)
    update = local_tenant.admin.call(
        "PATCH", f"/v1.0/groups/{exchange[0]['id']}", {"description": "Nouvelle description"}
    )
    assert update.status_code == 400
    assert update.json()["error"]["message"].startswith("Cannot Update a mail-enabled")
    user = local_tenant.admin.graph("GET", "/users")["value"][-2]["id"]
    add = local_tenant.admin.call(
        "POST",
        f"/v1.0/groups/{exchange[1]['id']}/members/$ref",
        {"@odata.id": f"https://graph.microsoft.com/v1.0/directoryObjects/{user}"},
    )
    assert add.status_code == 400
    remove = local_tenant.admin.call(
        "DELETE", f"/v1.0/groups/{exchange[0]['id']}/members/{members[0]['id']}/$ref"
    )
    assert remove.status_code == 400
    security = local_tenant.admin.graph(
        "POST",
        "/groups",
        {
            "displayName": "Sec",
            "mailEnabled": False,
            "mailNickname": "sec",
            "securityEnabled": True,
        },
    )
    enable = local_tenant.admin.call(
        "PATCH", f"/v1.0/groups/{security['id']}", {"mailEnabled": True}
    )
    assert enable.status_code == 400
