"""Throttling storms during a real `pulumi up` of the demo stack: every Graph budget cut
to almost nothing for a while. The update slows down and finishes; each 429 costs exactly
one retry after its Retry-After, and nothing else is sent twice. With a small
`retryBudgetSeconds` it stops with the budget named, and a re-run completes the stack."""

from __future__ import annotations

import re

import pytest

from tests.engine.demo_stack import DemoStack, TenantView

from .faults import clear_counters, statuses, storm, wait_until
from .snapshot import assert_tenant_matches_stack
from .waits import reported_waits

pytestmark = pytest.mark.engine

STORM_429S = 25
THROTTLED = "Graph throttling (429)"


def test_a_429_storm_slows_an_update_that_then_finishes(demo: DemoStack) -> None:
    tenant = demo.tenant
    clear_counters(tenant)
    tenant.admin.set_faults(storm(limit=1, window_s=1))
    update = demo.start("up", "--yes")
    wait_until(
        lambda: update.poll() is not None or statuses(tenant).get(429, 0) >= STORM_429S,
        120,
        "the storm's 429s",
    )
    tenant.admin.set_faults({})
    assert update.wait(300) == 0, (demo.directory / "pulumi-up.log").read_text()
    output = (demo.directory / "pulumi-up.log").read_text()

    counted = statuses(tenant)
    throttled = [w for w in reported_waits(output) if w.reason == THROTTLED]
    assert counted[429] >= STORM_429S
    # Every 429 was retried once, after the Retry-After it carried (1 s here), and no
    # request was retried more often than the policy allows.
    assert len(throttled) == counted[429]
    assert {w.seconds for w in throttled} == {1.0}
    assert max(w.attempt for w in throttled) <= 8
    assert not [w for w in reported_waits(output) if w.reason != THROTTLED]
    assert sum(counted.values()) == tenant.admin.counters()["total"]

    view = TenantView(tenant)
    assert_tenant_matches_stack(demo, view)
    view.close()
    demo.run("preview", "--expect-no-changes")


def test_an_exhausted_retry_budget_stops_clearly_and_a_rerun_completes(demo: DemoStack) -> None:
    demo.run("config", "set", "retryBudgetSeconds", "2")
    demo.tenant.admin.set_faults(storm(limit=1, window_s=10))

    failed = demo.run("up", "--yes", expect_returncode=None)
    output = failed.stdout + failed.stderr
    assert failed.returncode != 0
    assert "retries" in output and "(budget 2s); Graph is throttling, try again later" in output
    # Each resource that failed says so in one line: the request, 429, the budget's message.
    assert "Traceback" not in output
    budget = re.compile(
        r"^\s*error: \w+ [\w-]+: \w+ failed: [A-Z]+ /\S+: 429 retryBudgetExhausted: still 429 "
        r"after \d+ retries and [\d.]+s of waiting \(budget 2s\); Graph is throttling, try "
        r"again later$",
        re.MULTILINE,
    )
    assert len(budget.findall(output)) >= 1
    assert "errored" in output

    demo.tenant.admin.set_faults({})
    demo.run("config", "rm", "retryBudgetSeconds")
    demo.run("up", "--yes")
    view = TenantView(demo.tenant)
    assert_tenant_matches_stack(demo, view)
    view.close()
    demo.run("preview", "--expect-no-changes")
