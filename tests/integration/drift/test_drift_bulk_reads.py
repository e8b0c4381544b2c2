"""`tenantctl drift` on a state made by the providers: no false positives, bulk requests
that grow far slower than the stack, and throttling or an unreachable tenant as errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from tenantctl.jobs.exit_codes import ExitCode
from tests.support.local_tenant_fixture import LocalTenantHandle
from tests.support.synthetic_stack import RunDrift, SyntheticStack, people

pytestmark = pytest.mark.integration


def _stack_of(stack: SyntheticStack, teams: int) -> Path:
    who = people(stack.tenant)
    for n in range(teams):
        stack.team_space(f"t{n:02d}", who)
    return stack.export()


def _counted(tenant: LocalTenantHandle) -> tuple[int, int]:
    """What the tenant served: Graph reads (batch items counted one by one) and SharePoint
    admin calls (one per site: that API reads a site at a time)."""
    counters = tenant.admin.counters()
    routes = counters["routes"]
    reads = counters["total"] - routes.get("batch.batch", 0)
    return reads, routes.get("sharepointAdmin.sites.getByUrl", 0)


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
    few_reads, few_sites = _counted(local_tenant)
    large_stack = SyntheticStack(local_tenant, tmp_path / "large.json")
    large_stack.resources = list(synthetic_stack.resources)
    large = _stack_of(large_stack, 9)  # 3 + 9 = 12 teams: four times as many
    local_tenant.admin.call("DELETE", "/_admin/counters")
    many = run_drift(large)
    many_reads, many_sites = _counted(local_tenant)

    assert few.code == many.code == ExitCode.OK
    n, four_n = few.report["counts"]["requests"], many.report["counts"]["requests"]
    graph_n, graph_4n = n - few_sites, four_n - many_sites
    print(
        f"\ndrift of 3 teams: {n} requests ({graph_n} Graph, {few_sites} SharePoint admin) "
        f"for {few_reads} reads; 12 teams: {four_n} requests ({graph_4n} Graph, "
        f"{many_sites} SharePoint admin) for {many_reads} reads"
    )
    assert (few_sites, many_sites) == (3, 12)
    assert many_reads - few_reads >= 9 * 5  # at least five reads per added team...
    assert graph_4n <= 2 * graph_n  # ...cost few Graph requests: delta and batches of 20
    assert four_n <= many_reads / 4


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
