"""`tenantctl generate`: write a synthetic tenant's stack and local tenant seed."""

from __future__ import annotations

import time
from pathlib import Path

import click

from tenantctl.generate.description import build
from tenantctl.generate.seed import load_seed, seed_users, write_seed
from tenantctl.generate.sizes import SIZES
from tenantctl.generate.stack import write_stack


@click.command("generate")
@click.option("--size", type=click.Choice(sorted(SIZES)), default="S", show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option(
    "--out", type=click.Path(file_okay=False, path_type=Path), required=True, help="Output folder."
)
@click.option("--name", help="Stack name (default: synthetic_<size>).")
@click.option(
    "--local-tenant",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also load the users into this local tenant data directory.",
)
def generate_command(
    size: str, seed: int, out: Path, name: str | None, data_dir: Path | None
) -> None:
    """Write OUT/stacks/<name>/ and OUT/<name>.users.jsonl for a synthetic tenant."""
    started = time.perf_counter()
    name = name or f"synthetic_{size.lower()}"
    tenant = build(SIZES[size], seed)
    folder = write_stack(tenant, out, name)
    seed_file = out / f"{name}.users.jsonl"
    users = write_seed(seed_file, seed_users(tenant, seed))
    click.echo(
        f"{folder}: {len(tenant.directorates)} directorates, {len(tenant.spaces)} spaces, "
        f"{sum(len(s.channels) for s in tenant.spaces)} channels, {len(tenant.partners)} "
        f"partners, {len(tenant.licence_groups)} licence groups"
    )
    click.echo(f"{seed_file}: {users} users ({time.perf_counter() - started:.1f} s)")
    if data_dir is not None:
        started = time.perf_counter()
        loaded = load_seed(seed_file, data_dir)
        click.echo(f"{data_dir}: {loaded} users loaded ({time.perf_counter() - started:.1f} s)")
