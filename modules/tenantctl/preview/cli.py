"""`tenantctl preview-report STACK`: the pull-request comment of a `pulumi preview`."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import click

from tenantctl.jobs import progress as progress_
from tenantctl.jobs.exit_codes import ExitCode
from tenantctl.jobs.graph_access import FAILURES, explain, open_client
from tenantctl.jobs.pulumi_cli import pulumi_json, read_json
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


def _skus(path: Path | None, plan: Plan, show: progress_.Progress) -> list[dict[str, Any]]:
    """The subscriptions from a file, else through Graph when licences change."""
    if path is not None:
        found = read_json(path)
        return list(found.get("value", []) if isinstance(found, dict) else found)
    if not any(change.kind == "GroupLicence" for change in plan.pending):
        return []
    show.set("reading subscribedSkus")
    return asyncio.run(_skus_from_graph(plan.config))


@click.command("preview-report")
@click.argument("stack")
@click.option(
    "--from",
    "source",
    type=click.Path(path_type=Path, allow_dash=True),
    help="Read `pulumi preview --json` output from this file ('-': stdin) instead of running it.",
)
@click.option(
    "--cwd",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    help="The Pulumi project directory.",
)
@click.option(
    "--skus",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="GET /subscribedSkus as JSON, instead of reading it through Graph.",
)
@click.option(
    "--markdown", "markdown_out", type=click.Path(path_type=Path), help="Write Markdown here."
)
@click.option("--json", "json_out", type=click.Path(path_type=Path), help="Write JSON here.")
@click.option("--progress", "show_progress", is_flag=True, help="Show progress even in CI.")
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
    try:
        with progress_.progress(progress_.wanted(show_progress)) as show:
            show.set(f"preview of {stack}")
            preview = (
                read_json(source)
                if source
                else pulumi_json(["preview", "--json", "--stack", stack], cwd)
            )
            plan = parse(preview)
            report = build_report(stack, plan, _skus(skus, plan, show))
    except FAILURES as error:
        click.echo(f"preview-report: error: {explain(error)}", err=True)
        raise SystemExit(ExitCode.ERROR) from None
    text = markdown(report)
    if markdown_out:
        markdown_out.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
    if json_out:
        json_out.write_text(json.dumps(as_json(report), indent=2, ensure_ascii=False) + "\n")
    raise SystemExit(ExitCode.ATTENTION if report.risky else ExitCode.OK)
