"""`tenantctl drift STACK`: the scheduled drift detection job."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import Any

import click

from tenantctl.drift import accept
from tenantctl.drift.bulk import BulkReadClient
from tenantctl.drift.compare import read_all, unmanaged_groups
from tenantctl.drift.report import Counts, DriftReport, as_json, build, markdown
from tenantctl.drift.state import StackState, parse_export
from tenantctl.graph import RetryEvent
from tenantctl.jobs.cli import finish, job, job_options
from tenantctl.jobs.graph_access import open_client
from tenantctl.jobs.progress import Progress
from tenantctl.jobs.pulumi_cli import pulumi_json, read_json, stack_config


async def detect(
    stack: str,
    state: StackState,
    config: dict[str, Any],
    acceptances: list[accept.Acceptance],
    show: Progress,
) -> DriftReport:
    """Read the tenant in bulk and compare it with the stack's state."""
    client = open_client(config, BulkReadClient)
    async with client:

        def throttled(event: RetryEvent) -> None:
            show.add(throttling_wait=event.wait)

        client.stats.listeners.append(throttled)
        show.set("reading groups and users (delta)", objects_read=0, requests=0)
        await client.snapshot.load(client)
        show.set("reading declared objects", requests=client.sent)

        def done() -> None:
            show.add(objects_read=1)
            show.set(requests=client.sent)

        findings = await read_all(client, state, done)
        counts = Counts(len(state.resources), client.sent, client.stats.retry_wait, state.skipped)
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
    with job("drift", show_progress) as show:
        show.set(f"state of {stack}")
        if state_file:
            export, config = read_json(state_file), {}
        else:
            export = pulumi_json(["stack", "export", "--stack", stack], cwd)
            config = stack_config(stack, cwd)
        state = parse_export(export)
        acceptances = accept.load(accepted)
        report = asyncio.run(detect(stack, state, config, acceptances, show))
    finish(markdown(report), as_json(report), markdown_out, json_out, report.failing)
