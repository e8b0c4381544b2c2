"""Requests per second the local tenant serves for the bulk-read request mix, so that it is
never what bounds the drift, export and engine figures.

A second process (this one) sends the mix drift and export send — pages of users and groups
with $select, delta, GETs of one object and $batch of 20 GETs — and a PATCH of one user (its
body checked against the Graph schema, as every write is) over pooled connections,
bounded in count and time, to a local tenant seeded with the users of a synthetic tenant (S,
3,500 users, unless --size says otherwise), with 80 ms of latency and Graph's throttling
budgets on. It prints HTTP requests and Graph requests (batch items counted) per second, the
local tenant's CPU time per HTTP request (from /proc) and the answers' statuses (a batch item's
own status) beside what Graph's budgets would let the client send at most.

A second table is what refusing what Graph refuses costs (local_tenant.conformance: bodies
checked against the Graph schema, query options against Graph's rules): the same mix run
in this process through the local tenant's dispatcher, without and with that layer, CPU time
per request side by side (no HTTP, so the ratio is the layer's share of the dispatcher alone;
over HTTP its share is smaller).

The load comes from aiohttp's client, which costs this process well under a millisecond of CPU
per request (httpx's pool of 64 connections cost about 8 ms here, so it, not the local tenant,
bounded the figures). Each kind starts once the previous kind's charges have left Graph's
10-second identity budget window, so one kind's 429s are its own.
Run: .venv/bin/python bench/local_tenant_throughput.py [--size M] [--seconds 8] [--requests 4000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qsl

import aiohttp
from common import LATENCY_MS, LocalTenant, generate, local_tenant, machine, table

from local_tenant.app import graph_router
from local_tenant.conformance import Conformance
from local_tenant.faults import FaultConfig
from local_tenant.protocol import Request
from local_tenant.router import Dispatcher
from local_tenant.tenant import Tenant
from tenantctl.generate import SIZES

CONCURRENCY = 64
BUDGET_ITEMS_S = 800 + 30 + 60
"""Graph requests per second Graph's budgets allow one app at most for this mix: directory
8,000 resource units per 10 s at one unit a $select GET, Teams GET 30/s and list 60/s."""
ROLES = ["User.Read.All", "Group.Read.All", "Organization.Read.All", "User.ReadWrite.All"]
BUDGET_WINDOW_S = 10.0
"""The identity and access budget's window (learn.microsoft.com/graph/throttling-limits)."""
Kind = tuple[str, str, str, dict[str, object] | None, int]
VALIDATION_REPEATS = 40
VALIDATION_ROUNDS = 10
"""Rounds of VALIDATION_REPEATS requests of each kind timed through the dispatcher without,
then with, the checks."""


def mix(ids: list[str]) -> list[Kind]:
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
        ("PATCH one user (body checked)", "PATCH", f"/users/{ids[1]}", PATCH_BODY, 1),
    ]


PAGE = "/users?$top=999&$select=id,userPrincipalName,department"
PATCH_BODY: dict[str, object] = {
    "department": "Finance",
    "jobTitle": "Analyst",
    "usageLocation": "GB",
    "businessPhones": ["+44 20 7946 0000"],
}


