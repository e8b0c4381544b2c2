"""`tenantctl permissions`: the Graph application permissions some resource kinds need."""

from __future__ import annotations

import click

from tenantctl.resources.permissions import required_permissions
from tenantctl.resources.registry import SPECS


@click.command("permissions")
@click.argument("kinds", nargs=-1, required=True, metavar="RESOURCE_KINDS...")
@click.option(
    "--explain", is_flag=True, help="Also show each kind's endpoints, permissions and delete."
)
def permissions(kinds: tuple[str, ...], explain: bool) -> None:
    """Print the least set of Graph application permissions for RESOURCE_KINDS.

    Kinds are Graph resource kinds (Team, Channel, ...); 'all' means every kind.
    """
    wanted = sorted(SPECS) if kinds == ("all",) else list(kinds)
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
