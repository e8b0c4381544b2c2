"""The engine runs dynamic providers on the project's provider host, which serves more than
the 4 calls at once of the Pulumi SDK's own host, and as many as TENANTCTL_PROVIDER_WORKERS
says when it is set.

The provider itself records when each create started and ended, and each create waits (up to
a limit) until more than 4 creates have started, so a host that serves more than 4 calls at
once has more than 4 in flight, and a host of 4 threads never does."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tenantctl.resources.provider_host import ENGINE_GONE_EXIT

from .conftest import ProjectFactory, PulumiProject

pytestmark = pytest.mark.engine

RESOURCES = 8

# Each create marks its start, waits until more than 4 creates have started (or 10 s
# passed), then records its start and end in a file of its own.
CONCURRENT_PROGRAM = """\
    import json
    import os
    import time
    from pathlib import Path

    import pulumi
    from pulumi.dynamic import CreateResult, Resource, ResourceProvider

    MORE_THAN_FOUR = 5
    PATIENCE_S = 10.0


    class Waiting(ResourceProvider):
        def create(self, props):
            calls = Path(props["calls"])
            started = time.monotonic()
            (calls / f"{props['name']}.started").touch()
            while time.monotonic() - started < PATIENCE_S:
                if len(list(calls.glob("*.started"))) >= MORE_THAN_FOUR:
                    break
                time.sleep(0.05)
            record = {"start": started, "end": time.monotonic(), "pid": os.getpid()}
            (calls / f"{props['name']}.json").write_text(json.dumps(record))
            return CreateResult(id_=props["name"], outs=dict(props))


    class Call(Resource):
        def __init__(self, name, calls):
            super().__init__(Waiting(), name, {"name": name, "calls": calls})


    config = pulumi.Config()
    for number in range(config.require_int("resources")):
        Call(f"call-{number}", config.require("calls"))
"""


def deployed_calls(project: PulumiProject, calls: Path) -> list[dict[str, float]]:
    """`pulumi up` of the program, with the engine allowing 16 operations at once (its own
    default depends on the CPU count); the creates' records."""
    calls.mkdir()
    project.run("stack", "init", "dev")
    project.run("config", "set", "resources", str(RESOURCES))
    project.run("config", "set", "calls", str(calls))
    project.run("up", "--yes", "--skip-preview", "--parallel", "16")
    return [json.loads(path.read_text()) for path in sorted(calls.glob("*.json"))]


def most_in_flight(records: list[dict[str, float]]) -> int:
    """The largest number of creates running at the same moment."""
    return max(
        sum(1 for other in records if other["start"] <= record["start"] < other["end"])
        for record in records
    )


def test_provider_host_serves_more_than_four_calls_at_once(
    python_project: ProjectFactory, tmp_path: Path
) -> None:
    project = python_project("concurrent-calls", CONCURRENT_PROGRAM)

    records = deployed_calls(project, tmp_path / "calls")

    assert len(records) == RESOURCES
    assert len({record["pid"] for record in records}) == 1, "one provider process"
    assert most_in_flight(records) > 4


def test_provider_workers_setting_bounds_calls_in_flight(
    python_project: ProjectFactory, tmp_path: Path
) -> None:
    project = python_project("four-workers", CONCURRENT_PROGRAM)
    project.engine.env["TENANTCTL_PROVIDER_WORKERS"] = "4"

    records = deployed_calls(project, tmp_path / "calls")

    assert len(records) == RESOURCES
    assert most_in_flight(records) == 4


def start_host(stdin: int) -> subprocess.Popen[str]:
    """The provider host as the engine's launcher runs it; returns once it serves."""
    host = subprocess.Popen(
        [sys.executable, "-u", "-m", "tenantctl.resources.provider_host"],
        stdin=stdin,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert host.stdout is not None and host.stdout.readline().strip().isdigit()
    return host


def test_provider_host_exits_when_the_engines_pipe_closes() -> None:
    host = start_host(subprocess.PIPE)
    assert host.stdin is not None
    host.stdin.close()  # what the engine's death does to the pipe
    assert host.wait(5) == ENGINE_GONE_EXIT


def test_provider_host_started_by_hand_keeps_serving() -> None:
    host = start_host(subprocess.DEVNULL)
    try:
        with pytest.raises(subprocess.TimeoutExpired):
            host.wait(2)
    finally:
        host.kill()
        host.wait(5)
