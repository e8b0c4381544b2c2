"""`tenantctl validate STACK`: load a stack description and report every problem at once."""

from __future__ import annotations

import sys

import click
from rich.console import Console
from rich.markup import escape

from tenantctl.model import Finding, Severity, TenantDescriptionError
from tenantctl.stack.description import load_valid_stack

EXIT_INVALID = 1


@click.command("validate")
@click.argument("stack")
def validate_command(stack: str) -> None:
    """Validate the description of STACK (a folder under stacks/)."""
    console = Console(stderr=True, highlight=False, soft_wrap=True)  # a message is one line
    try:
        loaded = load_valid_stack(stack)
    except LookupError as exc:
        console.print(f"[red]error:[/red] {escape(str(exc))}")
        sys.exit(EXIT_INVALID)
    except TenantDescriptionError as exc:
        _print_findings(console, exc.findings)
        console.print(f"[red]{stack}: {len(exc.errors)} error(s); nothing was applied.[/red]")
        sys.exit(EXIT_INVALID)
    _print_findings(console, loaded.warnings)
    tenant = loaded.tenant
    console.print(
        f"[green]{stack} is valid:[/green] {len(tenant.organisations)} organisations, "
        f"{len(tenant.directorates)} directorates, {len(tenant.spaces)} team spaces, "
        f"{len(tenant.partners)} partners, {len(tenant.licence_groups)} licence groups"
    )


def _print_findings(console: Console, findings: list[Finding] | tuple[Finding, ...]) -> None:
    for finding in findings:
        colour = "red" if finding.severity is Severity.ERROR else "yellow"
        console.print(f"[{colour}]{escape(str(finding))}[/{colour}]")
