"""`tenantctl permissions`: the Graph application permissions a stack or some resource kinds
need to be deployed (the write identity), or previewed and checked for drift (`--read`)."""

from __future__ import annotations

import contextlib

import click

from tenantctl.components.directory import GroupProvider
from tenantctl.governance.cli import group_provider_option
from tenantctl.governance.permissions import JOB_READS, command_reads, kind_reads, stack_kinds
from tenantctl.resources.permissions import read_set, required_permissions
from tenantctl.resources.registry import SPECS
from tenantctl.stack.description import load_valid_stack


@click.command("permissions")
@click.argument("kinds", nargs=-1, metavar="STACK | RESOURCE_KINDS...")
@click.option(
    "--explain", is_flag=True, help="Also show each kind's endpoints, permissions and delete."
)
@click.option(
    "--read",
    is_flag=True,
    help="The read-only set instead: what previews and drift detection read (alone: what "
    "every read-only command reads, export and report too).",
)
@group_provider_option
def permissions(
    kinds: tuple[str, ...], explain: bool, read: bool, group_provider: GroupProvider
) -> None:
    """Print the least set of Graph application permissions for STACK or RESOURCE_KINDS.

    A STACK (a folder under stacks/) needs the kinds its description declares. Kinds are
    Graph resource kinds (Team, Channel, ...); 'all' means every kind. With --read, the
    read-only identity's set; kinds it cannot read are named on standard error. --read alone
    lists what every read-only command (drift, preview-report, check --live, export, report)
    reads over every kind.
    """
    if not kinds:
        if not read:
            raise click.UsageError("give a STACK or RESOURCE_KINDS (or --read alone)")
        click.echo("\n".join(command_reads()))
        return
    stack = False
    wanted = sorted(SPECS) if kinds == ("all",) else list(kinds)
    if len(kinds) == 1 and kinds[0] not in (*SPECS, "all"):
        # not a stack either: reported below as an unknown kind
        with contextlib.suppress(LookupError):
            wanted = stack_kinds(load_valid_stack(kinds[0]).tenant, group_provider)
            stack = True
    unknown = [kind for kind in wanted if kind not in SPECS]
    if unknown:
        raise click.BadParameter(
            f"unknown kinds {', '.join(unknown)}; known: {', '.join(sorted(SPECS))}",
            param_hint="RESOURCE_KINDS",
        )
    if read:
        _print_read_set(wanted, group_provider if stack else "graph", explain)
        return
    for permission in required_permissions(wanted):
        click.echo(permission)
    if explain:
        for kind in wanted:
            spec = SPECS[kind]
            click.echo(f"\n{kind}: {', '.join(spec.permissions) or 'as declared'}")
            click.echo(f"  calls: {'; '.join(spec.endpoints)}")
            click.echo(f"  delete: {spec.deletes}")


def _print_read_set(kinds: list[str], group_provider: GroupProvider, explain: bool) -> None:
    reads = kind_reads(kinds, group_provider)
    found = read_set(reads, JOB_READS)
    for permission in found.permissions:
        click.echo(permission)
    for kind, writes in found.unreadable.items():
        click.echo(
            f"note: {kind} is not read by a read-only identity: its read takes "
            f"{', '.join(writes)}; drift reports it as not checked",
            err=True,
        )
    if explain:
        click.echo(f"\njobs (drift, preview-report, check --live): {', '.join(JOB_READS)}")
        for kind in kinds:
            click.echo(f"{kind}: {', '.join(reads[kind]) or 'as declared'}")
