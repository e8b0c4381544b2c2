"""Pytest fixtures for the local tenant: one in-process server per session, reset per test.

Fixtures: ``local_tenant_server`` (session), ``local_tenant`` (per test: reset, faults off,
schema observer), ``graph_client`` (msgraph-sdk GraphServiceClient on the server).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from kiota_abstractions.authentication import (
    AccessTokenProvider,
    AllowedHostsValidator,
    BaseBearerTokenAuthenticationProvider,
)
from kiota_http.middleware.options import RetryHandlerOption
from msgraph import GraphRequestAdapter, GraphServiceClient
from msgraph_core import GraphClientFactory

from local_tenant.app import LocalTenantServer
from local_tenant.auth import ALL_ROLES, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET
from local_tenant.seed import SeedSpec, seed
from local_tenant.tenant import Tenant

TEST_SEED: dict[str, Any] = {"seed": 7, "users": 40, "guests": 3}
CRASH_GRACE_S = 0.5
"""Test servers stop like a crash: requests still running after this are cut off."""
THREAD_CALL_TIMEOUT_S = 30
"""How long the test thread waits for the server's loop to start or stop it."""

Violation = tuple[str, str, str, list[str]]
Checker = Callable[[str, str, str, Any], list[str]]


class StaticTokenProvider(AccessTokenProvider):
    """Hands kiota a fixed bearer token; allows loopback hosts."""

    def __init__(self, token: str) -> None:
        self.token = token

    async def get_authorization_token(
        self, uri: str, additional_authentication_context: dict[str, Any] | None = None
    ) -> str:
        return self.token

    def get_allowed_hosts_validator(self) -> AllowedHostsValidator:
        return AllowedHostsValidator(["127.0.0.1", "localhost"])


class AdminClient:
    """Synchronous client of the ``/_admin`` API and of Graph routes run as admin."""

    def __init__(self, root_url: str, token: str) -> None:
        self.http = httpx.Client(base_url=root_url, headers={"X-Admin-Token": token}, timeout=30)

    def call(self, method: str, path: str, json: Any = None) -> httpx.Response:
        """Any request with the admin header (``/v1.0/...`` runs unthrottled, all roles)."""
        return self.http.request(method, path, json=json)

    def _ok(self, method: str, path: str, json: Any = None) -> Any:
        response = self.call(method, path, json)
        response.raise_for_status()
        return response.json() if response.content else None

    def reset(self, seed: dict[str, Any] | None = None) -> Any:
        return self._ok("POST", "/_admin/reset", {"seed": seed or TEST_SEED})

    def set_faults(self, config: dict[str, Any]) -> Any:
        return self._ok("PUT", "/_admin/faults", config)

    def set_behaviour(self, **changes: Any) -> Any:
        return self._ok("PATCH", "/_admin/behaviour", changes)

    def counters(self) -> Any:
        return self._ok("GET", "/_admin/counters")

    def objects(self, kind: str) -> list[dict[str, Any]]:
        return list(self._ok("GET", f"/_admin/objects/{kind}")["value"])

    def put_objects(self, kind: str, rows: list[dict[str, Any]]) -> Any:
        """Write many raw documents ({"id", "parent", "body"}) in one request."""
        return self._ok("POST", f"/_admin/objects/{kind}", {"value": rows})

    def patch_object(self, kind: str, id: str, changes: dict[str, Any]) -> Any:
        return self._ok("PATCH", f"/_admin/objects/{kind}/{id}", changes)

    def graph(self, method: str, path: str, json: Any = None) -> Any:
        return self._ok(method, f"/v1.0{path}", json)


class ServerThread:
    """Runs a :class:`LocalTenantServer` on its own event loop in a daemon thread."""

    def __init__(self, server: LocalTenantServer) -> None:
        self.server = server
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(
            target=self.loop.run_forever, daemon=True, name="local-tenant"
        )

    def start(self, port: int = 0, tls_port: int = 0) -> None:
        self.thread.start()
        started = self.server.start(port=port, tls_port=tls_port)
        asyncio.run_coroutine_threadsafe(started, self.loop).result(THREAD_CALL_TIMEOUT_S)

    def stop(self) -> None:
        stopped = asyncio.run_coroutine_threadsafe(self.server.stop(), self.loop)
        stopped.result(THREAD_CALL_TIMEOUT_S)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(THREAD_CALL_TIMEOUT_S)


