"""`tenantctl export` of the deployed S tenant against the naive way and the floor; M projected
from S by its number of team spaces.

Naive: every object the export reads fetched on its own (each listed user and group, and each
per-object read, without pages or `$batch`). Floor: Graph's page and batch sizes for the reads
export made, and its published throttling budgets (bench/floor.py). 80 ms latency, budgets on.
Run: .venv/bin/python bench/export.py   (deploys S first: see bench/engine.py)
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from common import TENANTCTL, run_sampled, table
from floor import floor

from engine import Deployed, bench_on_deployed_s
from tenantctl.generate import SIZES, Size

ROUNDS = 3
"""Dependent rounds of export: pages, per-group reads, channel rosters."""


def listed(size: Size, spaces: int) -> int:
    """Users and groups (directorates, spaces, licence groups) an export lists."""
    licence_groups = size.organisations + -(
        -size.directorates // size.directorates_per_licence_group
    )
    return size.users + size.directorates + spaces + licence_groups


def measure(deployed: Deployed, work: Path) -> dict[str, Any]:
    """Export S, with the local tenant's counts of what it read."""
    tenant = deployed.tenant
    args = [str(TENANTCTL), "export", "--stack", deployed.stack, "--out", str(work / "exported")]
    tenant.reset_counters()
    wall, peaks, done = run_sampled(args, deployed.project, deployed.env)
    counted = tenant.counters()
    found = re.search(r"requests: (\d+)", done.stderr + done.stdout)
    if found is None:
        raise RuntimeError(f"export printed no request count: {done.stderr[-2000:]}")
    items = sum(n for route, n in counted["routes"].items() if not route.startswith("batch."))
    objects = listed(SIZES["S"], deployed.spaces)
    return {
        "wall": wall,
        "requests": int(found.group(1)),
        "mib": peaks.mib.get("program", 0.0),
        "floor": floor(counted, ROUNDS),
        "naive": items + objects,
        "objects": objects,
        "spaces": deployed.spaces,
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
]


def table_for(s: dict[str, Any], sizes: list[str]) -> str:
    rows = []
    for size in ["measured", *sizes]:
        scale = 1.0 if size == "measured" else SIZES[size].spaces / s["spaces"]
        requests, floor_requests = round(s["requests"] * scale), round(s["floor"].requests * scale)
        paced = (s["floor"].seconds - ROUNDS * 0.08) * scale + ROUNDS * 0.08
        measured = size == "measured"
        how = f"S with {s['spaces']} spaces" if measured else f"{size}, projected"
        # Users and directorates grow with the size, per-space reads with the spaces.
        objects = s["objects"] if measured else listed(SIZES[size], SIZES[size].spaces)
        naive = round((s["naive"] - s["objects"]) * scale) + objects
        rows.append(
            [
                how,
                objects,
                f"{s['wall']:.1f}" if measured else "-",
                requests,
                naive,
                f"{naive / requests:.1f}x",
                floor_requests,
                f"{requests / floor_requests:.2f}x",
                f"{paced:.1f}",
                f"{s['wall'] / paced:.1f}x" if measured else "-",
            ]
        )
    return f"{table(HEADERS, rows)}\n\nexport process peak RSS on S: {s['mib']:.0f} MiB."


def main() -> None:
    bench_on_deployed_s(__doc__, "S,M", measure, table_for)


if __name__ == "__main__":
    main()
