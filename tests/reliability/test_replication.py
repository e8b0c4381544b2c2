"""Slow replication: Teams sees new groups and new owners only after some seconds. The
update waits within the client's documented bounds (at most 8 retries and 30 s of
not-found retries per request), says what it waited for, and leaves exactly the stack."""

from __future__ import annotations

import pytest

from tests.engine.demo_stack import DemoStack, TenantView

from .snapshot import assert_tenant_matches_stack
from .waits import reported_waits

pytestmark = pytest.mark.engine

REPLICATION = {"teams_delay_s": 3, "owner_delay_s": 2}
CONSISTENCY_BUDGET_S = 30.0
MAX_RETRIES = 8


def test_an_update_waits_for_replication_and_says_so(demo: DemoStack) -> None:
    demo.tenant.admin.set_faults({"replication": REPLICATION})
    demo.tenant.admin.set_behaviour(files_folder_ready_s=5)

    up = demo.run("up", "--yes")

    waits = reported_waits(up.stdout)
    assert waits, "no replication wait was reported"
    assert {w.reason for w in waits} == {"Graph replication"}
    assert all("/teams" in w.target or w.target.endswith("/team") for w in waits)
    assert all(w.seconds <= CONSISTENCY_BUDGET_S and w.attempt <= MAX_RETRIES for w in waits)
    chains = [w for w in waits if w.attempt == 1]
    assert sum(w.seconds for w in waits) <= CONSISTENCY_BUDGET_S * len(chains)

    view = TenantView(demo.tenant)
    snapshot = assert_tenant_matches_stack(demo, view)
    view.close()
    assert len(snapshot.teams) == 5  # the demo's five spaces, its archived festival among them
    demo.run("preview", "--expect-no-changes")
