"""Transient 503/504s and dropped connections on a share of requests, some after the
tenant committed the write: re-running `pulumi up` converges on exactly the stack, with no
duplicate object and no team left without its channels or settings."""

from __future__ import annotations

import pytest

from tests.engine.demo_stack import DemoStack, TenantView

from .faults import clear_counters, statuses
from .snapshot import assert_tenant_matches_stack

pytestmark = pytest.mark.engine

FAULTS = {
    "seed": 11,
    "transient": {"rate": 0.04, "after_commit_rate": 0.04, "retry_after_s": 1},
    "drop": {"rate": 0.02, "after_commit_rate": 0.02},
}
MAX_RUNS = 4


def test_reruns_under_transient_faults_converge_without_duplicates(demo: DemoStack) -> None:
    clear_counters(demo.tenant)
    demo.tenant.admin.set_faults(FAULTS)
    outcomes = [demo.run("up", "--yes", expect_returncode=None).returncode]
    while outcomes[-1] != 0 and len(outcomes) < MAX_RUNS:
        outcomes.append(demo.run("up", "--yes", expect_returncode=None).returncode)
    assert outcomes[-1] == 0, f"no convergence in {MAX_RUNS} runs: {outcomes}"

    injected = statuses(demo.tenant)
    assert injected.get(503, 0) + injected.get(504, 0) > 0
    demo.tenant.admin.set_faults({})
    view = TenantView(demo.tenant)
    snapshot = assert_tenant_matches_stack(demo, view)
    view.close()
    assert len(snapshot.teams) == 5  # the demo's five spaces, its archived festival among them
    demo.run("preview", "--expect-no-changes")
    assert demo.refresh_preview() == (0, {})
