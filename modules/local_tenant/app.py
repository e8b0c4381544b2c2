"""The aiohttp server: translates HTTP to :class:`Request` and back, nothing else.

A request is an admin request only when its ``X-Admin-Token`` header equals the server's
admin token, which is never blank: a missing, empty or whitespace ``admin.token`` is
replaced by a fresh random one (0600, as every file of the data directory).
"""

from __future__ import annotations

import logging
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote

from aiohttp import web

from local_tenant import admin, batch, identity
from local_tenant.conformance import Conformance
from local_tenant.datadir import secret_file
from local_tenant.directory import urls as directory_urls
from local_tenant.errors import BadRequest, GraphError, PayloadTooLarge
from local_tenant.lifecycle import urls as lifecycle_urls
from local_tenant.mail import urls as mail_urls
from local_tenant.policies import urls as policies_urls
from local_tenant.protocol import API_PREFIX, Request, Response, normalise_path
from local_tenant.reports import urls as reports_urls
from local_tenant.reviews import urls as reviews_urls
from local_tenant.router import Dispatcher, Router, error_response
from local_tenant.schema.source import missing
from local_tenant.sharepoint_admin import urls as sharepoint_admin_urls
from local_tenant.sites import urls as sites_urls
from local_tenant.teams import urls as teams_urls
from local_tenant.tenant import Tenant
from local_tenant.tls import ensure_certificate, server_context
from local_tenant.units import urls as units_urls

log = logging.getLogger(__name__)

MAX_BODY = 4 * 1024 * 1024
SHUTDOWN_GRACE_S = 5.0
"""How long a stopping server lets requests in flight finish before it cuts them off."""
JSON_TYPE = (
    "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;"
    "charset=utf-8"
)


def graph_router() -> Router:
    """Every ``/v1.0`` route."""
    return Router(
        batch.routes()
        + directory_urls.routes()
        + lifecycle_urls.routes()
        + units_urls.routes()
        + reviews_urls.routes()
        + teams_urls.routes()
        + sites_urls.routes()
        + policies_urls.routes()
        + reports_urls.routes()
        + mail_urls.routes()
    )


def root_router() -> Router:
    """Routes outside ``/v1.0``: identity endpoints, report downloads and the admin API."""
    return Router(
        identity.routes()
        + admin.routes()
        + reviews_urls.admin_routes()
        + reports_urls.download_routes()
        + sharepoint_admin_urls.routes()
    )


class LocalTenantServer:
    """The local tenant behind HTTP (and HTTPS for the token endpoint)."""

    def __init__(
        self,
        tenant: Tenant,
        admin_token: str | None = None,
        shutdown_grace_s: float = SHUTDOWN_GRACE_S,
    ) -> None:
        self.tenant = tenant
        self.shutdown_grace_s = shutdown_grace_s
        self.admin_token = (admin_token or "").strip() or self._stored_admin_token()
        self.graph = Dispatcher(tenant, graph_router(), Conformance().check)
        self.root = Dispatcher(tenant, root_router())
        self.root.counters = self.graph.counters
        self.root.observers = self.graph.observers
        self._runner: web.AppRunner | None = None
        self.in_flight = 0
        """Requests received and not answered yet."""
        self.port = 0
        self.tls_port = 0

    def _stored_admin_token(self) -> str:
        data = self.tenant.data_dir
        fresh = secrets.token_urlsafe(24)
        return fresh if data is None else secret_file(data / "admin.token", fresh)

    def _is_admin(self, presented: str | None) -> bool:
        """Whether an ``X-Admin-Token`` value is the admin token (compared in constant time,
        as bytes: a header may hold any character)."""
        if not presented:
            return False
        given = presented.encode("utf-8", "surrogateescape")
        return secrets.compare_digest(given, self.admin_token.encode())

    def application(self) -> web.Application:
        """The aiohttp application."""
        app = web.Application(client_max_size=MAX_BODY * 2)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        return app

    async def _handle(self, http: web.Request) -> web.StreamResponse:
        self.in_flight += 1
        try:
            return await self._answer(http)
        finally:
            self.in_flight -= 1

    async def _answer(self, http: web.Request) -> web.StreamResponse:
        origin = f"{http.scheme}://{http.host}"
        raw_path, _, raw_query = http.raw_path.partition("?")
        headers = {k.lower(): v for k, v in http.headers.items()}
        graph = raw_path == API_PREFIX or raw_path.startswith(API_PREFIX + "/")
        request = Request(
            method=http.method,
            path="/",
            query={},
            headers=headers,
            base_url=origin + (API_PREFIX if graph else ""),
            admin=self._is_admin(headers.get("x-admin-token")),
        )
        try:
            path = unquote(raw_path[len(API_PREFIX) :] if graph else raw_path)
            if "\x00" in path or any(seg in ("..", ".") for seg in path.split("/")):
                raise BadRequest("Invalid request path.")
            request.path = normalise_path(path)
            request.query = dict(parse_qsl(raw_query, keep_blank_values=True))
            if (http.content_length or 0) > MAX_BODY:
                raise PayloadTooLarge("The request body is too large.")
            request.body = await http.read()
            if len(request.body) > MAX_BODY:
                raise PayloadTooLarge("The request body is too large.")
        except GraphError as exc:
            return self._to_http(http, error_response(request, exc))
        except web.HTTPRequestEntityTooLarge:
            too_large = PayloadTooLarge("The request body is too large.")
            return self._to_http(http, error_response(request, too_large))
        except (ValueError, web.HTTPException):
            return self._to_http(http, error_response(request, BadRequest("Malformed request.")))
        dispatcher = self.graph if graph else self.root
        return self._to_http(http, await dispatcher.handle(request))

    def _to_http(self, http: web.Request, response: Response) -> web.StreamResponse:
        if response.drop:
            if http.transport is not None:
                http.transport.abort()
            raise ConnectionResetError("dropped by fault injection")
        content_type = (
            JSON_TYPE
            if response.raw is None and response.body is not None
            else response.content_type
        )
        out = web.Response(
            status=response.status, body=response.encoded(), headers=response.headers
        )
        if response.body is not None or response.raw is not None:
            out.content_type = content_type.split(";")[0]
            out.headers["Content-Type"] = content_type
            if response.raw is None:
                out.headers["OData-Version"] = "4.0"
        return out

    async def start(self, host: str = "127.0.0.1", port: int = 0, tls_port: int | None = 0) -> None:
        """Listen on ``port`` (HTTP) and, unless ``tls_port`` is None, on HTTPS too; say once
        when requests will not be checked against the Graph schema."""
        reason = missing()
        if reason is not None:
            log.warning("local tenant: %s", reason)
        self._runner = web.AppRunner(
            self.application(),
            access_log=None,
            handle_signals=False,
            shutdown_timeout=self.shutdown_grace_s,
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        self.port = _bound_port(site)
        if tls_port is not None:
            directory = (self.tenant.data_dir or Path(".")) / "tls"
            cert, key = ensure_certificate(directory)
            tls_site = web.TCPSite(
                self._runner, host, tls_port, ssl_context=server_context(cert, key)
            )
            await tls_site.start()
            self.tls_port = _bound_port(tls_site)

    async def stop(self) -> None:
        """Stop listening; requests still running after the shutdown grace are cut off."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def certificate(self) -> Path:
        """The PEM certificate clients trust for the HTTPS listener."""
        return (self.tenant.data_dir or Path(".")) / "tls" / "cert.pem"


def _bound_port(site: web.TCPSite) -> int:
    server: Any = site._server  # aiohttp keeps the asyncio server private
    return int(server.sockets[0].getsockname()[1])
