"""Where the client connects and how hard it tries: plain, picklable, and free of secrets.

Values come from stack configuration (`m365-tenant:graphBaseUrl`, ...) or the environment;
secrets are looked up separately, at call time, by `credentials.token_source`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlsplit

from tenantctl.m365 import limits
from tenantctl.stack.config import KEYS, own_settings

GRAPH_URL = "https://graph.microsoft.com/v1.0"
LOOPBACK = ("127.0.0.1", "localhost", "::1")

Lookup = Callable[[str], str | None]

ENVIRONMENT = {
    **{key.name: key.environment for key in KEYS if key.environment},
    "ACTIONS_ID_TOKEN_REQUEST_URL": "ACTIONS_ID_TOKEN_REQUEST_URL",
    "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
}
"""Each setting the client reads, and the environment variable standing in for it: the
configuration keys (`stack.config.KEYS`), and GitHub Actions' OIDC request, environment only."""


def lookup_from(config: Mapping[str, Any], environ: Mapping[str, str] | None = None) -> Lookup:
    """Read a setting from the project's stack configuration (its own namespace only), else
    from the environment; an empty value is not set (Pulumi.yaml's default for optional keys)."""
    env = os.environ if environ is None else environ
    by_key = own_settings(config)

    def lookup(name: str) -> str | None:
        value = by_key.get(name)
        if value in (None, "") and name in ENVIRONMENT:
            value = env.get(ENVIRONMENT[name])
        return None if value in (None, "") else str(value)

    return lookup


_PACED = {
    "directory": limits.THROTTLING["directory.S"],
    **{
        name: limit
        for name, limit in limits.THROTTLING.items()
        if name not in ("directory.S", "directory.M", "directory.L", "reports")
    },
}
"""The budgets the client paces, by the names `budgets` charges: identity and access at the
smallest tenant size's limit whatever the tenant's size; reports and Outlook, which the toolkit
does not call, are not paced (`other`)."""


PER_TARGET = frozenset({"teams.perTeam"})
"""Budgets Graph counts per app and target (a team or channel), not per app alone."""


@dataclass(frozen=True)
class Pacing:
    """Units per second allowed per throttling budget, spent at will within the budget's span
    of seconds, so the client paces instead of being throttled: Microsoft's published limits
    (`m365.limits.THROTTLING`), identity and access at the smallest tenant size's, never more.
    A request's units: `budgets.directory_cost`, `budgets.sharepoint_cost`, else 1.

    A budget without a rate (or span) of its own takes its workload's (the name before the
    dot); spans default to one second.
    """

    rates: tuple[tuple[str, float], ...] = tuple(
        (name, limit.limit / limit.seconds) for name, limit in _PACED.items()
    )
    spans: tuple[tuple[str, float], ...] = tuple(
        (name, limit.seconds) for name, limit in _PACED.items()
    )
    default_rate: float = 15.0
    share: float = 1.0
    """The share of the app's budgets these rates are (`shared`): a budget learnt at run time
    is taken at that share too (`PacingTransport.set_limit`)."""

    def shared(self, share: float) -> Pacing:
        """This pacing within `share` of every budget Graph counts per app, so that clients
        of the same app sharing the tenant (the shards of a split stack) stay within the
        budget together; the budgets per team or channel (`PER_TARGET`) are whole, since no
        two shards declare the same team."""
        return replace(
            self,
            rates=tuple((n, r if n in PER_TARGET else r * share) for n, r in self.rates),
            default_rate=self.default_rate * share,
            share=self.share * share,
        )

    def of(self, budget: str, units: float) -> float:
        """This pacing's share of `units` of `budget` (whole for a per-team budget)."""
        return units if budget in PER_TARGET else units * self.share

    def rate(self, budget: str) -> float:
        """Units per second of `budget`."""
        return _of(self.rates, budget, self.default_rate)

    def span(self, budget: str) -> float:
        """Seconds within which `budget`'s units may be spent at will."""
        return _of(self.spans, budget, 1.0)


def _of(values: tuple[tuple[str, float], ...], budget: str, default: float) -> float:
    """A budget's own value, else its workload's, else `default`."""
    by_name = dict(values)
    return by_name.get(budget, by_name.get(budget.split(".", 1)[0], default))


@dataclass(frozen=True)
class GraphSettings:
    """Endpoint, identity and retry budgets of a Graph client (no secrets)."""

    base_url: str = GRAPH_URL
    sharepoint_admin_url: str | None = None
    tenant_id: str | None = None
    client_id: str | None = None
    credential: str = "auto"
    retry_budget: float = 120.0
    retry_base_delay: float = 1.0
    max_retries: int = 8
    consistency_budget: float = 30.0
    operation_timeout: float = 600.0
    pacing: Pacing = field(default_factory=Pacing)

    @classmethod
    def load(cls, lookup: Lookup) -> GraphSettings:
        """Settings from stack configuration and the environment (see `ENVIRONMENT`)."""
        budget, base, share = (
            _seconds(lookup, "retryBudgetSeconds"),
            _seconds(lookup, "retryBaseDelaySeconds"),
            _share(lookup),
        )
        return cls(
            base_url=(lookup("graphBaseUrl") or GRAPH_URL).rstrip("/"),
            sharepoint_admin_url=lookup("sharepointAdminUrl"),
            tenant_id=lookup("tenantId"),
            client_id=lookup("clientId"),
            credential=lookup("credential") or "auto",
            retry_budget=cls.retry_budget if budget is None else budget,
            retry_base_delay=cls.retry_base_delay if base is None else base,
            pacing=Pacing().shared(share),
        )

    @property
    def graph_scope(self) -> str:
        """The `.default` scope of the Graph cloud behind `base_url`; a Graph served on
        loopback (the local tenant) issues tokens for global Graph."""
        parts = urlsplit(self.base_url)
        if parts.hostname in LOOPBACK:
            return f"{GRAPH_URL.rsplit('/', 1)[0]}/.default"
        return f"{parts.scheme}://{parts.netloc}/.default"

    def scope_for(self, url: str) -> str:
        """The token scope for a request URL: Graph, or the SharePoint admin host."""
        parts = urlsplit(url)
        admin = self.sharepoint_admin_url
        if admin and url.startswith(admin) and parts.hostname not in LOOPBACK:
            return f"{parts.scheme}://{parts.netloc}/.default"
        return self.graph_scope


def _seconds(lookup: Lookup, name: str) -> float | None:
    """A number of seconds from configuration or the environment; a ValueError naming the key."""
    value = lookup(name)
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        raise ValueError(
            f"{name} is {value!r}: give a number of seconds (`pulumi config set {name} 1`, "
            f"or {ENVIRONMENT[name]})"
        ) from None


def _share(lookup: Lookup) -> float:
    """The share of the app's Graph budgets (`graphBudgetShare`), 1 when not set; a
    ValueError naming the key when it is not a number in (0, 1]."""
    value = lookup("graphBudgetShare")
    if not value:
        return 1.0
    try:
        share = float(value)
    except ValueError:
        share = -1.0
    if not 0 < share <= 1:
        raise ValueError(
            f"graphBudgetShare is {value!r}: give a number above 0 and at most 1, such as 0.5 "
            f"(`pulumi config set graphBudgetShare 0.5`, or {ENVIRONMENT['graphBudgetShare']})"
        )
    return share
