"""`tenantctl seed-local STACK`: give a running local tenant the people a description names,
and their mailboxes a usage."""

from __future__ import annotations

from pathlib import Path

import click

from tenantctl.generate.local_directory import LocalTenantEndpoint, seed_directory
from tenantctl.generate.local_mail import seed_mail_usage
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
    """Add the users of STACK's description to the local tenant serving DATA, and give the
    mailboxes of those licensed for Exchange a usage (run it again once `pulumi up` has
    licensed them)."""
    tenant = load_stack(stack).tenant
    endpoint = LocalTenantEndpoint.from_data_dir(data)
    added = seed_directory(endpoint, tenant)
    click.echo(f"local tenant: {added} user(s) added for stack description '{stack}'")
    mail = seed_mail_usage(endpoint, tenant)
    click.echo(
        f"local tenant: mail usage for {mail.seeded} mailbox(es), {mail.quiet} with no "
        f"activity since their wave; {mail.without_mailbox} agent(s) without a mailbox yet "
        "(licensed by `pulumi up`: run seed-local again after it)"
    )
