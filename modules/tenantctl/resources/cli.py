"""`tenantctl permissions`: the Graph application permissions a stack or some resource kinds
need."""

from __future__ import annotations

import contextlib

import click

from tenantctl.components.directory import GroupProvider
from tenantctl.description import load_valid_stack
from tenantctl.governance.cli import group_provider_option
from tenantctl.governance.permissions import stack_kinds
from tenantctl.resources.permissions import read_permissions, required_permissions
from tenantctl.resources.registry import SPECS


@click.command("permissions")
@click.argument("kinds", nargs=-1, metavar="STACK | RESOURCE_KINDS...")
@click.option(
    "--explain", is_flag=True, help="Also show each kind's endpoints, permissions and delete."
)
@click.option(
    "--reads",
    is_flag=True,
    help="Print what the read-only jobs (drift, export, report, check --live) need instead.",
)
@group_provider_option
def permissions(
    kinds: tuple[str, ...], explain: bool, reads: bool, group_provider: GroupProvider
) -> None:
    """Print the least set of Graph application permissions for STACK or RESOURCE_KINDS.

    A STACK (a folder under stacks/) needs the kinds its description declares. Kinds are
    Graph resource kinds (Team, Channel, ...); 'all' means every kind.
    """
    if reads:
        click.echo("\n".join(read_permissions()))
        return
    if not kinds:
        raise click.UsageError("give a STACK or RESOURCE_KINDS (or --reads)")
    wanted = sorted(SPECS) if kinds == ("all",) else list(kinds)
    if len(kinds) == 1 and kinds[0] not in (*SPECS, "all"):
        # not a stack either: reported below as an unknown kind
        with contextlib.suppress(LookupError):
            wanted = stack_kinds(load_valid_stack(kinds[0]).tenant, group_provider)
    unknown = [kind for kind in wanted if kind not in SPECS]
    if unknown:
        raise click.BadParameter(
            f"unknown kinds {', '.join(unknown)}; known: {', '.join(sorted(SPECS))}",
            param_hint="RESOURCE_KINDS",
        )
    for permission in required_permissions(wanted):
        click.echo(permission)
    if explain:
        for kind in wanted:
            spec = SPECS[kind]
            click.echo(f"\n{kind}: {', '.join(spec.permissions) or 'as declared'}")
            click.echo(f"  calls: {'; '.join(spec.endpoints)}")
            click.echo(f"  delete: {spec.deletes}")
