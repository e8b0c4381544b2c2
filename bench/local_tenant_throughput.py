"""Requests per second the local tenant serves for the bulk-read request mix, so that it is
never what bounds the drift, export and engine figures.

A second process (this one) sends the mix drift and export send — pages of users and groups
with $select, delta, GETs of one object and $batch of 20 GETs — over pooled connections,
bounded in count and time, to a local tenant seeded with the S tenant's users, with 80 ms of
latency and Graph's throttling budgets on. It prints HTTP requests and Graph requests (batch
items counted) per second beside what Graph's budgets would let the client send at most.
Run: .venv/bin/python bench/local_tenant_throughput.py [--seconds 8] [--requests 4000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx
from common import LATENCY_MS, LocalTenant, generate, local_tenant, machine, table

CONCURRENCY = 64
BUDGET_ITEMS_S = 800 + 30 + 60
"""Graph requests per second Graph's budgets allow one app at most for this mix: directory
8,000 resource units per 10 s at one unit a $select GET, Teams GET 30/s and list 60/s."""
ROLES = ["User.Read.All", "Group.Read.All", "Organization.Read.All"]


def mix(ids: list[str]) -> list[tuple[str, str, str, dict[str, object] | None, int]]:
    """(label, method, path, body, Graph requests) of each kind of request in the mix."""
    batch: dict[str, object] = {
        "requests": [
            {"id": str(n), "method": "GET", "url": f"/users/{uid}?$select=id,department"}
            for n, uid in enumerate(ids[:20])
        ]
    }
    return [
        ("GET one user ($select)", "GET", f"/users/{ids[0]}?$select=id,displayName", None, 1),
        ("$batch of 20 GETs", "POST", "/$batch", batch, 20),
        ("groups delta page", "GET", "/groups/delta?$select=id,displayName,members", None, 1),
        ("GET subscribedSkus", "GET", "/subscribedSkus", None, 1),
        ("page of 999 users ($select)", "GET", PAGE, None, 1),
    ]


PAGE = "/users?$top=999&$select=id,userPrincipalName,department"


async def load(
    client: httpx.AsyncClient,
    request: tuple[str, str, str, dict[str, object] | None, int],
    seconds: float,
    limit: int,
) -> list[object]:
    """Send one kind of request from CONCURRENCY workers until SECONDS or LIMIT; its row."""
    label, method, path, body, weight = request
    statuses: Counter[int] = Counter()
    latencies: list[float] = []
    started = time.perf_counter()
    deadline = started + seconds

    async def worker() -> None:
        while time.perf_counter() < deadline and sum(statuses.values()) < limit:
            begun = time.perf_counter()
            response = await client.request(method, path, json=body)
            latencies.append(time.perf_counter() - begun)
            statuses[response.status_code] += 1

    await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
    wall = time.perf_counter() - started
    served = sum(statuses.values())
    return [
        label,
        served,
        served / wall,
        served * weight / wall,
        statistics.median(latencies) * 1000,
        ", ".join(f"{status}: {n}" for status, n in sorted(statuses.items())),
    ]


async def load_all(
    tenant: LocalTenant, ids: list[str], seconds: float, limit: int
) -> list[list[object]]:
    """Each kind of the mix in turn, on one pool of connections."""
    token = tenant.token(ROLES)
    limits = httpx.Limits(max_connections=CONCURRENCY, max_keepalive_connections=CONCURRENCY)
    async with httpx.AsyncClient(
        base_url=tenant.endpoint.base_url,
        headers={"Authorization": f"Bearer {token}"},
        limits=limits,
        timeout=120,
    ) as client:
        kinds = mix(ids)
        return [await load(client, kind, seconds / len(kinds), limit) for kind in kinds]


def figures(work: Path, seconds: float, limit: int) -> str:
    """Generate S, serve its users, load it; the table."""
    _, seed_file = generate("S", work)
    with seed_file.open(encoding="utf-8") as lines:
        ids = [str(json.loads(next(lines))["id"]) for _ in range(20)]
    with local_tenant(work / "local-tenant", seed_file) as tenant:
        rows = asyncio.run(load_all(tenant, ids, seconds, limit))
    headers = [
        f"local tenant, {CONCURRENCY} connections, {LATENCY_MS:.0f} ms",
        "HTTP requests",
        "HTTP req/s",
        "Graph req/s",
        "median ms",
        "statuses",
    ]
    budget = (
        f"Graph's budgets allow one app at most about {BUDGET_ITEMS_S} Graph req/s for this mix"
    )
    return f"{table(headers, rows)}\n\n{budget}."


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--requests", type=int, default=2000, help="per kind")
    options = parser.parse_args()
    print(figures(Path(tempfile.mkdtemp()), options.seconds, options.requests))
    print(f"\n{machine()}")


if __name__ == "__main__":
    main()
