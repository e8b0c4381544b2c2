"""`tenantctl drift` against the naive way and the floor, on the deployed S tenant, with M and L
projected from S's per-object figures and their object counts.

Naive: every declared resource read on its own, as a per-resource refresh does (one GET per
object and per property group), run for real against the local tenant for S. Floor: Graph's
page and batch sizes for the requests drift made, and its published throttling budgets
(bench/floor.py). The local tenant has 80 ms latency and Graph's budgets on.
Run: .venv/bin/python bench/drift.py   (deploys S first: see bench/engine.py)
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from pathlib import Path
from typing import Any

from common import TENANTCTL, pulumi, run_sampled, table
from floor import floor

from engine import Deployed, bench_on_deployed_s
from tenantctl.drift.state import parse_export
from tenantctl.generate import SIZES
from tenantctl.jobs.graph_access import open_client
from tenantctl.resources.context import Context
from tenantctl.resources.registry import SPECS

ROUNDS = 2
"""Dependent rounds of drift: the delta snapshot, then the declared objects' reads."""


async def naive_reads(export: dict[str, Any], config: dict[str, Any]) -> tuple[int, float]:
    """Each declared resource read by its own spec on a plain client: (requests, seconds)."""
    state = parse_export(export)
    started = time.perf_counter()
    async with open_client(config) as client:
        await asyncio.gather(
            *(SPECS[r.kind].ops.read(Context(client), r.id, r.props) for r in state.resources)
        )
        return client.stats.requests, time.perf_counter() - started


def measure(deployed: Deployed, work: Path) -> dict[str, Any]:
    """Drift and the naive reads on S, with the local tenant's counts of each."""
    tenant, project, env = deployed.tenant, deployed.project, deployed.env
    report = work / "drift.json"
    tenant.reset_counters()
    args = [str(TENANTCTL), "drift", deployed.stack, "--cwd", str(project), "--json", str(report)]
    wall, peaks, _ = run_sampled(args, project, env, ok=(0, 3))
    counted = tenant.counters()
    drift = json.loads(report.read_text())["counts"]
    export = json.loads(pulumi(["stack", "export"], project, env).stdout)
    config = json.loads(pulumi(["config", "--json"], project, env).stdout)
    for name in ("TENANTCTL_CA_BUNDLE", "AZURE_CLIENT_SECRET"):
        os.environ[name] = env[name]
    tenant.reset_counters()
    naive, naive_s = asyncio.run(naive_reads(export, config))
    return {
        "objects": drift["objects"],
        "wall": wall,
        "requests": drift["requests"],
        "mib": peaks.mib.get("program", 0.0),
        "floor": floor(counted, ROUNDS),
        "naive": naive,
        "naive_s": naive_s,
        "spaces": deployed.spaces,
    }


def rows(s: dict[str, Any], sizes: list[str]) -> list[list[object]]:
    """S as measured; M and L scaled from S by their number of team spaces."""
    out = []
    for size in ["measured", *sizes]:
        scale = 1.0 if size == "measured" else SIZES[size].spaces / s["spaces"]
        how = f"S with {s['spaces']} spaces" if size == "measured" else f"{size}, projected"
        objects, requests = round(s["objects"] * scale), round(s["requests"] * scale)
        naive = round(s["naive"] * scale)
        floor_requests = round(s["floor"].requests * scale)
        paced = (s["floor"].seconds - ROUNDS * 0.08) * scale + ROUNDS * 0.08
        wall = s["wall"] if size == "measured" else None
        out.append(
            [
                how,
                objects,
                f"{wall:.1f}" if wall is not None else "-",
                requests,
                requests / objects,
                naive,
                f"{naive / requests:.1f}x",
                floor_requests,
                f"{requests / floor_requests:.2f}x",
                f"{paced:.1f}",
                f"{wall / paced:.1f}x" if wall is not None else "-",
            ]
        )
    return out


HEADERS = [
    "drift",
    "objects",
    "wall s",
    "requests",
    "req/object",
    "naive requests",
    "naive / drift",
    "floor requests",
    "drift / floor",
    "floor s",
    "wall / floor s",
]


def table_for(s: dict[str, Any], sizes: list[str]) -> str:
    naive = f"naive reads of S for real: {s['naive']} requests in {s['naive_s']:.1f} s"
    memory = f"drift process peak RSS on S: {s['mib']:.0f} MiB"
    return f"{table(HEADERS, rows(s, sizes))}\n\n{naive}; {memory}."


def main() -> None:
    bench_on_deployed_s(__doc__, "S,M,L", measure, table_for)


if __name__ == "__main__":
    main()
