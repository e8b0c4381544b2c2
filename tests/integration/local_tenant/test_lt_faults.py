"""The fault layer: latency, throttling with Retry-After, transient errors, drops, replication."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest
from kiota_http.middleware.options import RetryHandlerOption
from msgraph import GraphServiceClient
from msgraph.generated.models.group import Group
from msgraph.generated.models.o_data_errors.o_data_error import ODataError
from msgraph.generated.models.reference_create import ReferenceCreate
from msgraph.generated.models.team import Team

from tenantctl.graph.budgets import directory_cost
from tests.support.local_tenant_fixture import LocalTenantHandle

pytestmark = [pytest.mark.integration, pytest.mark.filterwarnings("ignore::DeprecationWarning")]


def _group(name: str) -> Group:
    return Group(
        display_name=name, mail_enabled=False, mail_nickname=name.lower(), security_enabled=True
    )


async def test_latency_per_workload(
    local_tenant: LocalTenantHandle, graph_client: GraphServiceClient
) -> None:
    await graph_client.admin.sharepoint.settings.get()
    local_tenant.admin.set_faults({"workloads": {"sites": {"latency": {"fixed_ms": 300}}}})
    started = time.perf_counter()
    await graph_client.admin.sharepoint.settings.get()
    assert time.perf_counter() - started >= 0.3
    headers = {"Authorization": f"Bearer {local_tenant.token()}"}
    async with httpx.AsyncClient(base_url=local_tenant.base_url, headers=headers) as http:
        timings = []
        for _ in range(3):
            started = time.perf_counter()
            await http.get("/organization")
            timings.append(time.perf_counter() - started)
    assert min(timings) < 0.3


async def test_throttling_retry_after_and_sdk_retry(
    local_tenant: LocalTenantHandle, unified_group: Group
) -> None:
    gid = unified_group.id or ""
    local_tenant.admin.graph("PUT", f"/groups/{gid}/team", {})
    local_tenant.admin.set_faults(
        {"throttle": {"enabled": True, "budgets": {"teams.perTeam": {"limit": 1, "window_s": 1}}}}
    )
    async with httpx.AsyncClient(
        base_url=local_tenant.base_url, headers={"Authorization": f"Bearer {local_tenant.token()}"}
    ) as http:
        assert (await http.get(f"/teams/{gid}")).status_code == 200
        throttled = await http.get(f"/teams/{gid}")
    assert throttled.status_code == 429
    assert throttled.headers["Retry-After"] == "1"
    assert throttled.json()["error"]["code"] == "TooManyRequests"
    client = local_tenant.graph_client()
    started = time.perf_counter()
    team = await client.teams.by_team_id(gid).get()
    assert team is not None and team.id == gid
    assert time.perf_counter() - started >= 0.5
    counters = local_tenant.admin.counters()
    assert counters["statuses"]["429"] >= 2
    assert counters["routes"]["teams.teams.get"] >= 3


def test_default_budgets_mirror_graph(local_tenant: LocalTenantHandle) -> None:
    budgets = local_tenant.admin.call("GET", "/_admin/faults").json()["budgets"]
    assert budgets["teams.create"] == {"limit": 10, "window_s": 1}
    assert budgets["teams.perTeam"] == {"limit": 4, "window_s": 1}
    assert budgets["invitations"] == {"limit": 150, "window_s": 5}


async def test_transient_errors_retried(local_tenant: LocalTenantHandle) -> None:
    local_tenant.admin.set_faults(
        {"seed": 3, "workloads": {"directory": {"transient": {"rate": 1.0, "statuses": [503]}}}}
    )
    async with httpx.AsyncClient(
        base_url=local_tenant.base_url, headers={"Authorization": f"Bearer {local_tenant.token()}"}
    ) as http:
        failed = await http.get("/groups")
    assert failed.status_code == 503 and failed.json()["error"]["code"] == "serviceNotAvailable"
    local_tenant.admin.set_faults({"seed": 3, "transient": {"rate": 0.5, "statuses": [503, 504]}})
    client = local_tenant.graph_client(retry=RetryHandlerOption(delay=0.01, max_retries=8))
    for _ in range(5):
        page = await client.groups.get()
        assert page is not None


async def test_failure_after_commit(local_tenant: LocalTenantHandle) -> None:
    local_tenant.admin.set_faults(
        {"workloads": {"directory": {"transient": {"after_commit_rate": 1.0, "statuses": [504]}}}}
    )
    async with httpx.AsyncClient(
        base_url=local_tenant.base_url, headers={"Authorization": f"Bearer {local_tenant.token()}"}
    ) as http:
        response = await http.post(
            "/groups",
            json={
                "displayName": "Ghost",
                "mailEnabled": False,
                "mailNickname": "ghost",
                "securityEnabled": True,
            },
        )
    assert response.status_code == 504
    assert [g["body"]["displayName"] for g in local_tenant.admin.objects("group")] == ["Ghost"]


async def test_dropped_connection(local_tenant: LocalTenantHandle) -> None:
    local_tenant.admin.set_faults(
        {"workloads": {"directory": {"drop": {"after_commit_rate": 1.0}}}}
    )
    async with httpx.AsyncClient(
        base_url=local_tenant.base_url, headers={"Authorization": f"Bearer {local_tenant.token()}"}
    ) as http:
        with pytest.raises(httpx.TransportError):
            await http.post(
                "/groups",
                json={
                    "displayName": "Dropped",
                    "mailEnabled": False,
                    "mailNickname": "dropped",
                    "securityEnabled": True,
                },
            )
    assert [g["body"]["displayName"] for g in local_tenant.admin.objects("group")] == ["Dropped"]
    local_tenant.admin.set_faults({"drop": {"rate": 1.0}})
    async with httpx.AsyncClient(
        base_url=local_tenant.base_url, headers={"Authorization": f"Bearer {local_tenant.token()}"}
    ) as http:
        with pytest.raises(httpx.TransportError):
            await http.post(
                "/groups",
                json={
                    "displayName": "Never",
                    "mailEnabled": False,
                    "mailNickname": "never",
                    "securityEnabled": True,
                },
            )
    assert len(local_tenant.admin.objects("group")) == 1


async def test_replication_delay(
    local_tenant: LocalTenantHandle, graph_client: GraphServiceClient, user_ids: list[str]
) -> None:
    local_tenant.admin.set_faults({"replication": {"teams_delay_s": 0.8, "owner_delay_s": 0.4}})
    group = await graph_client.groups.post(
        Group(
            display_name="Fresh",
            mail_enabled=True,
            mail_nickname="fresh",
            security_enabled=False,
            group_types=["Unified"],
            additional_data={
                "owners@odata.bind": [f"https://graph.microsoft.com/v1.0/users/{user_ids[0]}"]
            },
        )
    )
    assert group is not None and group.id
    visible = await graph_client.groups.by_group_id(group.id).get()
    assert visible is not None
    with pytest.raises(ODataError) as early:
        await graph_client.groups.by_group_id(group.id).team.put(Team())
    assert early.value.response_status_code == 404
    await asyncio.sleep(0.9)
    await graph_client.groups.by_group_id(group.id).owners.ref.post(
        ReferenceCreate(odata_id=f"https://graph.microsoft.com/v1.0/directoryObjects/{user_ids[1]}")
    )
    with pytest.raises(ODataError) as owner_late:
        await graph_client.groups.by_group_id(group.id).team.put(Team())
    assert owner_late.value.response_status_code == 404
    await asyncio.sleep(0.5)
    team = await graph_client.groups.by_group_id(group.id).team.put(Team())
    assert team is not None and team.id == group.id


async def test_admin_requests_bypass_faults(local_tenant: LocalTenantHandle) -> None:
    local_tenant.admin.set_faults({"transient": {"rate": 1.0}})
    assert local_tenant.admin.graph("GET", "/groups")["value"] == []
    bad = local_tenant.admin.call("PUT", "/_admin/faults", {"transient": {"rate": 2}})
    assert bad.status_code == 400


@pytest.mark.parametrize(
    ("path", "units"),
    [
        ("/groups/{gid}/members", 3),
        ("/groups/{gid}/members?$select=id", 2),
        ("/subscribedSkus", 3),
        ("/users", 2),
        ("/users?$top=5", 1),
        ("/groups/{gid}", 1),
    ],
)
async def test_an_identity_read_costs_the_units_the_client_paces_it_by(
    local_tenant: LocalTenantHandle, unified_group: Group, path: str, units: int
) -> None:
    """A budget of 10 units lets exactly 10 // units reads of one path through."""
    url = path.format(gid=unified_group.id)
    assert directory_cost("GET", f"https://graph.microsoft.com/v1.0{url}") == units
    local_tenant.admin.set_faults(
        {"throttle": {"enabled": True, "budgets": {"directory.S": {"limit": 10, "window_s": 60}}}}
    )
    headers = {"Authorization": f"Bearer {local_tenant.token()}"}
    async with httpx.AsyncClient(base_url=local_tenant.base_url, headers=headers) as http:
        statuses = [(await http.get(url)).status_code for _ in range(10 // units + 1)]
    assert statuses == [200] * (10 // units) + [429]
