"""`tenantctl drift` on a state made by the providers: no false positives, bulk requests
that grow far slower than the stack, site sharing read in SharePoint batches, and throttling
or an unreachable tenant as errors."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from tenantctl.drift.bulk import GATHER_S, BulkReadClient, UndeclaredRead
from tenantctl.graph import BatchItem, BatchResult, GraphClient, sharepoint_batch
from tenantctl.graph.sharepoint_batch import BatchRun, SharePointAnswer, SharePointCall
from tenantctl.jobs.exit_codes import ExitCode
from tenantctl.jobs.graph_access import open_client
from tenantctl.m365 import reads
from tenantctl.m365.reads import Read
from tenantctl.resources.specs.site_sharing import properties_call
from tests.support.local_tenant_fixture import LocalTenantHandle
from tests.support.synthetic_stack import RunDrift, SyntheticStack, people

pytestmark = pytest.mark.integration

SHAREPOINT_TENANT_API = "/_api/Microsoft.Online.SharePoint.TenantAdministration.Tenant"


def _stack_of(stack: SyntheticStack, teams: int) -> Path:
    who = people(stack.tenant)
    for n in range(teams):
        stack.team_space(f"t{n:02d}", who)
    return stack.export()


def _counted(tenant: LocalTenantHandle) -> tuple[int, int, int]:
    """What the tenant served: reads (batch items counted one by one), site reads from the
    SharePoint admin API (one per site: it reads a site at a time) and the SharePoint
    batches that carried them."""
    counters = tenant.admin.counters()
    routes = counters["routes"]
    batches = routes.get("sharepointAdmin.batch", 0)
    reads = counters["total"] - routes.get("batch.batch", 0) - batches
    return reads, routes.get("sharepointAdmin.sites.getByUrl", 0), batches


def test_untouched_stack_has_no_drift(synthetic_stack: SyntheticStack, run_drift: RunDrift) -> None:
    run = run_drift(_stack_of(synthetic_stack, 2))
    assert run.code == ExitCode.OK, run.result.output
    assert run.report["drift"] == [] and run.report["unmanaged"] == []
    assert "✅ No drift." in run.result.output


def test_requests_grow_far_slower_than_the_stack(
    local_tenant: LocalTenantHandle,
    synthetic_stack: SyntheticStack,
    run_drift: RunDrift,
    tmp_path: Path,
) -> None:
    small = _stack_of(synthetic_stack, 3)
    local_tenant.admin.call("DELETE", "/_admin/counters")
    few = run_drift(small)
    few_reads, few_sites, few_batches = _counted(local_tenant)
    large_stack = SyntheticStack(local_tenant, tmp_path / "large.json")
    large_stack.resources = list(synthetic_stack.resources)
    large = _stack_of(large_stack, 9)  # 3 + 9 = 12 teams: four times as many
    local_tenant.admin.call("DELETE", "/_admin/counters")
    many = run_drift(large)
    many_reads, many_sites, many_batches = _counted(local_tenant)

    assert few.code == many.code == ExitCode.OK
    n, four_n = few.report["counts"]["requests"], many.report["counts"]["requests"]
    graph_n, graph_4n = n - few_batches, four_n - many_batches
    print(
        f"\ndrift of 3 teams: {n} requests ({graph_n} Graph, {few_batches} SharePoint admin) "
        f"for {few_reads} reads; 12 teams: {four_n} requests ({graph_4n} Graph, "
        f"{many_batches} SharePoint admin) for {many_reads} reads"
    )
    assert (few_sites, many_sites) == (3, 12)
    assert 1 <= few_batches <= 2 and 1 <= many_batches <= 2  # all sites in one or two batches
    # at least three reads per added team (team with its settings, channel list, site)...
    assert many_reads - few_reads >= 9 * 3
    assert graph_4n <= 2 * graph_n  # ...cost few Graph requests: delta and batches of 20
    assert four_n <= many_reads / 4


def _share_by_hand(tenant: LocalTenantHandle, stack: SyntheticStack, key: str) -> None:
    """Open one team space's site to existing guests, behind the stack's back."""
    team = next(str(r["id"]) for r in stack.resources if r["urn"].endswith(f"-{key}-team"))
    site = tenant.admin.graph("GET", f"/groups/{team}/sites/root")
    found = tenant.admin.call(
        "POST", f"{SHAREPOINT_TENANT_API}/GetSitePropertiesByUrl", {"url": site["webUrl"]}
    )
    tenant.admin.call(
        "PATCH",
        f"{SHAREPOINT_TENANT_API}/sites('{found.json()['SiteId']}')",
        {"SharingCapability": 3},
    )


def test_site_sharing_is_read_in_a_few_sharepoint_batches_and_still_drifts(
    local_tenant: LocalTenantHandle, synthetic_stack: SyntheticStack, run_drift: RunDrift
) -> None:
    state = _stack_of(synthetic_stack, 8)
    _share_by_hand(local_tenant, synthetic_stack, "t05")
    local_tenant.admin.call("DELETE", "/_admin/counters")

    run = run_drift(state)

    _, site_reads, batches = _counted(local_tenant)
    routes = local_tenant.admin.counters()["routes"]
    assert site_reads == 8  # every site read...
    assert 1 <= batches <= 2  # ...carried by one or two SharePoint requests
    assert routes["sharepointAdmin.batch"] == batches
    assert run.code == ExitCode.ATTENTION
    assert {(d["object"], d["property"]) for d in run.report["drift"]} == {
        ("space-t05-site", "sharing")
    }


def test_site_reads_that_fail_transiently_are_read_again(
    local_tenant: LocalTenantHandle, synthetic_stack: SyntheticStack, run_drift: RunDrift
) -> None:
    state = _stack_of(synthetic_stack, 10)
    _share_by_hand(local_tenant, synthetic_stack, "t02")
    transient = {"transient": {"rate": 0.4, "statuses": [503]}}
    local_tenant.admin.set_faults({"seed": 5, "workloads": {"sharepointAdmin": transient}})
    local_tenant.admin.call("DELETE", "/_admin/counters")

    run = run_drift(state)

    statuses = local_tenant.admin.counters()["statuses"]
    assert statuses.get("503", 0) > 0  # some of the 11 draws at 40% failed (0.6**11 < 1%)...
    assert run.code == ExitCode.ATTENTION  # ...and were read again
    assert {(d["object"], d["property"]) for d in run.report["drift"]} == {
        ("space-t02-site", "sharing")
    }


def test_throttling_past_the_retry_budget_is_an_error(
    local_tenant: LocalTenantHandle,
    synthetic_stack: SyntheticStack,
    run_drift: RunDrift,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    state = _stack_of(synthetic_stack, 2)
    monkeypatch.setenv("TENANTCTL_RETRY_BUDGET_SECONDS", "1")
    budget = {"limit": 1, "window_s": 30}
    local_tenant.admin.set_faults(
        {"throttle": {"enabled": True, "budgets": {"teams.get": budget, "teams.list": budget}}}
    )
    run = run_drift(state)
    assert run.code == ExitCode.ERROR
    assert "drift: error:" in run.result.output
    assert "429 retryBudgetExhausted" in run.result.output
    assert run.report == {}


def test_unreachable_tenant_is_an_error(
    synthetic_stack: SyntheticStack, run_drift: RunDrift, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = _stack_of(synthetic_stack, 1)
    monkeypatch.setenv("TENANTCTL_GRAPH_BASE_URL", "http://127.0.0.1:9/v1.0")
    monkeypatch.setenv("TENANTCTL_RETRY_BUDGET_SECONDS", "1")
    run = run_drift(state)
    assert run.code == ExitCode.ERROR
    assert "drift: error: cannot reach http://127.0.0.1:9/v1.0/" in run.result.output
    assert run.report == {}


def test_a_tenant_that_drops_every_batch_ends_drift_with_one_error_line(
    local_tenant: LocalTenantHandle,
    synthetic_stack: SyntheticStack,
    run_drift: RunDrift,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    state = _stack_of(synthetic_stack, 6)
    monkeypatch.setenv("TENANTCTL_RETRY_BUDGET_SECONDS", "1")
    dropped = {"drop": {"rate": 1.0}}
    local_tenant.admin.set_faults({"workloads": {"batch": dropped, "sharepointAdmin": dropped}})
    run = run_drift(state)
    code, output = run.code, run.result.output
    del run  # its exception holds the run's frames and tasks: asyncio reports a task's
    gc.collect()  # unread error when the task is collected
    assert code == ExitCode.ERROR
    assert output.startswith("drift: error: cannot reach http://127.0.0.1:")
    assert output.count("\n") == 1, output
    assert [r.getMessage() for r in caplog.records if r.name == "asyncio"] == []


def _channel_id(stack: SyntheticStack, key: str, name: str) -> tuple[str, str]:
    channel = next(r for r in stack.resources if r["urn"].endswith(f"-{key}-channel-{name}"))
    return str(channel["inputs"]["team_id"]), str(channel["id"])


def test_a_team_s_channels_and_settings_cost_one_read_each_and_still_drift(
    local_tenant: LocalTenantHandle, synthetic_stack: SyntheticStack, run_drift: RunDrift
) -> None:
    state = _stack_of(synthetic_stack, 4)  # two channels per team
    team, renamed = _channel_id(synthetic_stack, "t01", "planning")
    local_tenant.admin.graph("PATCH", f"/teams/{team}/channels/{renamed}", {"description": "x"})
    team, deleted = _channel_id(synthetic_stack, "t02", "suivi")
    local_tenant.admin.graph("DELETE", f"/teams/{team}/channels/{deleted}")
    local_tenant.admin.call("DELETE", "/_admin/counters")

    run = run_drift(state)

    routes = local_tenant.admin.counters()["routes"]
    assert routes.get("teams.channels.list") == 4  # one list per team...
    assert "teams.channels.get" not in routes, routes  # ...and no channel read on its own
    assert routes.get("teams.teams.get") == 4  # a team and its settings: one GET
    assert run.code == ExitCode.ATTENTION
    assert run.drifted == {
        ("space-t01-channel-planning", "description"),
        ("space-t02-channel-suivi", "(object)"),
    }


async def test_reads_that_trickle_in_while_a_batch_is_in_flight_fill_the_next_batch(
    graph_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    sizes: list[int] = []
    answer = asyncio.Event()

    async def held_batch(self: GraphClient, items: Iterable[BatchItem]) -> dict[str, BatchResult]:
        batch = list(items)
        sizes.append(len(batch))
        await answer.wait()  # Graph (or the pacer) holds every batch until released
        return {item.id: BatchResult(item.id, 200, {}, {"value": []}) for item in batch}

    monkeypatch.setattr(GraphClient, "batch", held_batch)
    async with open_client({}, BulkReadClient) as client:
        reads = [asyncio.create_task(client.find("groups/first/settings"))]
        await asyncio.sleep(10 * GATHER_S)  # the first read's batch is in flight
        for n in range(25):  # then reads come one at a time, slower than the gathering delay
            reads.append(asyncio.create_task(client.find(f"groups/g{n}/settings")))
            await asyncio.sleep(2 * GATHER_S)
        answer.set()
        await asyncio.gather(*reads)

    assert sizes == [1, 20, 5]


async def test_site_reads_that_trickle_in_while_a_sharepoint_batch_is_in_flight_share_one(
    graph_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    sizes: list[int] = []
    answer = asyncio.Event()

    async def held_send(client: GraphClient, site: str, calls: list[SharePointCall]) -> BatchRun:
        sizes.append(len(calls))
        await answer.wait()  # SharePoint holds every batch until released
        return BatchRun([SharePointAnswer(200, {"SharingCapability": 0}) for _ in calls], 1)

    monkeypatch.setattr(sharepoint_batch, "send", held_send)
    async with open_client({}, BulkReadClient) as client:
        admin = str(client.settings.sharepoint_admin_url).rstrip("/")

        def read(n: int) -> asyncio.Task[object]:
            call = properties_call(admin, f"https://contoso.sharepoint.com/sites/s{n}")
            return asyncio.create_task(client.request("POST", call.url, call.body))

        reads = [read(0)]
        await asyncio.sleep(10 * GATHER_S)  # the first read's batch is in flight
        for n in range(1, 6):  # then reads come one at a time, slower than the gathering delay
            reads.append(read(n))
            await asyncio.sleep(2 * GATHER_S)
        answer.set()
        await asyncio.gather(*reads)

    assert sizes == [1, 5]


async def test_reads_that_need_no_snapshot_go_on_while_its_delta_round_runs(
    local_tenant: LocalTenantHandle, graph_env: None
) -> None:
    slow_directory = {"latency": {"fixed_ms": 400}}  # delta pages are directory requests
    local_tenant.admin.set_faults({"workloads": {"directory": slow_directory}})
    async with open_client({}, BulkReadClient) as client:
        loading = client.load_snapshot()
        team = await client.find("teams/00000000-0000-0000-0000-000000000001")
        assert team is None and not loading.done()  # no such team: answered by Graph, in a batch
        await loading


async def test_named_users_are_read_in_listings_of_fifteen_and_not_in_a_round(
    local_tenant: LocalTenantHandle, graph_env: None
) -> None:
    users = [u["body"] for u in local_tenant.admin.objects("user")][:16]
    assert len(users) == 16
    local_tenant.admin.call("DELETE", "/_admin/counters")
    async with open_client({}, BulkReadClient) as client:
        await client.load_snapshot()
        by_name = [
            client.find(f"users/{u['userPrincipalName'].upper()}?$select=id,userPrincipalName")
            for u in users
        ]
        found = await asyncio.gather(*by_name, client.find("users/o'brien@nowhere.example"))
        again = await client.find(f"users/{users[0]['id']}?$select=id")  # listed by name
    assert [f["id"] for f in found[:16]] == [u["id"] for u in users]
    assert found[16] is None and again["id"] == users[0]["id"]
    routes = local_tenant.admin.counters()["routes"]
    assert routes["directory.users.list"] == 2  # 17 names: a listing of 15 and one of 2
    assert routes["batch.batch"] == 1
    assert not {"directory.users.get", "directory.users.delta"} & set(routes)


def _wire(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Every request drift puts on the wire (method, path), as the client sends it."""
    sent: list[tuple[str, str]] = []
    send = GraphClient.exchange

    async def spy(self: GraphClient, method: str, path: str, *args: Any, **kwargs: Any) -> Any:
        sent.append((method, path))
        return await send(self, method, path, *args, **kwargs)

    monkeypatch.setattr(GraphClient, "exchange", spy)
    return sent


