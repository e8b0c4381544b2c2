"""`tenantctl export`: describe a live tenant as a stack folder of YAML data."""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from tenantctl.export.classify import KINDS
from tenantctl.export.mapping import ExportMapping, load_mapping
from tenantctl.export.progress import progress_bars
from tenantctl.export.run import Filters, export_tenant
from tenantctl.export.writer import write_export
from tenantctl.graph import client_from
from tenantctl.jobs.graph_access import config_lookup
from tenantctl.jobs.pulumi_cli import stack_config
from tenantctl.stack.project import project_root


@click.command("export")
@click.option("--out", type=click.Path(path_type=Path), required=True, help="Stack folder.")
@click.option("--mapping", type=click.Path(exists=True, path_type=Path), help="Mapping YAML.")
@click.option("--stack", help="Read graphBaseUrl and credentials from the stack's configuration.")
@click.option("--graph-base-url", help="Overrides graphBaseUrl.")
@click.option("--sharepoint-admin-url", help="Overrides sharepointAdminUrl.")
@click.option(
    "--kind", "kinds", multiple=True, type=click.Choice(KINDS), help="Only these sections."
)
@click.option("--name", "pattern", help="Only groups whose name matches (shell pattern).")
def export_command(
    out: Path,
    mapping: Path | None,
    stack: str | None,
    graph_base_url: str | None,
    sharepoint_admin_url: str | None,
    kinds: tuple[str, ...],
    pattern: str | None,
) -> None:
    """Export a live tenant as a tenant description to review and commit."""
    config = dict(stack_config(stack, project_root())) if stack else {}
    overrides = {"graphBaseUrl": graph_base_url, "sharepointAdminUrl": sharepoint_admin_url}
    config.update({key: value for key, value in overrides.items() if value})
    asyncio.run(_export(config, load_mapping(mapping), Filters(kinds or KINDS, pattern), out))


async def _export(
    config: dict[str, Any], mapping: ExportMapping, filters: Filters, out: Path
) -> None:
    console = Console(stderr=True, highlight=False, soft_wrap=True)
    async with client_from(config_lookup(config)) as client:
        with progress_bars(console) as progress:
            export, snapshot = await export_tenant(client, mapping, filters, progress)
        minimum = snapshot.minimum_requests()
        del snapshot  # what was read: the description holds what is written
        written = write_export(export, out)
        t = export.tenant
        console.print(
            f"exported {len(t.directorates)} directorates, {len(t.spaces)} spaces, "
            f"{len(t.licence_groups)} licence groups, {len(t.partners)} partners, "
            f"{len(t.people)} people to {out}/data ({len(written)} files)"
        )
        reasons = Counter(u.kind for u in export.unclassified)
        left = ", ".join(f"{n} {kind}" for kind, n in sorted(reasons.items())) or "none"
        console.print(f"unclassified (see {out}/unclassified.yaml): {left}")
        console.print(f"requests: {client.stats.requests} (minimum for these objects: {minimum})")
