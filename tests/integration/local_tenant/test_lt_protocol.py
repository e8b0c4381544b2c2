"""Protocol behaviour: token flow with azure-identity, batching, delta, paging, errors."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from azure.identity import ClientSecretCredential
from azure.identity.aio import ClientSecretCredential as AsyncClientSecretCredential
from msgraph import GraphServiceClient
from msgraph.generated.models.group import Group
from msgraph.generated.models.reference_create import ReferenceCreate

from tests.support.local_tenant_fixture import LocalTenantHandle

pytestmark = [pytest.mark.integration, pytest.mark.filterwarnings("ignore::DeprecationWarning")]


def _credential_kwargs(local_tenant: LocalTenantHandle) -> dict[str, object]:
    return {
        "tenant_id": local_tenant.tenant_id,
        "client_id": local_tenant.client_id,
        "client_secret": local_tenant.client_secret,
        "authority": local_tenant.authority,
        "disable_instance_discovery": True,
        "connection_verify": str(local_tenant.certificate),
    }


def test_azure_identity_client_secret_credential(local_tenant: LocalTenantHandle) -> None:
    credential = ClientSecretCredential(**_credential_kwargs(local_tenant))  # type: ignore[arg-type]
    token = credential.get_token("https://graph.microsoft.com/.default")
    response = httpx.get(
        f"{local_tenant.base_url}/groups", headers={"Authorization": f"Bearer {token.token}"}
    )
    assert response.status_code == 200
    bad = ClientSecretCredential(**{**_credential_kwargs(local_tenant), "client_secret": "wrong"})  # type: ignore[arg-type]
    with pytest.raises(Exception, match="7000215"):
        bad.get_token("https://graph.microsoft.com/.default")


async def test_graph_client_with_azure_identity(local_tenant: LocalTenantHandle) -> None:
    credential = AsyncClientSecretCredential(**_credential_kwargs(local_tenant))  # type: ignore[arg-type]
    client = GraphServiceClient(
        credentials=credential, scopes=["https://graph.microsoft.com/.default"]
    )
    client.request_adapter.base_url = local_tenant.base_url
    page = await client.users.get()
    assert page is not None and page.value
    await credential.close()


async def test_sdk_batch(graph_client: GraphServiceClient) -> None:
    from msgraph_core.requests.batch_request_content import BatchRequestContent
    from msgraph_core.requests.batch_request_item import BatchRequestItem

    users = BatchRequestItem(request_information=graph_client.users.to_get_request_information())
    groups = BatchRequestItem(request_information=graph_client.groups.to_get_request_information())
    content = BatchRequestContent({users.id: users, groups.id: groups})
    result = await graph_client.batch.post(batch_request_content=content)
    assert result is not None
    assert result.get_response_by_id(users.id).status == 200
    assert result.get_response_by_id(groups.id).status == 200


async def test_sdk_batch_as_graph_answers_it(
    local_tenant: LocalTenantHandle, graph_client: GraphServiceClient
) -> None:
    """msgraph-core's batch writes `depends_on` (Graph orders by `dependsOn` only), keeps a
    step's URL absolute when its request information has one (a next link: Graph answers that
    step 400), and hands back each step's body as None."""
    from msgraph_core.requests.batch_request_content import BatchRequestContent
    from msgraph_core.requests.batch_request_item import BatchRequestItem

    seen: list[Any] = []

    def observe(method: str, path: str, direction: str, body: Any) -> None:
        if path == "/$batch" and direction == "request":
            seen.append(body)

    observers = local_tenant.server.graph.observers
    observers.append(observe)
    users = BatchRequestItem(request_information=graph_client.users.to_get_request_information())
    absolute = graph_client.groups.with_url(f"{local_tenant.base_url}/groups")
    groups = BatchRequestItem(
        request_information=absolute.to_get_request_information(), depends_on=[users]
    )
    content = BatchRequestContent({users.id: users, groups.id: groups})
    try:
        result = await graph_client.batch.post(batch_request_content=content)
    finally:
        observers.remove(observe)

    sent = {item["id"]: item for item in seen[-1]["requests"]}
    assert sent[groups.id]["depends_on"] == [users.id] and "dependsOn" not in sent[groups.id]
    assert sent[users.id]["url"] == "/users"
    assert sent[groups.id]["url"] == f"{local_tenant.base_url}/groups"
    assert result is not None
    assert result.get_response_by_id(users.id).status == 200
    assert result.get_response_by_id(users.id).body is None
    assert result.get_response_by_id(groups.id).status == 400


async def _raw_batch(
    local_tenant: LocalTenantHandle, requests: list[dict[str, object]]
) -> httpx.Response:
    async with httpx.AsyncClient(base_url=local_tenant.base_url) as http:
        return await http.post(
            "/$batch",
            json={"requests": requests},
            headers={"Authorization": f"Bearer {local_tenant.token()}"},
        )