def cpu_seconds(pid: int) -> float:
    """User and system CPU time a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def load(
    session: aiohttp.ClientSession,
    base_url: str,
    server_pid: int,
    kind: Kind,
    seconds: float,
    limit: int,
) -> list[object]:
    """Send one kind of request from CONCURRENCY workers until SECONDS or LIMIT; its row."""
    label, method, path, body, weight = kind
    sent = 0
    statuses: Counter[int] = Counter()
    latencies: list[float] = []
    async with session.request(method, base_url + path, json=body) as warm_up:
        await warm_up.read()  # one-time work (the Graph schema parsed on first use) not counted
    server_cpu = cpu_seconds(server_pid)
    started = time.perf_counter()
    deadline = started + seconds

    async def worker() -> None:
        nonlocal sent
        while time.perf_counter() < deadline and sent < limit:
            sent += 1
            begun = time.perf_counter()
            async with session.request(method, base_url + path, json=body) as response:
                answer = await response.read()
                latencies.append(time.perf_counter() - begun)
                if path == "/$batch" and response.status == 200:
                    statuses.update(item["status"] for item in json.loads(answer)["responses"])
                else:
                    statuses[response.status] += weight

    await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
    wall = time.perf_counter() - started
    served = len(latencies)
    return [
        label,
        served,
        served / wall,
        served * weight / wall,
        (cpu_seconds(server_pid) - server_cpu) * 1000 / served,
        statistics.median(latencies) * 1000,
        ", ".join(f"{status}: {n}" for status, n in sorted(statuses.items())),
    ]


async def load_all(
    tenant: LocalTenant, ids: list[str], seconds: float, limit: int
) -> list[list[object]]:
    """Each kind of the mix in turn, on one pool of connections, a budget window apart."""
    token = tenant.token(ROLES)
    async with aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=CONCURRENCY),
        headers={"Authorization": f"Bearer {token}"},
        timeout=aiohttp.ClientTimeout(total=120),
    ) as session:
        kinds, rows = mix(ids), []
        pid, base_url = tenant.process.pid, tenant.endpoint.base_url
        for n, kind in enumerate(kinds):
            if n:
                await asyncio.sleep(BUDGET_WINDOW_S)
            rows.append(await load(session, base_url, pid, kind, seconds / len(kinds), limit))
        return rows


async def dispatch_cpu(dispatcher: Dispatcher, token: str, kind: Kind, repeats: int) -> float:
    """CPU seconds that `repeats` requests of one kind take through the dispatcher."""
    _, method, path, body, _ = kind
    raw_path, _, query = path.partition("?")
    headers = {"authorization": f"Bearer {token}", "content-type": "application/json"}
    content = json.dumps(body).encode() if body is not None else b""
    started = time.process_time()
    for _ in range(repeats):
        await dispatcher.handle(Request(method, raw_path, dict(parse_qsl(query)), headers, content))
    return time.process_time() - started


async def validation_cost(data: Path, ids: list[str], repeats: int) -> list[list[object]]:
    """Per kind: the dispatcher's CPU ms per request without and with `Conformance`, timed in
    alternating rounds (after a warm-up of each) so that drift in the machine's load falls on
    both alike."""
    tenant = Tenant(data)
    tenant.faults.configure(FaultConfig())  # no latency or throttling: CPU only
    token = tenant.authority.issue(ROLES)
    plain = Dispatcher(tenant, graph_router())
    checked = Dispatcher(tenant, graph_router(), Conformance().check)
    rows: list[list[object]] = []
    for kind in mix(ids):
        totals = [0.0, 0.0]
        for dispatcher in (plain, checked):
            await dispatch_cpu(dispatcher, token, kind, 1)
        for _ in range(VALIDATION_ROUNDS):
            for n, dispatcher in enumerate((plain, checked)):
                totals[n] += await dispatch_cpu(dispatcher, token, kind, repeats)
        without, with_checks = (t * 1000 / (repeats * VALIDATION_ROUNDS) for t in totals)
        rows.append([kind[0], without, with_checks, f"{(with_checks / without - 1) * 100:+.1f}%"])
    tenant.store.close()
    return rows


def figures(work: Path, seconds: float, limit: int, size: str = "S") -> str:
    """Generate the tenant of SIZE, serve its users, load it; the table."""
    _, seed_file = generate(size, work)
    with seed_file.open(encoding="utf-8") as lines:
        ids = [str(json.loads(next(lines))["id"]) for _ in range(20)]
    with local_tenant(work / "local-tenant", seed_file) as tenant:
        rows = asyncio.run(load_all(tenant, ids, seconds, limit))
    costs = asyncio.run(validation_cost(work / "local-tenant", ids, VALIDATION_REPEATS))
    headers = [
        f"local tenant ({size}), {CONCURRENCY} connections, {LATENCY_MS:.0f} ms",
        "HTTP requests",
        "HTTP req/s",
        "Graph req/s",
        "local tenant CPU ms per HTTP request",
        "median ms",
        "statuses of Graph requests",
    ]
    budget = (
        f"Graph's budgets allow one app at most about {BUDGET_ITEMS_S} Graph req/s for this mix"
    )
    cost_headers = [
        "dispatcher only, in process",
        "CPU ms per request without checks",
        "with checks",
        "added",
    ]
    return f"{table(headers, rows)}\n\n{budget}.\n\n{table(cost_headers, costs)}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--requests", type=int, default=2000, help="per kind")
    parser.add_argument("--size", choices=sorted(SIZES), default="S", help="synthetic tenant")
    options = parser.parse_args()
    print(figures(Path(tempfile.mkdtemp()), options.seconds, options.requests, options.size))
    print(f"\n{machine()}")


if __name__ == "__main__":
    main()
