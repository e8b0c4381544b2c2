"""Framework-neutral dispatch: (method, path pattern) → handler, with auth, faults and counters.

The aiohttp app and ``$batch`` both call :meth:`Dispatcher.handle`, so a batched sub-request
goes through exactly the same routes, permission checks and fault layer as a direct one.
"""

from __future__ import annotations

import inspect
import logging
import re
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from local_tenant.auth import Authority, Identity, admin_identity
from local_tenant.errors import (
    DroppedConnection,
    GraphError,
    MethodNotAllowed,
    Unauthorized,
    UnknownSegment,
)
from local_tenant.permissions import OPEN_ROUTES, accepted, together
from local_tenant.protocol import Request, Response, http_date
from local_tenant.storage import Store

log = logging.getLogger(__name__)

Observer = Callable[[str, str, str, Any], None]
UNCHECKED_WORKLOADS = frozenset({"admin", "identity"})
"""Workloads whose routes take no bearer token (the admin API takes its own header)."""


T = TypeVar("T")


@dataclass
class Call(Generic[T]):
    """Everything a handler gets: the request, path parameters, tenant and caller. A handler
    types the tenant by what it reaches on it (its workload's host, or the whole tenant)."""

    request: Request
    params: dict[str, str]
    tenant: T
    identity: Identity
    route: Route
    dispatcher: Dispatcher[Any]

    def param(self, name: str) -> str:
        """A path parameter."""
        return self.params[name]


Handler = Callable[[Call[Any]], Response | Awaitable[Response]]
Replicas = Callable[[Call[Any]], list[tuple[str, str]]]
Check = Callable[[Request, "Route"], None]
"""Refuses what Graph refuses of a request to a route, by raising (local_tenant.conformance)."""


@dataclass(frozen=True)
class Route:
    """One operation: method, path pattern, handler and the permissions it accepts."""

    method: str
    pattern: str
    handler: Handler
    permissions: tuple[str, ...]
    workload: str
    name: str
    forbidden_code: str = "Authorization_RequestDenied"
    public: bool = False
    transactional: bool = True
    replicas: Replicas | None = None
    together: bool = False
    """Whether a token needs every one of `permissions` (`permissions.Accepted.together`)."""
    regex: re.Pattern[str] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        parts = re.split(r"(\{\w+\})", self.pattern)
        body = "".join(
            f"(?P<{p[1:-1]}>[^/]+)" if p.startswith("{") else re.escape(p) for p in parts
        )
        object.__setattr__(self, "regex", re.compile(f"^{body}/?$", re.IGNORECASE))


@dataclass
class RouteSet:
    """Builds the routes of one workload with its name and its 403 error code."""

    workload: str
    forbidden_code: str = "Authorization_RequestDenied"
    routes: list[Route] = field(default_factory=list)

    def add(
        self,
        method: str,
        pattern: str,
        handler: Handler,
        *,
        name: str,
        public: bool = False,
        transactional: bool = True,
        replicas: Replicas | None = None,
    ) -> None:
        """Register an operation; the permissions it accepts are `permissions.ROUTES`'."""
        full_name = f"{self.workload}.{name}"
        checked = not public and self.workload not in UNCHECKED_WORKLOADS
        self.routes.append(
            Route(
                method,
                pattern,
                handler,
                accepted(full_name) if checked and full_name not in OPEN_ROUTES else (),
                self.workload,
                full_name,
                self.forbidden_code,
                public,
                transactional,
                replicas,
                together(full_name),
            )
        )


class Router:
    """Matches a normalised path to a route."""

    def __init__(self, routes: list[Route]) -> None:
        self.routes = routes

    def match(self, method: str, path: str) -> tuple[Route, dict[str, str]]:
        """The route and path parameters, or Graph's 400/405."""
        allowed = False
        for route in self.routes:
            found = route.regex.match(path)
            if found is None:
                continue
            if route.method == method:
                return route, found.groupdict()
            allowed = True
        if allowed:
            raise MethodNotAllowed("Specified HTTP method is not allowed for the request target.")
        raise UnknownSegment.segment(path)