async def test_batch_depends_on_and_failed_dependency(local_tenant: LocalTenantHandle) -> None:
    group = {"displayName": "B", "mailEnabled": False, "mailNickname": "b", "securityEnabled": True}
    response = await _raw_batch(
        local_tenant,
        [
            {
                "id": "1",
                "method": "POST",
                "url": "/groups",
                "body": group,
                "headers": {"Content-Type": "application/json"},
            },
            {"id": "2", "method": "GET", "url": "/groups/does-not-exist"},
            {"id": "3", "method": "GET", "url": "/groups?$select=displayName", "dependsOn": ["2"]},
            {"id": "4", "method": "GET", "url": "users?$top=1", "depends_on": ["2"]},
        ],
    )
    assert response.status_code == 200
    by_id = {r["id"]: r for r in response.json()["responses"]}
    assert by_id["1"]["status"] == 201 and by_id["2"]["status"] == 404
    assert by_id["3"]["status"] == 424 and by_id["4"]["status"] == 200
    assert by_id["2"]["body"]["error"]["code"] == "Request_ResourceNotFound"


async def test_batch_limits(local_tenant: LocalTenantHandle) -> None:
    too_many = await _raw_batch(
        local_tenant, [{"id": str(i), "method": "GET", "url": "/users"} for i in range(21)]
    )
    assert too_many.status_code == 400 and too_many.json()["error"]["code"] == "BadRequest"
    nested = await _raw_batch(local_tenant, [{"id": "1", "method": "POST", "url": "/$batch"}])
    assert nested.status_code == 400
    dup = await _raw_batch(local_tenant, [{"id": "1", "method": "GET", "url": "/users"}] * 2)
    assert dup.status_code == 400


async def test_batch_sub_request_permissions(local_tenant: LocalTenantHandle) -> None:
    async with httpx.AsyncClient(base_url=local_tenant.base_url) as http:
        token = local_tenant.token(["User.Read.All"])
        response = await http.post(
            "/$batch",
            json={
                "requests": [
                    {"id": "1", "method": "GET", "url": "/users"},
                    {"id": "2", "method": "GET", "url": "/groups"},
                ]
            },
            headers={"Authorization": f"Bearer {token}"},
        )
    statuses = {r["id"]: r["status"] for r in response.json()["responses"]}
    assert statuses == {"1": 200, "2": 403}


async def test_group_delta(
    local_tenant: LocalTenantHandle, graph_client: GraphServiceClient, user_ids: list[str]
) -> None:
    group = await graph_client.groups.post(
        Group(
            display_name="Delta", mail_enabled=False, mail_nickname="delta", security_enabled=True
        )
    )
    assert group is not None and group.id
    await graph_client.groups.by_group_id(group.id).members.ref.post(
        ReferenceCreate(odata_id=f"https://graph.microsoft.com/v1.0/directoryObjects/{user_ids[0]}")
    )
    first = await graph_client.groups.delta.get()
    assert first is not None and first.odata_delta_link and first.value
    initial = {g.id: g for g in first.value}
    assert [str(m["id"]) for m in initial[group.id].additional_data["members@delta"]] == [
        user_ids[0]
    ]
    await graph_client.groups.by_group_id(group.id).members.ref.post(
        ReferenceCreate(odata_id=f"https://graph.microsoft.com/v1.0/directoryObjects/{user_ids[1]}")
    )
    await (
        graph_client.groups.by_group_id(group.id)
        .members.by_directory_object_id(user_ids[0])
        .ref.delete()
    )
    other = await graph_client.groups.post(
        Group(display_name="Gone", mail_enabled=False, mail_nickname="gone", security_enabled=True)
    )
    assert other is not None and other.id
    await graph_client.groups.by_group_id(other.id).delete()
    second = await graph_client.groups.delta.with_url(first.odata_delta_link).get()
    assert second is not None and second.value is not None
    changes = {g.id: g for g in second.value}
    members = changes[group.id].additional_data["members@delta"]
    assert {str(m["id"]): "@removed" in m for m in members} == {
        user_ids[1]: False,
        user_ids[0]: True,
    }
    assert "@removed" in changes[other.id].additional_data
    async with httpx.AsyncClient() as http:
        paren = await http.get(
            f"{local_tenant.base_url}/groups/delta()",
            headers={"Authorization": f"Bearer {local_tenant.token()}"},
        )
    assert paren.status_code == 200 and "@odata.deltaLink" in paren.json()


async def test_user_delta_pages(local_tenant: LocalTenantHandle) -> None:
    local_tenant.admin.reset({"seed": 1, "users": 230, "guests": 0})
    async with httpx.AsyncClient(
        headers={"Authorization": f"Bearer {local_tenant.token()}"}
    ) as http:
        url = f"{local_tenant.base_url}/users/delta"
        seen: list[str] = []
        while True:
            body = (await http.get(url)).json()
            seen.extend(u["id"] for u in body["value"])
            if "@odata.nextLink" not in body:
                break
            url = body["@odata.nextLink"]
        assert len(seen) == len(set(seen)) == 230
        assert "$deltatoken=" in body["@odata.deltaLink"]
        empty = (await http.get(body["@odata.deltaLink"])).json()
        assert empty["value"] == []


