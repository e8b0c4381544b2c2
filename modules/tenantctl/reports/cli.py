"""`tenantctl report licences|adoption|migration STACK`: the IT department's recurring reports.

The Graph client comes from the environment, as for every command (`TENANTCTL_GRAPH_BASE_URL`,
`AZURE_TENANT_ID`, `AZURE_CLIENT_ID` and a credential, or `TENANTCTL_ACCESS_TOKEN`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from pathlib import Path

import click

from tenantctl.graph import client_from, lookup_from
from tenantctl.model import Tenant
from tenantctl.reports.adoption import adoption_reports, analyse_adoption
from tenantctl.reports.adoption_page import write_adoption_report
from tenantctl.reports.csvreport import ReportSpec
from tenantctl.reports.graphdata import read_snapshot
from tenantctl.reports.licence_page import write_licence_report
from tenantctl.reports.licences import analyse_licences, licence_reports
from tenantctl.reports.mailboxes import provisioned
from tenantctl.reports.migration import (
    MigrationReport,
    analyse_migration,
    migration_reports,
    to_probe,
)
from tenantctl.reports.migration_page import write_migration_report
from tenantctl.reports.prices import load_prices
from tenantctl.reports.snapshot import TenantSnapshot
from tenantctl.reports.writeback import plan_change, write_change
from tenantctl.stack.planning import planning_date
from tenantctl.stack.project import load_stack, load_stack_data, project_root

_OUT = click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("report-out"),
    show_default=True,
    help="Folder for the HTML page, the JSON and the CSV tables.",
)


async def _snapshot(wanted: Iterable[tuple[ReportSpec, str]]) -> TenantSnapshot:
    async with client_from(lookup_from({})) as client:
        return await read_snapshot(client, wanted)


def _read(wanted: Iterable[tuple[ReportSpec, str]]) -> TenantSnapshot:
    return asyncio.run(_snapshot(wanted))


@click.group("report")
def report_group() -> None:
    """Licence optimisation, adoption and mail migration reports from Graph."""


@report_group.command("licences")
@click.argument("stack")
@_OUT
@click.option(
    "--prices",
    "prices_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Price file (default: reports/prices.yaml of the project).",
)
@click.option("--inactive-days", type=click.IntRange(1, 180), default=90, show_default=True)
@click.option(
    "--write-stack",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=None,
    help="Write the recommendations into this stack folder's data (e.g. stacks/demo).",
)
def licences_command(
    stack: str, out: Path, prices_file: Path | None, inactive_days: int, write_stack: Path | None
) -> None:
    """Seats bought vs used, direct and failed assignments, and savings for STACK's tenant."""
    prices = load_prices(prices_file or project_root() / "reports" / "prices.yaml")
    tenant = load_stack(stack).tenant
    snapshot = _read(licence_reports(inactive_days))
    report = analyse_licences(snapshot, prices, inactive_days)
    for path in write_licence_report(report, out):
        click.echo(f"wrote {path}")
    totals = report.totals()
    click.echo(
        f"{len(report.recommendations)} recommendation(s), yearly effect "
        f"{totals['total']:+.2f} {report.currency}"
    )
    if write_stack is not None:
        data = write_stack / "data"
        planned = load_stack_data(data).tenant if data.is_dir() else tenant
        change = plan_change(planned, snapshot.users, report.recommendations)
        for path in write_change(data, change):
            click.echo(f"changed {path}")
        for line in change.skipped:
            click.echo(f"not written: {line}", err=True)


@report_group.command("adoption")
@click.argument("stack")
@_OUT
def adoption_command(stack: str, out: Path) -> None:
    """Active licensed agents per directorate and organisation over 7 to 180 days."""
    tenant = load_stack(stack).tenant
    report = analyse_adoption(_read(adoption_reports()), tenant)
    for path in write_adoption_report(report, out):
        click.echo(f"wrote {path}")


async def migration_of(tenant: Tenant) -> MigrationReport:
    """Read the directory, the mailboxes of the licensed and the usage report; analyse."""
    async with client_from(lookup_from({})) as client:
        snapshot = await read_snapshot(client, migration_reports())
        mailboxes = await provisioned(client, to_probe(snapshot))
    return analyse_migration(snapshot, tenant, mailboxes, planning_date())


@report_group.command("migration")
@click.argument("stack")
@_OUT
def migration_command(stack: str, out: Path) -> None:
    """Per migration wave and directorate: agents licensed with Exchange, mailboxes
    provisioned, their usage, and the agents with no mail activity since their wave."""
    tenant = load_stack(stack).tenant
    report = asyncio.run(migration_of(tenant))
    for path in write_migration_report(report, out):
        click.echo(f"wrote {path}")
    click.echo(f"{len(report.quiet)} agent(s) with no mail activity since their wave")