@dataclass
class LocalTenantHandle:
    """What tests get: URLs, credentials, an admin client and client factories."""

    runner: ServerThread
    data_dir: Path
    admin: AdminClient
    violations: list[Violation] = field(default_factory=list)
    checker: Checker | None = None

    @property
    def server(self) -> LocalTenantServer:
        return self.runner.server

    def restart(self) -> None:
        """Stop the server, close the database and serve the same data dir on the same ports."""
        old = self.runner.server
        ports = (old.port, old.tls_port)
        self.runner.stop()
        old.tenant.store.close()
        server = LocalTenantServer(
            Tenant(self.data_dir), old.admin_token, shutdown_grace_s=old.shutdown_grace_s
        )
        server.graph.observers.append(self.observe)
        self.runner = ServerThread(server)
        self.runner.start(*ports)

    @property
    def root_url(self) -> str:
        return f"http://127.0.0.1:{self.server.port}"

    @property
    def base_url(self) -> str:
        return f"{self.root_url}/v1.0"

    @property
    def authority(self) -> str:
        return f"https://127.0.0.1:{self.server.tls_port}"

    @property
    def tenant_id(self) -> str:
        return self.server.tenant.organisation.tenant_id

    client_id: str = DEFAULT_CLIENT_ID
    client_secret: str = DEFAULT_CLIENT_SECRET

    @property
    def certificate(self) -> Path:
        return self.server.certificate

    def token(self, roles: list[str] | tuple[str, ...] = ALL_ROLES) -> str:
        return self.server.tenant.authority.issue(list(roles))

    def graph_client(
        self,
        roles: list[str] | tuple[str, ...] = ALL_ROLES,
        retry: RetryHandlerOption | None = None,
    ) -> GraphServiceClient:
        """A msgraph-sdk client on this server with a token for ``roles``."""
        auth = BaseBearerTokenAuthenticationProvider(StaticTokenProvider(self.token(roles)))
        options = {
            RetryHandlerOption.get_key(): retry or RetryHandlerOption(delay=0.05, max_retries=3)
        }
        http = GraphClientFactory.create_with_default_middleware(options=options)  # type: ignore[arg-type]
        adapter = GraphRequestAdapter(auth, http)
        adapter.base_url = self.base_url
        return GraphServiceClient(request_adapter=adapter)

    def observe(self, method: str, path: str, direction: str, body: Any) -> None:
        if self.checker is None:
            return
        problems = self.checker(method, path, direction, body)
        if problems:
            self.violations.append((method, path, direction, problems))


def _schema_checker() -> Checker | None:
    """Check bodies with the local tenant's schema reader (None when the metadata is absent,
    an error under ``CI=true``).

    Responses are checked strictly: even on open types (group, team, user) the server may only
    return properties the v1.0 schema declares.
    """
    from local_tenant.schema.model import GraphSchemaError
    from local_tenant.schema.source import MetadataNotFoundError, load_schema
    from tests.support.graph_schema import on_ci

    try:
        schema = load_schema()
    except MetadataNotFoundError:
        if on_ci():
            raise
        return None

    def check(method: str, path: str, direction: str, body: Any) -> list[str]:
        try:
            resolved = schema.type_for_path(path)
        except GraphSchemaError:
            return []
        if resolved is None or resolved.type_name is None:
            return []
        if direction == "request":
            if resolved.is_action:
                return schema.check_action_body(path, body)
            return (
                schema.check(resolved.type_name, body) if method in ("POST", "PATCH", "PUT") else []
            )
        if resolved.type_name.startswith("Edm.") and isinstance(body, dict):
            # a primitive result comes wrapped: {"@odata.context": ..., "value": <primitive>}
            return schema.check(resolved.type_name, body.get("value"), strict_open_types=True)
        if resolved.is_collection and "value" in body:
            return schema.check_collection(resolved.type_name, body, strict_open_types=True)
        return schema.check(resolved.type_name, body, strict_open_types=True)

    return check


def start_local_tenant(data: Path) -> LocalTenantHandle:
    """A seeded local tenant on DATA, served in a thread on free ports (stop its runner)."""
    tenant = Tenant(data)
    seed(tenant, SeedSpec(**TEST_SEED))
    server = LocalTenantServer(tenant, shutdown_grace_s=CRASH_GRACE_S)
    runner = ServerThread(server)
    runner.start()
    handle = LocalTenantHandle(
        runner, data, AdminClient(f"http://127.0.0.1:{server.port}", server.admin_token)
    )
    server.graph.observers.append(handle.observe)
    return handle


@pytest.fixture(scope="session")
def local_tenant_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalTenantHandle]:
    """One local tenant for the session, on free ports."""
    handle = start_local_tenant(tmp_path_factory.mktemp("local-tenant"))
    handle.checker = _schema_checker()
    yield handle
    handle.runner.stop()


@pytest.fixture
def local_tenant(local_tenant_server: LocalTenantHandle) -> Iterator[LocalTenantHandle]:
    """The session tenant, reset to the seeded directory with no faults; fails the test on
    any schema violation in bodies the server accepted or returned."""
    handle = local_tenant_server
    handle.admin.reset()
    handle.admin.set_faults({})
    handle.admin.set_behaviour(
        team_provision_s=0,
        files_folder_ready_s=0,
        mailbox_provision_s=300,
        mailbox_retention_days=30,
    )
    handle.admin.call("DELETE", "/_admin/counters")
    handle.violations.clear()
    yield handle
    if handle.violations:
        lines = [f"{m} {p} ({d}): {'; '.join(v)}" for m, p, d, v in handle.violations[:20]]
        handle.violations.clear()
        pytest.fail("Graph schema violations:\n" + "\n".join(lines))


@pytest.fixture
def graph_client(local_tenant: LocalTenantHandle) -> GraphServiceClient:
    """A msgraph-sdk client with every application permission."""
    return local_tenant.graph_client()