@dataclass
class Counters:
    """Request counts: total, per route, per workload and per app (Graph's throttling scope)."""

    total: int = 0
    routes: Counter[str] = field(default_factory=Counter)
    workloads: Counter[str] = field(default_factory=Counter)
    statuses: Counter[int] = field(default_factory=Counter)
    apps: Counter[str] = field(default_factory=Counter)

    def record(self, route: str, workload: str, status: int, app: str | None = None) -> None:
        """Count one answered request (of `app`, when it signed in)."""
        self.total += 1
        self.routes[route] += 1
        self.workloads[workload] += 1
        self.statuses[status] += 1
        if app is not None:
            self.apps[app] += 1

    def snapshot(self) -> dict[str, Any]:
        """A JSON view."""
        return {
            "total": self.total,
            "routes": dict(self.routes),
            "workloads": dict(self.workloads),
            "statuses": {str(k): v for k, v in self.statuses.items()},
            "apps": dict(self.apps),
        }


class Faults(Protocol):
    """The fault layer around a call's handler (local_tenant.faults)."""

    async def before(self, call: Call[Any]) -> None:
        """Latency, throttling and failures before the handler runs."""
        ...

    def after(self, call: Call[Any], response: Response) -> Response:
        """Failures after the handler committed."""
        ...

    def release(self, call: Call[Any]) -> None:
        """Give back what the call held, whatever its answer."""
        ...


class Served(Protocol):
    """What the dispatcher reaches on the tenant it serves."""

    store: Store
    authority: Authority

    @property
    def faults(self) -> Faults:
        """The fault layer around every Graph route."""
        ...

    def written(self, route: str) -> None:
        """After a write by ``route``, inside its transaction."""
        ...


S = TypeVar("S", bound=Served)


class Dispatcher(Generic[S]):
    """Runs a request through routing, auth, Graph's refusals, the fault layer, the handler
    and the observer."""

    def __init__(self, tenant: S, router: Router, check: Check | None = None) -> None:
        self.tenant = tenant
        self.router = router
        self.check = check
        """Graph's refusals of bodies and query options (the Graph routes only)."""
        self.counters = Counters()
        self.observers: list[Observer] = []

    async def handle(self, request: Request) -> Response:
        """Answer one request; errors become Graph error bodies, never tracebacks."""
        route: Route | None = None
        identity: Identity | None = None
        try:
            route, params = self.router.match(request.method, request.path)
            identity = self._identify(request, route)
            if self.check is not None:
                self.check(request, route)
            call = Call(request, params, self.tenant, identity, route, self)
            faults = self.tenant.faults
            try:
                if not request.admin:
                    await faults.before(call)
                response = await self._run(call)
            finally:
                faults.release(call)
            if not request.admin:
                response = faults.after(call, response)
        except DroppedConnection:
            response = Response(drop=True)
        except GraphError as exc:
            response = error_response(request, exc)
        except Exception:
            log.exception("unhandled error on %s %s", request.method, request.path)
            response = error_response(
                request,
                GraphError("An internal error occurred.", status=500, code="InternalServerError"),
            )
        response.headers.setdefault("request-id", request.request_id)
        response.headers.setdefault("client-request-id", request.client_request_id)
        if not request.admin:
            self.counters.record(
                route.name if route else "unmatched",
                route.workload if route else "none",
                response.status,
                identity.app_id if identity else None,
            )
        self._observe(request, response)
        return response

    def _identify(self, request: Request, route: Route) -> Identity:
        if route.workload == "admin" and not request.admin:
            raise Unauthorized("The admin API needs a valid X-Admin-Token header.")
        if request.admin or route.public:
            return admin_identity()
        identity = self.tenant.authority.verify(request.header("authorization"))
        identity.require(route.permissions, route.forbidden_code, together=route.together)
        return identity

    async def _run(self, call: Call[S]) -> Response:
        if not call.route.transactional:
            result = call.route.handler(call)
            return await result if inspect.isawaitable(result) else result
        with self.tenant.store.transaction():
            result = call.route.handler(call)
            if inspect.isawaitable(result):
                raise TypeError("transactional handlers must be synchronous")
            if call.request.method != "GET":
                self.tenant.written(call.route.name)
            return result

    def _observe(self, request: Request, response: Response) -> None:
        if not self.observers or request.admin or not 200 <= response.status < 300:
            return
        sent: Any = None
        if request.body and "json" in request.header("content-type", "application/json"):
            try:
                sent = request.json()
            except GraphError:
                sent = None
        for observer in self.observers:
            if sent is not None:
                observer(request.method, request.path, "request", sent)
            if isinstance(response.body, dict):
                observer(request.method, request.path, "response", response.body)


def error_response(request: Request, exc: GraphError) -> Response:
    """Render a :class:`GraphError` as Graph's JSON error body."""
    body = exc.body(request.request_id, request.client_request_id, http_date())
    headers = {
        **exc.headers,
        "request-id": request.request_id,
        "client-request-id": request.client_request_id,
    }
    return Response(exc.status, body, headers)
