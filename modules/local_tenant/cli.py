"""``tenantctl local-tenant``: serve, seed, reset the local tenant, print tokens and rotate
the default application's secret.

The local tenant is for the machine it runs on: ``serve`` refuses an address other than
loopback unless told ``--allow-remote``, and even then warns, and refuses to start while an
application still has the published default secret. Bad input (a faults file, an option out
of range, a corrupt file in the data directory) ends in one line naming the file or key and
the fix, never a traceback.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import ipaddress
import json
import signal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
import yaml

from local_tenant.auth import ALL_ROLES, DEFAULT_CLIENT_ID

if TYPE_CHECKING:
    from local_tenant.faults import FaultConfig
    from local_tenant.tenant import Tenant

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


def _open(data: Path) -> Tenant:
    """The tenant in ``data``, or a one-line error naming the file that cannot be used."""
    from local_tenant.datadir import DataDirectoryError
    from local_tenant.tenant import Tenant

    try:
        return Tenant(data)
    except DataDirectoryError as error:
        raise click.ClickException(str(error)) from None
    except OSError as error:
        raise click.ClickException(
            f"cannot use the data directory {data}: {error.strerror or error}"
        ) from None


def is_loopback(host: str) -> bool:
    """Whether ``host`` is ``localhost`` or a loopback address (names are not resolved)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def load_faults(path: Path) -> FaultConfig:
    """The fault configuration in a YAML file, or a one-line error naming the line or key."""
    from pydantic import ValidationError

    from local_tenant.faults import FaultConfig

    try:
        document: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line = f":{mark.line + 1}" if mark is not None else ""
        raise click.ClickException(
            f"{path}{line}: not valid YAML ({error.problem}); fix the file"
        ) from None
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise click.ClickException(f"{path}: not a YAML text file ({error})") from None
    if document is None:
        return FaultConfig()
    if not isinstance(document, dict):
        raise click.ClickException(
            f"{path}: expected a mapping of fault settings ({', '.join(FaultConfig.model_fields)}),"
            f" found {type(document).__name__}"
        )
    try:
        return FaultConfig(**document)
    except ValidationError as error:
        first = error.errors()[0]
        key = ".".join(str(part) for part in first["loc"]) or "(top level)"
        problem = "unknown key" if first["type"] == "extra_forbidden" else first["msg"]
        raise click.ClickException(
            f"{path}: {key}: {problem}; see docs/local-tenant.md (Faults) for the keys"
        ) from None


@local_tenant_group.command()
@_data_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option(
    "--allow-remote",
    is_flag=True,
    help="Accept a --host other than loopback (the network can then reach the tenant).",
)
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
@click.option(
    "--transient-rate",
    type=click.FloatRange(0, 1),
    default=None,
    help="Share answered 503/504, from 0 to 1.",
)
@click.option("--throttle/--no-throttle", default=None, help="Enforce Graph's throttling budgets.")
@click.option("--fault-seed", type=int, default=None, help="Seed of the fault layer's RNG.")
def serve(
    data: Path,
    host: str,
    allow_remote: bool,
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
    from local_tenant.datadir import DataDirectoryError, write_private
    from local_tenant.faults import FaultConfig
    from local_tenant.seed import SeedSpec, seed

    remote = not is_loopback(host)
    if remote and not allow_remote:
        raise click.ClickException(
            f"refusing to listen on {host}, which is not loopback: the local tenant is for "
            "this machine; use --host 127.0.0.1, or add --allow-remote to expose it"
        )
    config = load_faults(faults_file) if faults_file is not None else None
    tenant = _open(data)
    if remote:
        for client_id in tenant.authority.well_known_secret():
            which = "" if client_id == DEFAULT_CLIENT_ID else f" --client-id {client_id}"
            raise click.ClickException(
                f"refusing to listen on {host} while application {client_id} has the "
                "published default secret: run `tenantctl local-tenant rotate-secret "
                f"--data {data}{which}` first"
            )
        click.echo(
            f"warning: listening on {host}: other machines can reach this local tenant "
            "(its certificate names loopback only)",
            err=True,
        )
    if not tenant.store.count("user", at_most=1):
        seed(tenant, SeedSpec(seed=seed_value, users=users))
    if config is None:
        config = tenant.faults.config
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
    try:
        server = LocalTenantServer(tenant)
    except DataDirectoryError as error:
        raise click.ClickException(str(error)) from None

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
        write_private(data / "server.json", json.dumps(info, indent=2))
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
    authority = _open(data).authority
    click.echo(authority.issue([r.strip() for r in roles.split(",") if r.strip()]))


@local_tenant_group.command("rotate-secret")
@_data_option
@click.option("--client-id", default=DEFAULT_CLIENT_ID, show_default=True)
def rotate_secret(data: Path, client_id: str) -> None:
    """Give an application a new random secret and print it (before `serve`; a running
    server keeps the secrets it started with)."""
    authority = _open(data).authority
    if client_id not in authority.clients:
        raise click.ClickException(
            f"no application {client_id} in {data / 'clients.json'}; registered: "
            f"{', '.join(sorted(authority.clients))}"
        )
    click.echo(authority.rotate_secret(client_id))


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

    spec = SeedSpec(seed=seed_value, users=users, guests=guests)
    if organisations:
        spec.organisations = list(organisations)
    if departments:
        spec.departments = list(departments)
    click.echo(json.dumps(seed(_open(data), spec)))


@local_tenant_group.command()
@_data_option
@click.option("--no-seed", is_flag=True, help="Leave the tenant empty.")
def reset(data: Path, no_seed: bool) -> None:
    """Delete every object; reseed with the default directory unless --no-seed."""
    from local_tenant.seed import SeedSpec, seed

    tenant = _open(data)
    tenant.reset()
    if not no_seed:
        seed(tenant, SeedSpec())
    click.echo("reset")
