"""`tenantctl preview-report STACK`: the pull-request comment of a `pulumi preview`."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import click

from tenantctl.jobs.cli import finish, job, job_options
from tenantctl.jobs.graph_access import open_client
from tenantctl.jobs.progress import Progress
from tenantctl.jobs.pulumi_cli import pulumi_json, read_json, stack_config
from tenantctl.preview.plan import Plan, parse
from tenantctl.preview.render import Report, as_json, markdown
from tenantctl.preview.risks import find_risks
from tenantctl.preview.seats import licence_changes, subscribed_skus


def build_report(stack: str, plan: Plan, skus: list[dict[str, Any]]) -> Report:
    """The report of a plan, given the tenant's subscriptions."""
    licences = licence_changes(plan, skus)
    return Report(stack, plan, find_risks(plan, licences), licences)


async def _skus_from_graph(config: dict[str, Any]) -> list[dict[str, Any]]:
    async with open_client(config) as client:
        return await subscribed_skus(client)


def _skus(
    path: Path | None, plan: Plan, config: dict[str, Any], show: Progress
) -> list[dict[str, Any]]:
    """The subscriptions from a file, else through Graph when licences change."""
    if path is not None:
        found = read_json(path)
        return list(found.get("value", []) if isinstance(found, dict) else found)
    if not any(change.kind == "GroupLicence" for change in plan.pending):
        return []
    show.set("reading subscribedSkus")
    return asyncio.run(_skus_from_graph(config))


@click.command("preview-report")
@click.argument("stack")
@click.option(
    "--from",
    "source",
    type=click.Path(path_type=Path, allow_dash=True),
    help="Read `pulumi preview --json` output from this file ('-': stdin) instead of running it.",
)
@click.option(
    "--skus",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="GET /subscribedSkus as JSON, instead of reading it through Graph.",
)
@job_options
def preview_report_command(
    stack: str,
    source: Path | None,
    cwd: Path,
    skus: Path | None,
    markdown_out: Path | None,
    json_out: Path | None,
    show_progress: bool,
) -> None:
    """Summarise a preview of STACK for a pull request (Markdown on stdout).

    Exit codes: 0 no risky change, 3 risky changes, 1 error.
    """
    with job("preview-report", show_progress) as show:
        show.set(f"preview of {stack}")
        preview = (
            read_json(source)
            if source
            else pulumi_json(["preview", "--json", "--stack", stack], cwd)
        )
        plan = parse(preview)
        config = plan.config if source else stack_config(stack, cwd)
        report = build_report(stack, plan, _skus(skus, plan, config, show))
    finish(markdown(report), as_json(report), markdown_out, json_out, report.risky)
