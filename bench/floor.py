"""The floor a request mix cannot beat: Graph's page and batch sizes for the request count, and
its published throttling budgets plus one round trip per dependent round for the time.

Budgets (Microsoft Graph service-specific throttling limits, per app and tenant): identity and
access 8,000 resource units per 10 s for a tenant of more than 500 users (a GET with $select
costs 1 unit, so 800 requests/s); Teams 30 GETs/s and 60 list requests/s. SharePoint's
budget is left out: for a tenant licensed at S's or M's size (2,400 and 4,800 resource units
a minute, a Graph site read costing 1) the site reads of these mixes take less time than their
Teams reads. The policies have no published per-app figure and bound nothing but the round
trip.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from common import LATENCY_MS

BATCH = 20
SHAREPOINT_BATCH = 100
"""Graph's `$batch` holds 20 requests; a SharePoint REST batch is sent with up to 100."""
RATES = {"directory": 800.0, "teams.list": 60.0, "teams": 30.0}
"""Graph requests per second Graph's budgets allow one app, by budget."""


@dataclass(frozen=True)
class Floor:
    """The fewest HTTP requests and seconds for a mix of Graph requests."""

    requests: int
    seconds: float


def budget(route: str, workload: str) -> str | None:
    """Which budget of RATES a route's requests are charged to."""
    if workload == "teams":
        return "teams.list" if route.endswith(".list") else "teams"
    return workload if workload in RATES else None


def floor(counters: dict[str, Any], rounds: int) -> Floor:
    """The floor for the Graph requests a run made (the local tenant's counters, where a
    `$batch`, Graph's or SharePoint's, counts once and each of its items once more), in
    ROUNDS dependent rounds."""
    items: dict[str, int] = {}
    pages = batchable = sharepoint = 0
    for route, count in counters["routes"].items():
        if route.startswith("batch.") or route == "sharepointAdmin.batch":
            continue
        workload = route.split(".")[0]
        if "delta" in route or (route.endswith(".list") and workload == "directory"):
            pages += count
        elif workload == "sharepointAdmin":
            sharepoint += count
        else:
            batchable += count
        charged = budget(route, workload)
        if charged:
            items[charged] = items.get(charged, 0) + count
    paced = max((n / RATES[name] for name, n in items.items()), default=0.0)
    requests = pages + math.ceil(batchable / BATCH) + math.ceil(sharepoint / SHAREPOINT_BATCH)
    return Floor(requests, paced + rounds * LATENCY_MS / 1000)


def beside(m: dict[str, Any]) -> list[object]:
    """A measured run's naive requests, floor, and the ratios to both, as table cells
    (M holds `requests`, `naive`, `wall` and its `floor`)."""
    return [
        m["naive"],
        f"{m['naive'] / m['requests']:.1f}x",
        m["floor"].requests,
        f"{m['requests'] / m['floor'].requests:.2f}x",
        m["floor"].seconds,
        f"{m['wall'] / m['floor'].seconds:.2f}x",
    ]
