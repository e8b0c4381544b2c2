"""The `tenantctl` command line: one click group whose subcommands are imported on use.

Each feature registers its command below as "module:attribute"; nothing is imported until the
command runs, so `tenantctl local-tenant serve` starts without loading Pulumi or the SDK.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

COMMANDS = {
    "check": "tenantctl.governance.cli:check_command",
    "drift": "tenantctl.drift.cli:drift_command",
    "export": "tenantctl.export.cli:export_command",
    "generate": "tenantctl.generate.cli:generate_command",
    "local-tenant": "local_tenant.cli:local_tenant_group",
    "permissions": "tenantctl.cli.permissions:permissions",
    "preview-report": "tenantctl.preview.cli:preview_report_command",
    "report": "tenantctl.reports.cli:report_group",
    "seed-local": "tenantctl.cli.seed_local:seed_local_command",
    "shards": "tenantctl.cli.shards:shards_group",
    "validate": "tenantctl.cli.validate:validate_command",
}


class LazyGroup(click.Group):
    """A group that imports a subcommand's module only when that subcommand is used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands or cmd_name not in COMMANDS:
            return self.commands.get(cmd_name)
        module_name, attribute = COMMANDS[cmd_name].split(":")
        command: click.Command = getattr(importlib.import_module(module_name), attribute)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        """Run the subcommand; an error that is not click's own is one line (see
        `tenantctl.jobs.failures.one_line_errors`) and ends the command with exit code 1; a read
        Graph refuses names its permission, from every command's reads."""
        from tenantctl.jobs.failures import READ_PERMISSION, one_line_errors

        READ_PERMISSION.set(_read_permission)
        with one_line_errors(lambda: ctx.invoked_subcommand or "tenantctl"):
            return super().invoke(ctx)


def _read_permission(url: str) -> str | None:
    """The permission of a read-only command's call of `url`, imported only when asked for."""
    from tenantctl.governance.permissions import read_permission

    return read_permission(url)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tenantctl")
def main() -> None:
    """Manage a Microsoft 365 tenant as code."""
