"""Shards pacing within their share of the app's Graph budgets, against the local tenant, which
counts Teams' 30 requests per second per app across every client of that app and throttles
beyond it (learn.microsoft.com/graph/throttling-limits#microsoft-teams-service-limits)."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from tenantctl.graph import GraphClient, GraphSettings, lookup_from, token_source
from tests.integration.graph_layer.conftest import PROJECT, stack_config
from tests.support.local_tenant_fixture import LocalTenantHandle

SHARDS = 3
READS = 25
"""Reads each shard makes at once: together 75, two and a half times Teams' 30 per second."""


def shard_client(tenant: LocalTenantHandle, share: float, app: str | None = None) -> GraphClient:
    """A shard's own client (each shard is a process of its own, with its own pacer)."""
    config: dict[str, Any] = stack_config(tenant, ["Team.ReadBasic.All"])
    if app is not None:
        token = tenant.server.tenant.authority.issue(["Team.ReadBasic.All"], app_id=app)
        config[f"{PROJECT}:accessToken"] = token
    config[f"{PROJECT}:graphBudgetShare"] = str(share)
    settings = GraphSettings.load(lookup_from(config, {}))
    return GraphClient(settings, token_source(settings, lookup_from(config, {})))


async def read_teams(clients: list[GraphClient]) -> float:
    """Every client lists the teams READS times at once; the seconds it took all of them."""
    started = time.monotonic()
    async with asyncio.TaskGroup() as group:
        for client in clients:
            for _ in range(READS):
                group.create_task(client.get("teams"))
    for client in clients:
        await client.http.aclose()
    return time.monotonic() - started


def throttled(tenant: LocalTenantHandle) -> int:
    return int(tenant.admin.counters()["statuses"].get("429", 0))


def throttle_teams(tenant: LocalTenantHandle) -> None:
    tenant.admin.set_faults({"throttle": {"enabled": True}})
    tenant.admin.call("DELETE", "/_admin/counters")


def test_shards_each_within_a_third_of_the_budget_are_never_throttled_together(
    local_tenant: LocalTenantHandle,
) -> None:
    throttle_teams(local_tenant)
    clients = [shard_client(local_tenant, 1 / SHARDS) for _ in range(SHARDS)]
    seconds = asyncio.run(read_teams(clients))
    assert throttled(local_tenant) == 0
    # 75 reads at 10 per second each: the last ten wait two seconds.
    assert seconds >= 2.0
    assert all(c.stats.requests == READS for c in clients)


def test_shards_each_taking_the_whole_budget_are_throttled_by_the_tenant(
    local_tenant: LocalTenantHandle,
) -> None:
    throttle_teams(local_tenant)
    clients = [shard_client(local_tenant, 1.0) for _ in range(SHARDS)]
    asyncio.run(read_teams(clients))
    assert throttled(local_tenant) > 0
    assert sum(c.stats.retries.get("429", 0) for c in clients) == throttled(local_tenant)


def test_the_tenant_counts_each_app_on_its_own(local_tenant: LocalTenantHandle) -> None:
    throttle_teams(local_tenant)
    apps = [f"0000000{n}-0000-4000-8000-000000000000" for n in range(SHARDS)]
    clients = [shard_client(local_tenant, 1.0, app) for app in apps]
    asyncio.run(read_teams(clients))
    assert throttled(local_tenant) == 0
    assert local_tenant.admin.counters()["apps"] == dict.fromkeys(apps, READS)
