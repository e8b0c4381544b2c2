"""`tenantctl preview-report STACK`: the pull-request comment of a `pulumi preview`."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import click

from tenantctl.jobs.cli import finish, job, job_options, write_outputs
from tenantctl.jobs.exit_codes import ExitCode
from tenantctl.jobs.graph_access import open_client
from tenantctl.jobs.progress import Progress
from tenantctl.jobs.pulumi_cli import (
    JobError,
    failure,
    load_json,
    read_json,
    run_pulumi,
    stack_config,
)
from tenantctl.model import LoadedTenant, TenantDescriptionError
from tenantctl.preview.plan import Plan, parse
from tenantctl.preview.render import Report, as_json, error_json, error_markdown, markdown
from tenantctl.preview.risks import find_risks
from tenantctl.preview.seats import changes_licences, licence_changes, subscribed_skus
from tenantctl.preview.waves import NOW, shortages, wave_rows
from tenantctl.stack.config import PROJECT
from tenantctl.stack.description import load_valid_stack
from tenantctl.stack.project import StackNotFound
from tenantctl.user_error import one_line


def build_report(
    stack: str,
    plan: Plan,
    skus: list[dict[str, Any]],
    described: LoadedTenant | str | None = None,
) -> Report:
    """The report of a plan, given the tenant's subscriptions and, to show the migration
    waves, the stack's description (`description_of`)."""
    licences = licence_changes(plan, skus)
    if not isinstance(described, LoadedTenant):
        return Report(stack, plan, find_risks(plan, licences), licences, waves_note=described or "")
    waves = wave_rows(described.tenant, described.today, plan)
    risks = find_risks(plan, licences, shortages(waves, skus))
    return Report(stack, plan, risks, licences, waves, described.today)


def exit_code(report: Report) -> ExitCode:
    """REFUSED for a failed preview, ATTENTION for risky changes, OK otherwise."""
    if report.plan.failed:
        return ExitCode.REFUSED
    return ExitCode.ATTENTION if report.risky else ExitCode.OK


def preview_of(stack: str, cwd: Path) -> Plan:
    """`pulumi preview --json --show-sames` of STACK, read also when the preview failed (its
    JSON then says what the engine refused); an error when it printed no preview."""
    args = ["preview", "--json", "--show-sames", "--stack", stack]
    result = run_pulumi(args, cwd)
    if result.returncode != 0 and not result.stdout.lstrip().startswith("{"):
        raise JobError(failure(args, result))
    plan = parse(load_json(result.stdout, "`pulumi preview --json`"), "`pulumi preview --json`")
    if result.returncode != 0 and not plan.failed:
        raise JobError(failure(args, result) + " (and its JSON reports no error)")
    return plan


def description_of(config: dict[str, Any]) -> LoadedTenant | str | None:
    """The description the previewed stack's configuration names, loaded for the date the
    program plans for; why it cannot be loaded here (one line); None when it names none."""
    name = config.get(f"{PROJECT}:description") or config.get("description")
    if isinstance(name, dict):  # `pulumi config --json`: {"value": ..., "secret": ...}
        name = name.get("value")
    if not name:
        return None
    try:
        return load_valid_stack(str(name))
    except (StackNotFound, TenantDescriptionError) as error:
        return one_line(str(error))


async def _skus_from_graph(config: dict[str, Any]) -> list[dict[str, Any]]:
    async with open_client(config) as client:
        return await subscribed_skus(client)


def _skus(
    path: Path | None, plan: Plan, config: dict[str, Any], show: Progress, waves: bool
) -> list[dict[str, Any]]:
    """The subscriptions from a file, else through Graph when licences change or `waves`
    come in."""
    if path is not None:
        found = read_json(path)
        items = found.get("value", []) if isinstance(found, dict) else found
        if not isinstance(items, list) or not all(isinstance(sku, dict) for sku in items):
            raise JobError(f"{path}: expected the JSON of GET /subscribedSkus (a `value` list)")
        return items
    if not changes_licences(plan) and not waves:
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

    Exit codes: 0 no risky change, 3 risky changes, 4 the preview failed (the report lists
    what the engine refused and what it could not plan), 1 error (the files asked for say
    why). See docs/ci.md.
    """

    def report_error(message: str) -> None:
        write_outputs(
            error_markdown(stack, message), error_json(stack, message), markdown_out, json_out
        )

    with job("preview-report", show_progress, on_error=report_error) as show:
        show.set(f"preview of {stack}")
        if source:
            name = "standard input" if str(source) == "-" else str(source)
            plan = parse(read_json(source), name)
        else:
            plan = preview_of(stack, cwd)
        config = plan.config if source else stack_config(stack, cwd)
        loaded = description_of(config)
        waves = (
            wave_rows(loaded.tenant, loaded.today, plan) if isinstance(loaded, LoadedTenant) else []
        )
        found = _skus(skus, plan, config, show, any(row.state == NOW for row in waves))
        report = build_report(stack, plan, found, loaded)
    finish(markdown(report), as_json(report), markdown_out, json_out, exit_code(report))
