"""Interruptions of `pulumi up`: SIGKILL of the CLI and everything it started at random
points (after a random number of Graph requests), and a restart of the local tenant in the
middle of an update. After `cancel`, `refresh` and `up`, the tenant equals the stack.

The engine suite kills one update while teams provision (tests/engine); here the point of
the kill is drawn at random, over several iterations, each on a fresh stack and tenant.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from tests.engine.conftest import isolated_engine_env
from tests.engine.demo_stack import DemoStack, TenantView, prepare_demo_stack
from tests.support.local_tenant_fixture import LocalTenantHandle

from .faults import clear_counters, wait_until
from .snapshot import assert_tenant_matches_stack, state_of

pytestmark = pytest.mark.engine

ITERATIONS = int(os.environ.get("RELIABILITY_KILLS", "3"))
KILL_AFTER_REQUESTS = (3, 120)
SEED = int(os.environ.get("RELIABILITY_SEED", "20261129"))


def answered(tenant: LocalTenantHandle) -> int:
    return int(tenant.admin.counters()["total"])


def interrupt_after(demo: DemoStack, requests: int, interrupt: object) -> bool:
    """Start `pulumi up`; once the tenant answered REQUESTS, call INTERRUPT(update).
    Whether the update was still running then (False: it finished first)."""
    clear_counters(demo.tenant)
    update = demo.start("up", "--yes")
    wait_until(
        lambda: update.poll() is not None or answered(demo.tenant) >= requests,
        300,
        f"{requests} requests",
    )
    running = update.poll() is None
    if running:
        interrupt(update)  # type: ignore[operator]
    update.wait(300)
    return running


def converge(demo: DemoStack) -> None:
    """What an operator does after an interrupted update: unlock, settle, apply."""
    demo.run("cancel", "--yes", expect_returncode=None)
    demo.run("refresh", "--yes", "--clear-pending-creates")
    demo.run("up", "--yes")
    view = TenantView(demo.tenant)
    assert_tenant_matches_stack(demo, view)
    view.close()


STATE_WRITES = ["after every step", "once per update"]
"""Pulumi's default, a checkpoint after every step; and the toolkit's engine settings
(scripts/engine-env.sh), the state written once when the update ends, so a killed update
leaves nothing of its own in it and every create of the next one adopts."""


def with_state_writes(demo: DemoStack, state_writes: str) -> DemoStack:
    return demo if state_writes == STATE_WRITES[0] else demo.with_engine_settings()


@pytest.mark.parametrize("state_writes", STATE_WRITES)
def test_sigkill_at_random_points_always_converges(
    tmp_path: Path, engine_bin: Path, local_tenant_server: LocalTenantHandle, state_writes: str
) -> None:
    rng = random.Random(SEED)
    killed = 0
    for iteration in range(ITERATIONS):
        base = tmp_path / f"iteration-{iteration}"
        demo = prepare_demo_stack(base, isolated_engine_env(base / "engine"), local_tenant_server)
        demo = with_state_writes(demo, state_writes)
        point = rng.randint(*KILL_AFTER_REQUESTS)
        killed += interrupt_after(demo, point, DemoStack.kill)
        converge(demo)
    print(f"{ITERATIONS} iterations, {killed} updates killed (seed {SEED})")
    assert killed >= 1


@pytest.mark.parametrize("state_writes", STATE_WRITES)
def test_a_tenant_restart_mid_update_loses_nothing_and_converges(
    demo: DemoStack, state_writes: str
) -> None:
    demo = with_state_writes(demo, state_writes)
    tenant = demo.tenant
    assert interrupt_after(demo, 60, lambda _update: tenant.restart())

    # Every object the state records was acknowledged by the tenant: none may be lost.
    view = TenantView(tenant)
    for resource in state_of(demo):
        if resource["kind"] == "Group":
            assert view.exists(f"groups/{resource['id']}"), resource["urn"]
        if resource["kind"] == "Team":
            assert view.exists(f"teams/{resource['id']}"), resource["urn"]
    view.close()
    converge(demo)
    demo.run("preview", "--expect-no-changes")
