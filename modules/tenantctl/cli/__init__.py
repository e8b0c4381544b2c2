"""The `tenantctl` command line: one click group, with subcommands registered per feature."""

from __future__ import annotations

import click


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tenantctl")
def main() -> None:
    """Manage a Microsoft 365 tenant as code."""


from tenantctl.cli.validate import validate_command  # noqa: E402

main.add_command(validate_command)

from local_tenant.cli import local_tenant_group  # noqa: E402

main.add_command(local_tenant_group)

from tenantctl.resources.cli import permissions  # noqa: E402

main.add_command(permissions)

from tenantctl.cli.seed_local import seed_local_command  # noqa: E402

main.add_command(seed_local_command)

from tenantctl.preview.cli import preview_report_command  # noqa: E402

main.add_command(preview_report_command)

from tenantctl.drift.cli import drift_command  # noqa: E402

main.add_command(drift_command)

from tenantctl.governance.cli import check_command  # noqa: E402

main.add_command(check_command)

from tenantctl.export.cli import export_command  # noqa: E402

main.add_command(export_command)
