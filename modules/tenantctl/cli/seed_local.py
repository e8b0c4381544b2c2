"""`tenantctl seed-local STACK`: give a running local tenant the people a description names."""

from __future__ import annotations

from pathlib import Path

import click

from tenantctl.generate.local_directory import LocalTenantEndpoint, seed_directory
from tenantctl.stack.project import load_stack


@click.command("seed-local")
@click.argument("stack")
@click.option(
    "--data",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=Path(".local-tenant"),
    show_default=True,
    help="The running local tenant's data directory (holds server.json).",
)
def seed_local_command(stack: str, data: Path) -> None:
    """Add the users of STACK's description to the local tenant serving DATA."""
    tenant = load_stack(stack).tenant
    added = seed_directory(LocalTenantEndpoint.from_data_dir(data), tenant)
    click.echo(f"local tenant: {added} user(s) added for stack description '{stack}'")
