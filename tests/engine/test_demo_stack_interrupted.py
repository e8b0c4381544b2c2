"""An update killed halfway (SIGKILL to the CLI and everything it started) converges: the
state lock is released, a refresh settles the operations left pending, and the next
`pulumi up` adopts what the killed update had already made instead of duplicating it. When
the CLI alone is killed, its provider stops calling Graph at once."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections import Counter
from itertools import pairwise
from pathlib import Path

import pytest

from .demo_stack import DemoStack, TenantView, session_members

pytestmark = pytest.mark.engine

# Teams take this long to provision, so the kill lands while team creations are in flight.
TEAM_PROVISION_S = 3.0
POLL_S = 0.05
KILL_DEADLINE_S = 60.0


def kill_once_teams_are_provisioning(demo: DemoStack, view: TenantView) -> None:
    """Start `pulumi up`, wait until groups exist and a team is being provisioned, SIGKILL."""
    update = demo.start("up", "--yes")
    deadline = time.monotonic() + KILL_DEADLINE_S
    while demo.tenant.admin.objects("team") == [] or len(view.groups()) < 4:
        assert update.poll() is None, "the update ended before it could be interrupted"
        assert time.monotonic() < deadline, "no team creation started in time"
        time.sleep(POLL_S)
    demo.kill(update)
    assert update.returncode == -9


def pending_operations(demo: DemoStack) -> list[object]:
    """The operations the stack's checkpoint records as started but not finished."""
    state = demo.project.engine.stack_state("m365-tenant", demo.stack)
    latest: dict[str, list[object]] = state["checkpoint"]["latest"]  # type: ignore[index]
    return list(latest.get("pending_operations") or [])


def test_an_update_killed_halfway_converges_without_duplicates(demo: DemoStack) -> None:
    demo.tenant.admin.set_behaviour(team_provision_s=TEAM_PROVISION_S)
    view = TenantView(demo.tenant)
    kill_once_teams_are_provisioning(demo, view)

    # The killed CLI never released its lock on the stack: the next update refuses to run
    # until `pulumi cancel` removes the lock (the file backend's way; nothing else runs).
    locked = demo.run("up", "--yes", expect_returncode=None)
    assert locked.returncode != 0
    assert "the stack is currently locked" in locked.stderr
    demo.run("cancel", "--yes")

    # The checkpoint records the creates that were in flight as pending operations: Pulumi
    # cannot know whether they took effect. A plain refresh or up (non-interactive) keeps
    # them, and every later update warns about them; `refresh --clear-pending-creates`
    # (v3.260) drops them from the state. That is safe here because every kind's create
    # first looks for the object by its key (mailNickname, the group's team, the channel's
    # name in its team, ...) and adopts it, so the next `up` never creates a second one.
    assert pending_operations(demo)
    demo.run("refresh", "--yes", "--clear-pending-creates")
    assert pending_operations(demo) == []
    up = demo.run("up", "--yes")
    assert "pending operations" not in up.stdout + up.stderr
    assert pending_operations(demo) == []
    assert_converged_once(demo, view)
    view.close()


def assert_converged_once(demo: DemoStack, view: TenantView) -> None:
    """The stack has nothing left to do and the tenant holds each of its objects once."""
    demo.run("preview", "--expect-no-changes")
    assert demo.refresh_preview() == (0, {})
    groups = view.groups_by_nickname()  # fails on a duplicate mailNickname
    assert len(groups) == 10
    teams = Counter(team["id"] for team in view.collection("teams"))
    assert sorted(teams.values()) == [1, 1, 1, 1, 1]
    assert set(teams) == {
        groups[key]["id"]
        for key in (
            "mtl-drh-drh-equipe",
            "mtl-tech-tech-ateliers",
            "mtl-tech-renovation-ecole",
            "mtl-tech-eau-potable",
            "mtl-dg-fete-musique-2025",
        )
    }
    channels = {team: sorted(view.channels(team)) for team in teams}  # fails on a duplicate
    assert sorted(len(names) for names in channels.values()) == [2, 3, 3, 4, 4]
    assert len(view.guests()) == 2
    assert len(view.partners()) == 1


def test_an_update_killed_before_its_one_state_write_converges_without_duplicates(
    demo: DemoStack,
) -> None:
    """With the toolkit's engine settings (scripts/engine-env.sh) the state is written once,
    when the update ends: a killed update leaves no record at all of what it made, and the
    next `up` creates every resource again. Each create finds the object the killed update
    made and adopts it, so the tenant holds each object once and the stack converges."""
    demo = demo.with_engine_settings()
    assert demo.project.engine.env["PULUMI_SKIP_CHECKPOINTS"] == "true"
    demo.tenant.admin.set_behaviour(team_provision_s=TEAM_PROVISION_S)
    view = TenantView(demo.tenant)
    kill_once_teams_are_provisioning(demo, view)

    # Nothing of the killed update reached the state: no resource, no pending operation.
    demo.run("cancel", "--yes")
    assert demo.state_resources() == []
    assert pending_operations(demo) == []

    demo.run("up", "--yes")
    assert_converged_once(demo, view)
    view.close()


# Teams take long enough to provision that the provider is still polling when the CLI dies.
LONG_TEAM_PROVISION_S = 30.0
QUIET_AFTER_KILL_S = 2.0
WATCH_AFTER_KILL_S = 8.0


def graph_requests(demo: DemoStack) -> int:
    """Graph requests the tenant has answered (admin calls, like this one, are not counted)."""
    return int(demo.tenant.admin.counters()["total"])


def command_lines(session: int) -> list[str]:
    """The command lines of the live processes of a session."""
    lines = []
    for pid in session_members(session):
        with contextlib.suppress(OSError):
            lines.append(Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode())
    return lines


def test_no_graph_call_reaches_the_tenant_after_the_cli_is_killed(demo: DemoStack) -> None:
    """SIGKILL of the CLI alone (an out-of-memory kill, a CI job's timeout) leaves its plugins
    running; the provider host and the language host see the engine's pipe close and exit,
    so the Graph calls of an update nobody records stop within a couple of seconds, not when
    teams finish provisioning, and no process of the update is left."""
    demo.tenant.admin.set_behaviour(team_provision_s=LONG_TEAM_PROVISION_S)
    update = demo.start("up", "--yes")
    try:
        deadline = time.monotonic() + KILL_DEADLINE_S
        while not demo.tenant.admin.objects("team"):
            assert update.poll() is None, "the update ended before it could be interrupted"
            assert time.monotonic() < deadline, "no team creation started in time"
            time.sleep(POLL_S)
        os.kill(update.pid, signal.SIGKILL)
        update.wait(30)
        killed = time.monotonic()
        samples: list[tuple[float, int]] = []
        while (elapsed := time.monotonic() - killed) < WATCH_AFTER_KILL_S:
            samples.append((elapsed, graph_requests(demo)))
            time.sleep(POLL_S)
        calls_at = [at for (_, before), (at, total) in pairwise(samples) if total > before]
        assert not calls_at or calls_at[-1] <= QUIET_AFTER_KILL_S, (
            f"Graph calls {calls_at[-1]:.1f} s after the kill ({len(calls_at)} samples with calls)"
        )
        assert command_lines(update.pid) == [], "the plugins outlived the engine"
    finally:
        demo.kill(update)