def _alone(sent: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The requests that are neither a batch nor a delta round's page."""
    return [
        (method, path)
        for method, path in sent
        if not path.endswith("$batch")
        and "/delta" not in path
        and "deltatoken" not in path
        and "skiptoken" not in path
    ]


def test_every_read_of_the_specs_goes_in_a_batch(
    synthetic_stack: SyntheticStack, run_drift: RunDrift, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = _stack_of(synthetic_stack, 3)
    sent = _wire(monkeypatch)

    run = run_drift(state)

    assert run.code == ExitCode.OK, run.result.output
    assert _alone(sent) == [], _alone(sent)
    assert any(path.endswith("$batch") for _, path in sent)


@pytest.mark.parametrize(
    ("name", "moved"),
    [
        ("CHANNEL", "teams/{id}/allChannels/{id}"),  # answered from its team's channel list
        ("GROUP", "directoryObjects/{id}"),  # answered from the groups' delta round
    ],
)
def test_a_declared_read_moved_to_another_path_is_planned_as_before(
    local_tenant: LocalTenantHandle,
    synthetic_stack: SyntheticStack,
    run_drift: RunDrift,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    moved: str,
) -> None:
    """Drift plans a read by the declaration the spec calls it through, not by its URL: the
    moved read is still answered without a GET of its own (Graph never sees the new path)."""
    state = _stack_of(synthetic_stack, 3)
    local_tenant.admin.call("DELETE", "/_admin/counters")
    before = run_drift(state)
    routes_before = local_tenant.admin.counters()["routes"]
    monkeypatch.setattr(reads, name, Read(moved, getattr(reads, name).permission))
    sent = _wire(monkeypatch)
    local_tenant.admin.call("DELETE", "/_admin/counters")

    after = run_drift(state)

    assert before.code == after.code == ExitCode.OK, after.result.output
    assert after.report["counts"]["requests"] == before.report["counts"]["requests"]
    assert local_tenant.admin.counters()["routes"] == routes_before
    assert _alone(sent) == [], _alone(sent)


async def test_a_read_no_spec_declares_fails_loudly(graph_env: None) -> None:
    async with open_client({}, BulkReadClient) as client:
        with pytest.raises(UndeclaredRead, match="widgets/w1, which no resource kind declares"):
            await client.find("widgets/w1")
