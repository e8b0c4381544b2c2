"""`tenantctl drift STACK`: the scheduled drift detection job."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import heapq
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from tenantctl.drift import accept
from tenantctl.drift.bulk import BulkReadClient
from tenantctl.drift.compare import read_all, unmanaged_groups
from tenantctl.drift.report import Counts, DriftReport, as_json, build, markdown
from tenantctl.drift.snapshot import Snapshot
from tenantctl.drift.state import Declared, StateIndex, declared, index_state
from tenantctl.graph import RetryEvent
from tenantctl.jobs.cli import finish, job, job_options
from tenantctl.jobs.exit_codes import ExitCode
from tenantctl.jobs.graph_access import open_client
from tenantctl.jobs.progress import Progress
from tenantctl.jobs.pulumi_cli import pulumi_output, stack_config

EARLY_KINDS = frozenset(
    {
        "Team",
        "TeamSettings",
        "Channel",
        "GroupDirectorySettings",
        "GroupLicence",
        "SiteSharing",
        "CrossTenantPartner",
        "TenantSharingSettings",
        "TenantGroupSettings",
    }
)
"""Kinds read while the snapshot's delta rounds run, the others after them: their reads need
no group, member or user from the snapshot (but for a private channel's roster, which names
users and waits). A read that needs the snapshot, made early, would wait for the rounds while
holding one of the places of the reads in flight."""


async def detect(
    stack: str,
    document: Path,
    state: StateIndex,
    config: dict[str, Any],
    acceptances: list[accept.Acceptance],
    show: Progress,
) -> DriftReport:
    """Read the tenant in bulk and compare it with the stack's state (streamed from
    `document`, of which `state` is the index)."""
    client = open_client(config, BulkReadClient)
    # The snapshot takes the index's ids, and adds the kept groups' members to them.
    client.snapshot = Snapshot(wanted=state.ids, scopes=tuple(state.prefixes))
    async with client:

        def throttled(event: RetryEvent) -> None:
            show.add(throttling_wait=event.wait)

        client.stats.listeners.append(throttled)

        def done() -> None:
            show.add(objects_read=1)
            show.set(requests=client.sent)

        def numbered(early: bool) -> Iterator[tuple[int, Declared]]:
            for position, resource in enumerate(declared(document)):
                if (resource.kind in EARLY_KINDS) == early:
                    yield position, resource

        show.set("reading teams and settings, groups and users (delta)", objects_read=0)
        loading = client.load_snapshot()
        refused: Counter[str] = Counter()
        try:
            early = await read_all(client, numbered(early=True), done, refused)
            await loading
        finally:
            loading.cancel()  # when a read failed first
        show.set("reading the other declared objects", requests=client.sent)
        rest = await read_all(client, numbered(early=False), done, refused)
        findings = [finding for _, finding in heapq.merge(early, rest, key=lambda f: f[0])]
        counts = Counts(
            state.count, client.sent, client.stats.retry_wait, state.skipped, dict(refused)
        )
        unmanaged = unmanaged_groups(client, state)
    now = dt.datetime.now(dt.UTC)
    return build(stack, now, findings, unmanaged, acceptances, counts)


@click.command("drift")
@click.argument("stack")
@click.option(
    "--state",
    "state_file",
    type=click.Path(path_type=Path, allow_dash=True),
    help="Read `pulumi stack export` output from this file instead of running it "
    "(Graph settings then come from the environment).",
)
@click.option(
    "--accepted",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("drift-accepted.yaml"),
    show_default=True,
    help="Accepted deviations (object, property, reason, expires).",
)
@job_options
def drift_command(
    stack: str,
    state_file: Path | None,
    cwd: Path,
    accepted: Path,
    markdown_out: Path | None,
    json_out: Path | None,
    show_progress: bool,
) -> None:
    """Compare what STACK declares with the live tenant (Markdown on stdout).

    Exit codes: 0 no drift, 3 drift (not accepted, or acceptance expired), 1 error
    (including throttling past the retry budget and an unreachable tenant).
    """
    with job("drift", show_progress) as show, state_document(stack, state_file, cwd) as document:
        show.set(f"state of {stack}")
        config = {} if state_file else stack_config(stack, cwd)
        state = index_state(document)
        acceptances = accept.load(accepted)
        report = asyncio.run(detect(stack, document, state, config, acceptances, show))
    code = ExitCode.ATTENTION if report.failing else ExitCode.OK
    finish(markdown(report), as_json(report), markdown_out, json_out, code)


@contextlib.contextmanager
def state_document(stack: str, state_file: Path | None, cwd: Path) -> Iterator[Path]:
    """The `pulumi stack export` document as a file to stream: STATE_FILE, or standard input
    (`-`) or the engine's export written to a private temporary file."""
    if state_file is not None and str(state_file) != "-":
        yield state_file
        return
    with tempfile.TemporaryDirectory(prefix="tenantctl-drift-") as folder:
        path = Path(folder) / "state.json"
        if state_file is None:
            pulumi_output(["stack", "export", "--stack", stack, "--file", str(path)], cwd)
        else:
            with path.open("wb") as copy:
                shutil.copyfileobj(sys.stdin.buffer, copy)
        yield path
