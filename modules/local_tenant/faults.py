"""The fault layer: latency, throttling budgets, transient errors, dropped connections and
replication delay, applied around every Graph route by the dispatcher (never inside handlers).

Budgets are Microsoft's published throttling limits (`tenantctl.m365.limits.THROTTLING`,
learn.microsoft.com/graph/throttling-limits): Teams, the invitation manager, identity and access
(resource units by tenant size, with Graph's per-path costs), Microsoft 365 reports and Outlook,
per app per tenant (at most one team or channel, per report, per mailbox). 429 answers carry
Retry-After and Graph's throttling body (learn.microsoft.com/graph/throttling).
"""

from __future__ import annotations

import asyncio
import math
import random
import time
from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import BaseModel, ConfigDict, Field

from local_tenant.directory.licensing import SKU
from local_tenant.errors import (
    DroppedConnection,
    GatewayTimeout,
    GraphError,
    ItemNotFound,
    ServiceUnavailable,
    TooManyRequests,
)
from local_tenant.organisation import Organisation
from local_tenant.protocol import Response
from local_tenant.storage import Store
from tenantctl.m365 import limits

if TYPE_CHECKING:
    from local_tenant.directory.models import Directory
    from local_tenant.router import Call, Route

FAULTY_WORKLOADS = (
    "directory",
    "teams",
    "sites",
    "sharepointAdmin",
    "policies",
    "reports",
    "mail",
    "batch",
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Latency(_Model):
    """Added delay: fixed plus uniform jitter, in milliseconds."""

    fixed_ms: float = 0.0
    jitter_ms: float = 0.0


class Transient(_Model):
    """A share of requests answered 503/504; ``after_commit_rate`` fails after the write lands."""

    rate: float = Field(default=0.0, ge=0, le=1)
    after_commit_rate: float = Field(default=0.0, ge=0, le=1)
    statuses: list[int] = Field(default=[503, 504])
    retry_after_s: int | None = None


class Drop(_Model):
    """A share of connections closed without a response, before or after committing."""

    rate: float = Field(default=0.0, ge=0, le=1)
    after_commit_rate: float = Field(default=0.0, ge=0, le=1)


class Budget(_Model):
    """A sliding-window request budget."""

    limit: float
    window_s: float


class Throttle(_Model):
    """Graph's published budgets, optionally scaled or overridden by name."""

    enabled: bool = False
    scale: float = 1.0
    budgets: dict[str, Budget] = Field(default_factory=dict)


class Replication(_Model):
    """Seconds before Teams sees a new group, and a newly added owner."""

    teams_delay_s: float = 0.0
    owner_delay_s: float = 0.0


class WorkloadFaults(_Model):
    """Per-workload overrides."""

    latency: Latency | None = None
    transient: Transient | None = None
    drop: Drop | None = None


class FaultConfig(_Model):
    """Every fault setting of a run."""

    seed: int = 0
    latency: Latency = Field(default_factory=Latency)
    transient: Transient = Field(default_factory=Transient)
    drop: Drop = Field(default_factory=Drop)
    throttle: Throttle = Field(default_factory=Throttle)
    replication: Replication = Field(default_factory=Replication)
    workloads: dict[str, WorkloadFaults] = Field(default_factory=dict)


_OWN_NAMES = {"teams.read": "teams.get"}
"""Budgets the local tenant calls otherwise, after the route it charges."""

DEFAULT_BUDGETS: dict[str, Budget] = {
    **{
        _OWN_NAMES.get(name, name): Budget(limit=published.limit, window_s=published.seconds)
        for name, published in limits.THROTTLING.items()
        if name != "sharepoint"
    },
    "outlook.concurrent": Budget(limit=limits.OUTLOOK_CONCURRENT_MAX, window_s=0),
    **{
        f"sharepoint.{units}": Budget(limit=units, window_s=60)
        for units in (
            *(units for _, units in limits.SHAREPOINT_UNITS_PER_MINUTE),
            limits.SHAREPOINT_UNITS_PER_MINUTE_ABOVE,
        )
    },
}
"""Microsoft's published limits (`tenantctl.m365.limits`) as sliding windows; SharePoint's
application budget by the tenant's licences (`sharepoint.<units a minute>`)."""
SHAREPOINT_WORKLOADS = ("sites", "sharepointAdmin")
CONCURRENT = frozenset({"outlook.concurrent"})
"""Budgets of requests in flight at once (their window is unused)."""


@dataclass(frozen=True)
class Charge:
    """One budget a request draws from: budget name, scope key and cost."""

    budget: str
    key: str
    cost: float


@dataclass
class _Window:
    """One sliding window's charges, (monotonic time, cost) oldest first, and their total."""

    charges: deque[tuple[float, float]] = field(default_factory=deque)
    used: float = 0.0

    def expire(self, before: float) -> None:
        """Forget the charges made at or before ``before``."""
        while self.charges and self.charges[0][0] <= before:
            self.used -= self.charges.popleft()[1]

    def add(self, at: float, cost: float) -> None:
        """Record a charge."""
        self.charges.append((at, cost))
        self.used += cost


class FaultsHost(Protocol):
    """What the fault layer reads on the tenant: its settings' store, its id (a 429's scope)
    and the directory (a mail route's mailbox, a group's owners for replication delay)."""

    store: Store
    organisation: Organisation
    directory: Directory


def _sharepoint_cost(call: Call[Any]) -> float:
    """SharePoint's resource units of one request (learn.microsoft.com/sharepoint/dev/
    general-development/how-to-avoid-getting-throttled-or-blocked-in-sharepoint-online): a
    REST operation, each one of a batch on its own, `limits.SHAREPOINT_REST_OPERATION_UNITS`;
    through Graph, 1 for a single item read, 2 for a listing or a write."""
    if call.route.workload == "sharepointAdmin":
        return float(limits.SHAREPOINT_REST_OPERATION_UNITS)
    single = call.request.method == "GET" and not call.route.name.endswith(".list")
    return 1.0 if single else 2.0


class FaultLayer:
    """Applies the configured faults to a call before and after its handler runs."""

    def __init__(self, tenant: FaultsHost) -> None:
        self.tenant = tenant
        self.config = FaultConfig(**tenant.store.meta_get("faults", {}))
        self._rng = random.Random(self.config.seed)
        self._windows: dict[tuple[str, str], _Window] = {}
        self._size_class: tuple[int, str] = (-1, "")
        self._sharepoint: tuple[int, int] = (-1, 0)
        self._in_flight: dict[tuple[str, str], int] = {}
        self._held: dict[int, tuple[str, str]] = {}

    def configure(self, config: FaultConfig) -> None:
        """Replace the configuration (and persist it), resetting budgets and the RNG."""
        self.config = config
        self._rng = random.Random(config.seed)
        self._windows.clear()
        self.tenant.store.meta_set("faults", config.model_dump())

    def _for(self, workload: str) -> tuple[Latency, Transient, Drop]:
        override = self.config.workloads.get(workload) or WorkloadFaults()
        return (
            override.latency or self.config.latency,
            override.transient or self.config.transient,
            override.drop or self.config.drop,
        )

    async def before(self, call: Call[Any]) -> None:
        """Latency, throttling, replication delay and pre-commit failures."""
        route = call.route
        if route.workload not in FAULTY_WORKLOADS:
            return
        latency, transient, drop = self._for(route.workload)
        if self.config.throttle.enabled:
            self._hold(call)
        delay = latency.fixed_ms + self._rng.uniform(0, latency.jitter_ms)
        if delay > 0:
            await asyncio.sleep(delay / 1000)
        if self.config.throttle.enabled:
            self._throttle(call)
        self._replication(call)
        if self._rng.random() < transient.rate:
            raise self._transient(transient)
        if self._rng.random() < drop.rate:
            raise DroppedConnection()

    def after(self, call: Call[Any], response: Response) -> Response:
        """Failures after the handler committed: an error answer or a dropped connection."""
        route = call.route
        if route.workload not in FAULTY_WORKLOADS or response.status >= 400:
            return response
        _, transient, drop = self._for(route.workload)
        if self._rng.random() < transient.after_commit_rate:
            raise self._transient(transient)
        if self._rng.random() < drop.after_commit_rate:
            return Response(drop=True)
        return response

    def _transient(self, transient: Transient) -> GraphError:
        status = self._rng.choice(transient.statuses or [503])
        headers = {"Retry-After": str(transient.retry_after_s)} if transient.retry_after_s else {}
        if status == 504:
            return GatewayTimeout(
                "The gateway did not receive a response in time.", headers=headers
            )
        return ServiceUnavailable(
            "The service is temporarily unavailable. Please retry.", status=status, headers=headers
        )

    # throttling ---------------------------------------------------------------------------

    def _budget(self, name: str) -> Budget:
        override = self.config.throttle.budgets.get(name)
        if override is not None:
            return override
        base = DEFAULT_BUDGETS[name]
        return Budget(
            limit=max(1.0, base.limit * self.config.throttle.scale), window_s=base.window_s
        )

    def _throttle(self, call: Call[Any]) -> None:
        now = time.monotonic()
        charges = self._charges(call)
        for charge in charges:
            if charge.budget in CONCURRENT:
                continue
            budget = self._budget(charge.budget)
            window = self._windows.setdefault((charge.budget, charge.key), _Window())
            window.expire(now - budget.window_s)
            if window.used + charge.cost > budget.limit:
                oldest = window.charges[0][0] if window.charges else None
                retry = 1 if oldest is None else max(1, math.ceil(oldest + budget.window_s - now))
                raise self._too_many(call, retry)
        for charge in charges:
            if charge.budget in CONCURRENT:
                continue
            self._windows.setdefault((charge.budget, charge.key), _Window()).add(now, charge.cost)

    def _hold(self, call: Call[Any]) -> None:
        """Take one of the call's places in flight, or Graph's 429 when none is free."""
        for charge in self._charges(call):
            if charge.budget not in CONCURRENT:
                continue
            key = (charge.budget, charge.key)
            if self._in_flight.get(key, 0) >= self._budget(charge.budget).limit:
                raise self._too_many(call, 1)
            self._in_flight[key] = self._in_flight.get(key, 0) + 1
            self._held[id(call)] = key

    def release(self, call: Call[Any]) -> None:
        """Give back the place in flight the call held, if any (the dispatcher calls this once
        the call is answered, whatever the answer)."""
        key = self._held.pop(id(call), None)
        if key is not None:
            self._in_flight[key] -= 1

    def _too_many(self, call: Call[Any], retry: int) -> TooManyRequests:
        return TooManyRequests(
            "Too many requests. Please retry again later.",
            headers={
                "Retry-After": str(retry),
                "x-ms-throttle-scope": (
                    f"Tenant_Application/ReadWrite/{call.identity.app_id}/"
                    f"{self.tenant.organisation.tenant_id}"
                ),
            },
        )

    def _charges(self, call: Call[Any]) -> list[Charge]:
        route, app = call.route, call.identity.app_id
        if route.workload == "teams":
            return _teams_charges(route, call.params, app)
        if route.name == "directory.invitations.create":
            return [Charge("invitations", "tenant", 1)]
        if route.workload in ("directory", "policies"):
            return self._directory_charges(call, app)
        if route.workload == "mail":
            mailbox = self._mailbox(call.params["id"])
            if mailbox is None:
                return []
            return [Charge(b, f"{app}/{mailbox}", 1) for b in ("outlook", "outlook.concurrent")]
        if route.workload in SHAREPOINT_WORKLOADS and route.name != "sharepointAdmin.batch":
            return [Charge(f"sharepoint.{self._sharepoint_units()}", app, _sharepoint_cost(call))]
        if route.workload == "reports" and route.name != "reports.download":
            return [
                Charge("reports", f"{app}/{call.params.get('report', route.name).split('(')[0]}", 1)
            ]
        return []

    def _mailbox(self, key: str) -> str | None:
        """The id of the user a mail route addresses by id or UPN (None: unknown user)."""
        try:
            return str(self.tenant.directory.user(key)["id"])
        except GraphError:
            return None

    def _tenant_size(self) -> str:
        """The tenant's size class for the identity budgets, counted again after a write."""
        store = self.tenant.store
        seq = store.current_seq()
        if self._size_class[0] != seq:
            users = store.count("user", at_most=501)
            self._size_class = (seq, "S" if users < 50 else "M" if users <= 500 else "L")
        return self._size_class[1]

    def _sharepoint_units(self) -> int:
        """SharePoint's units a minute for the tenant's licences (its SKUs' seats), counted
        again after a write."""
        store = self.tenant.store
        seq = store.current_seq()
        if self._sharepoint[0] != seq:
            seats = sum(
                int((sku.get("prepaidUnits") or {}).get("enabled") or 0) for sku in store.list(SKU)
            )
            self._sharepoint = (seq, limits.sharepoint_units_per_minute(seats))
        return self._sharepoint[1]

    def _directory_charges(self, call: Call[Any], app: str) -> list[Charge]:
        size = self._tenant_size()
        request = call.request
        segments = [part for part in request.path.split("/") if part]
        cost = limits.identity_cost(request.method, segments, request.query)
        charges = [Charge(f"directory.{size}", app, cost)]
        if call.request.method != "GET":
            charges.append(Charge("directory.writes", app, 1))
        return charges

    # replication --------------------------------------------------------------------------

    def _replication(self, call: Call[Any]) -> None:
        replication = self.config.replication
        if call.route.replicas is None or not (
            replication.teams_delay_s or replication.owner_delay_s
        ):
            return
        now = time.time()
        for kind, id in call.route.replicas(call):
            if kind == "owners":
                times = [
                    t
                    for t in (
                        self.tenant.directory.link_time(id, "owners", o)
                        for o in self.tenant.directory.owner_ids(id)
                    )
                    if t
                ]
                if times and now - max(times) < replication.owner_delay_s:
                    raise ItemNotFound(
                        f"Owner of group '{id}' was not found in Microsoft Teams yet; retry later."
                    )
                continue
            row = self.tenant.store.row(kind, id)
            if row is not None and now - row.created < replication.teams_delay_s:
                raise ItemNotFound(f"No team found with Group Id {id}")

    def describe(self) -> dict[str, Any]:
        """The configuration and the effective budgets, as JSON."""
        return {
            "config": self.config.model_dump(),
            "budgets": {name: self._budget(name).model_dump() for name in DEFAULT_BUDGETS},
        }


def _teams_charges(route: Route, params: dict[str, str], app: str) -> list[Charge]:
    name = route.name
    if name == "teams.teams.create":
        budget = "teams.create"
    elif name == "teams.groups.team.put":
        budget = "teams.fromGroup"
    elif route.method == "GET":
        budget = (
            "teams.list"
            if name in ("teams.members.list", "teams.channels.list", "teams.channels.members.list")
            else "teams.get"
        )
    elif route.method == "DELETE":
        budget = "teams.delete"
    else:
        budget = "teams.write"
    charges = [Charge(budget, app, 1)]
    team = params.get("team")
    if team:
        charges.append(Charge("teams.perTeam", f"{app}/{team}/{params.get('channel', '')}", 1))
    return charges
