"""`tenantctl export` at S, M and L against the naive way and the floor.

The tenant is the deployed S stack grown to each size's team spaces and users
(bench/growth.py). Naive: every object the export reads fetched on its own (each listed user
and group, and each per-object read, without pages or `$batch`). Floor: Graph's page and batch
sizes for the reads export made, and its published throttling budgets (bench/floor.py).
80 ms latency, budgets on.
Run: .venv/bin/python bench/export.py [--sizes S,M,L]
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

from common import TENANTCTL, run_sampled, table
from floor import beside, floor
from growth import Growth

from engine import Deployed, bench_on_sizes

ROUNDS = 3
"""Dependent rounds of export: pages, per-group reads, channel rosters."""


def listed(data: Path, kinds: tuple[str, ...] = ("user", "group")) -> int:
    """Objects of KINDS in the tenant (users and groups: what an export lists)."""
    marks = ",".join("?" * len(kinds))
    with sqlite3.connect(f"file:{data / 'tenant.sqlite'}?mode=ro", uri=True) as db:
        query = f"SELECT COUNT(*) FROM objects WHERE kind IN ({marks}) AND deleted=0"
        return int(db.execute(query, kinds).fetchone()[0])


def measure(deployed: Deployed, work: Path, size: str) -> dict[str, Any]:
    """Export the tenant as grown to SIZE, with the local tenant's counts of what it read."""
    tenant = deployed.tenant
    out = work / f"exported-{size}"
    args = [str(TENANTCTL), "export", "--stack", deployed.stack, "--out", str(out)]
    tenant.reset_counters()
    wall, peaks, done = run_sampled(args, deployed.project, deployed.env)
    counted = tenant.counters()
    found = re.search(r"requests: (\d+)", done.stderr + done.stdout)
    if found is None:
        raise RuntimeError(f"export printed no request count: {done.stderr[-2000:]}")
    items = sum(n for route, n in counted["routes"].items() if not route.startswith("batch."))
    objects = listed(tenant.data)
    return {
        "size": size,
        "objects": objects,
        "wall": wall,
        "requests": int(found.group(1)),
        "mib": peaks.total(),
        "floor": floor(counted, ROUNDS),
        "naive": items + objects,
    }


HEADERS = [
    "export",
    "objects",
    "wall s",
    "requests",
    "naive requests",
    "naive / export",
    "floor requests",
    "export / floor",
    "floor s",
    "wall / floor s",
    "peak MiB",
]


def row(m: dict[str, Any]) -> list[object]:
    return [
        m["size"],
        m["objects"],
        m["wall"],
        m["requests"],
        *beside(m),
        m["mib"],
    ]


def table_for(measured: list[dict[str, Any]]) -> str:
    return table(HEADERS, [row(m) for m in measured])


def main() -> None:
    def run(deployed: Deployed, work: Path, sizes: list[str]) -> str:
        growth = Growth(deployed, work)
        measured = []
        for size in sizes:
            growth.to(size)
            measured.append(measure(deployed, work, size))
        return table_for(measured)

    bench_on_sizes(__doc__, "S,M,L", run)


if __name__ == "__main__":
    main()