async def test_top_limit_and_unknown_query_option(local_tenant: LocalTenantHandle) -> None:
    async with httpx.AsyncClient(
        base_url=local_tenant.base_url, headers={"Authorization": f"Bearer {local_tenant.token()}"}
    ) as http:
        assert (await http.get("/users?$top=1000")).status_code == 400
        assert (await http.get("/users?$top=999")).status_code == 200
        assert (await http.get("/users?$bogus=1")).status_code == 400
        bad_filter = await http.get("/users?$filter=department eq")
        assert (
            bad_filter.status_code == 400
            and bad_filter.json()["error"]["code"] == "Request_BadRequest"
        )
        response = await http.get("/users", headers={"client-request-id": "abc"})
        assert response.headers["client-request-id"] == "abc" and response.headers["request-id"]


async def test_group_delta_with_select_keeps_members_delta(
    local_tenant: LocalTenantHandle, user_ids: list[str]
) -> None:
    body = {
        "displayName": "Sel",
        "mailEnabled": False,
        "mailNickname": "sel",
        "securityEnabled": True,
        "members@odata.bind": [f"https://graph.microsoft.com/v1.0/users/{user_ids[0]}"],
    }
    local_tenant.admin.graph("POST", "/groups", body)
    async with httpx.AsyncClient(
        headers={"Authorization": f"Bearer {local_tenant.token()}"}
    ) as http:
        url = f"{local_tenant.base_url}/groups/delta?$select=displayName,members"
        page = (await http.get(url)).json()
    [group] = page["value"]
    assert set(group) == {"id", "displayName", "members@delta"}
    assert [m["id"] for m in group["members@delta"]] == [user_ids[0]]


async def test_group_delta_tracks_ownership_when_owners_are_selected(
    local_tenant: LocalTenantHandle, user_ids: list[str]
) -> None:
    """group-delta: selecting any relationship of type directoryObject collection tracks it
    like members, as `<relationship>@delta` with ids only; members stay out unless selected."""
    users = "https://graph.microsoft.com/v1.0/users"
    body = {
        "displayName": "Comité d'accueil",
        "mailEnabled": False,
        "mailNickname": "comite",
        "securityEnabled": True,
        "owners@odata.bind": [f"{users}/{user_ids[0]}"],
        "members@odata.bind": [f"{users}/{user_ids[1]}"],
    }
    group = local_tenant.admin.graph("POST", "/groups", body)
    async with httpx.AsyncClient(
        headers={"Authorization": f"Bearer {local_tenant.token()}"}
    ) as http:
        first = (
            await http.get(f"{local_tenant.base_url}/groups/delta?$select=displayName,owners")
        ).json()
        [listed] = first["value"]
        local_tenant.admin.graph(
            "POST",
            f"/groups/{group['id']}/owners/$ref",
            {"@odata.id": f"https://graph.microsoft.com/v1.0/directoryObjects/{user_ids[2]}"},
        )
        [changed] = (await http.get(first["@odata.deltaLink"])).json()["value"]
    assert set(listed) == {"id", "displayName", "owners@delta"}
    assert [o["id"] for o in listed["owners@delta"]] == [user_ids[0]]
    assert changed["owners@delta"] == [{"@odata.type": "#microsoft.graph.user", "id": user_ids[2]}]


async def test_group_delta_selects_properties_returned_only_on_select(
    local_tenant: LocalTenantHandle,
) -> None:
    e3 = next(
        sku["skuId"]
        for sku in local_tenant.admin.graph("GET", "/subscribedSkus")["value"]
        if sku["skuPartNumber"] == "ENTERPRISEPACK"
    )
    body = {
        "displayName": "Lic",
        "mailEnabled": False,
        "mailNickname": "lic",
        "securityEnabled": True,
    }
    group = local_tenant.admin.graph("POST", "/groups", body)["id"]
    licence = {"addLicenses": [{"skuId": e3, "disabledPlans": []}], "removeLicenses": []}
    local_tenant.admin.graph("POST", f"/groups/{group}/assignLicense", licence)
    async with httpx.AsyncClient(
        headers={"Authorization": f"Bearer {local_tenant.token()}"}
    ) as http:
        url = f"{local_tenant.base_url}/groups/delta?$select=displayName,assignedLicenses"
        page = (await http.get(url)).json()
    [found] = [g for g in page["value"] if g["id"] == group]
    assert found == {
        "id": group,
        "displayName": "Lic",
        "assignedLicenses": [{"skuId": e3, "disabledPlans": []}],
    }
