"""``tenantctl local-tenant``: serve, seed, reset the local tenant and print tokens."""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import json
import signal
from pathlib import Path

import click
import yaml

from local_tenant.auth import ALL_ROLES

DEFAULT_DATA = Path(".local-tenant")
_data_option = click.option(
    "--data",
    "data",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_DATA,
    show_default=True,
    help="Data directory (SQLite database, keys, clients, certificate).",
)


SERVER_MODULES = ("aiohttp", "jwt", "cryptography")
"""What the server imports from the `local-tenant` extra (pyproject.toml)."""


@click.group("local-tenant")
def local_tenant_group() -> None:
    """A local, Graph v1.0-compatible Microsoft 365 tenant on loopback."""
    missing = [name for name in SERVER_MODULES if not _importable(name)]
    if missing:
        raise click.ClickException(
            f"the local tenant needs {', '.join(missing)}, from the local-tenant extra "
            "(fix: pip install 'tenantctl[local-tenant]')"
        )


def _importable(module: str) -> bool:
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True


@local_tenant_group.command()
@_data_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8765, show_default=True, type=int)
@click.option(
    "--tls-port", default=None, type=int, help="HTTPS port for the token endpoint [port+1]."
)
@click.option(
    "--faults",
    "faults_file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="YAML fault configuration.",
)
@click.option(
    "--seed",
    "seed_value",
    default=42,
    show_default=True,
    type=int,
    help="Seed used when the data directory is new.",
)
@click.option(
    "--users",
    default=60,
    show_default=True,
    type=int,
    help="Users generated when the data directory is new.",
)
@click.option(
    "--team-provision-s", type=float, default=None, help="Seconds a new team takes to provision."
)
@click.option("--latency-ms", type=float, default=None, help="Latency added to Graph requests.")
@click.option("--transient-rate", type=float, default=None, help="Share answered 503/504.")
@click.option("--throttle/--no-throttle", default=None, help="Enforce Graph's throttling budgets.")
@click.option("--fault-seed", type=int, default=None, help="Seed of the fault layer's RNG.")
def serve(
    data: Path,
    host: str,
    port: int,
    tls_port: int | None,
    faults_file: Path | None,
    seed_value: int,
    users: int,
    team_provision_s: float | None,
    latency_ms: float | None,
    transient_rate: float | None,
    throttle: bool | None,
    fault_seed: int | None,
) -> None:
    """Serve the local tenant until interrupted."""
    from local_tenant.app import LocalTenantServer
    from local_tenant.faults import FaultConfig
    from local_tenant.seed import SeedSpec, seed
    from local_tenant.tenant import Tenant

    tenant = Tenant(data)
    if not tenant.store.count("user", at_most=1):
        seed(tenant, SeedSpec(seed=seed_value, users=users))
    config = tenant.faults.config
    if faults_file is not None:
        config = FaultConfig(**(yaml.safe_load(faults_file.read_text()) or {}))
    if latency_ms is not None:
        config.latency.fixed_ms = latency_ms
    if transient_rate is not None:
        config.transient.rate = transient_rate
    if throttle is not None:
        config.throttle.enabled = throttle
    if fault_seed is not None:
        config.seed = fault_seed
    tenant.faults.configure(FaultConfig(**config.model_dump()))
    if team_provision_s is not None:
        tenant.set_behaviour({"team_provision_s": team_provision_s})
    server = LocalTenantServer(tenant)

    async def run() -> None:
        https_port = tls_port if tls_port is not None else (port + 1 if port else 0)
        try:
            await server.start(host, port, https_port)
        except OSError as error:
            raise click.ClickException(
                f"cannot listen on {host} ports {port} and {https_port}: {error.strerror}; "
                "stop what uses them or choose --port/--tls-port"
            ) from None
        info = {
            "base_url": f"http://{host}:{server.port}/v1.0",
            "authority": f"https://{host}:{server.tls_port}",
            "tenant_id": tenant.organisation.tenant_id,
            "certificate": str(server.certificate),
            "admin_token_file": str(data / "admin.token"),
        }
        (data / "server.json").write_text(json.dumps(info, indent=2))
        click.echo(json.dumps(info), err=False)
        stopped = asyncio.Event()
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stopped.set)
        try:
            await stopped.wait()
        finally:
            await server.stop()
            tenant.store.close()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run())


@local_tenant_group.command()
@_data_option
@click.option(
    "--roles",
    default=",".join(ALL_ROLES),
    show_default="all roles",
    help="Comma-separated application permissions.",
)
def token(data: Path, roles: str) -> None:
    """Print a bearer token for scripts and tests."""
    from local_tenant.auth import Authority
    from local_tenant.tenant import Tenant

    tenant = Tenant(data)
    authority: Authority = tenant.authority
    click.echo(authority.issue([r.strip() for r in roles.split(",") if r.strip()]))


@local_tenant_group.command("seed")
@_data_option
@click.option("--seed", "seed_value", default=42, show_default=True, type=int)
@click.option("--users", default=60, show_default=True, type=int)
@click.option("--guests", default=4, show_default=True, type=int)
@click.option(
    "--organisation", "organisations", multiple=True, help="Organisation (companyName); repeatable."
)
@click.option("--department", "departments", multiple=True, help="Department; repeatable.")
def seed_command(
    data: Path,
    seed_value: int,
    users: int,
    guests: int,
    organisations: tuple[str, ...],
    departments: tuple[str, ...],
) -> None:
    """Add a generated directory to the data directory."""
    from local_tenant.seed import SeedSpec, seed
    from local_tenant.tenant import Tenant

    spec = SeedSpec(seed=seed_value, users=users, guests=guests)
    if organisations:
        spec.organisations = list(organisations)
    if departments:
        spec.departments = list(departments)
    click.echo(json.dumps(seed(Tenant(data), spec)))


@local_tenant_group.command()
@_data_option
@click.option("--no-seed", is_flag=True, help="Leave the tenant empty.")
def reset(data: Path, no_seed: bool) -> None:
    """Delete every object; reseed with the default directory unless --no-seed."""
    from local_tenant.seed import SeedSpec, seed
    from local_tenant.tenant import Tenant

    tenant = Tenant(data)
    tenant.reset()
    if not no_seed:
        seed(tenant, SeedSpec())
    click.echo("reset")
