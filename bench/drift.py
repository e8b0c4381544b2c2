"""`tenantctl drift` at S, M (and L if asked) against the naive way and the floor.

The engine deploys S's directorates, licence groups, partners and first team spaces; the stack
is then grown to each size's team spaces and users (bench/growth.py) and drift runs for real.
Naive: every declared resource read on its own by its spec's `read`, as a per-resource refresh
does (one GET per object and per property group). It runs for real on the deployed stack; each
kind's requests per resource, times the kind's resources, give the naive count at each size.
Floor: Graph's page and batch sizes for the requests drift made, and its published throttling
budgets (bench/floor.py). The local tenant has 80 ms latency and Graph's budgets on.
Run: .venv/bin/python bench/drift.py [--sizes S,M,L]
"""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from common import TENANTCTL, pulumi, run_sampled, table
from floor import beside, floor
from growth import Growth

from engine import Deployed, bench_on_sizes
from tenantctl.jobs.graph_access import open_client
from tenantctl.jobs.urns import kind_of, visible
from tenantctl.resources.context import Context
from tenantctl.resources.registry import SPECS

GRAPH_TYPE = "pulumi-python:dynamic/tenantctl:"
ROUNDS = 2
"""Dependent rounds of drift: the bulk snapshot, then the declared objects' reads."""


@dataclass(frozen=True)
class Resource:
    """A Graph resource of the state: its kind, id, and what its provider's read is given."""

    kind: str
    id: str
    props: dict[str, Any]


def graph_resources(export: dict[str, Any]) -> list[Resource]:
    """The toolkit's Graph resources in a `pulumi stack export` document."""
    return [
        Resource(
            kind_of(r["type"]),
            str(r["id"]),
            {**visible(r.get("inputs")), **visible(r.get("outputs"))},
        )
        for r in export["deployment"]["resources"]
        if r["type"].startswith(GRAPH_TYPE) and r.get("id") and kind_of(r["type"]) in SPECS
    ]


async def _naive_reads(export: dict[str, Any], config: dict[str, Any]) -> dict[str, float]:
    """Requests per resource of each kind when each declared resource is read on its own."""
    resources = graph_resources(export)
    per_kind: dict[str, float] = {}
    for kind, count in Counter(r.kind for r in resources).items():
        async with open_client(config) as client:
            read = SPECS[kind].ops.read
            await asyncio.gather(
                *(read(Context(client), r.id, r.props) for r in resources if r.kind == kind)
            )
            per_kind[kind] = client.stats.requests / count
    return per_kind


def naive_costs(deployed: Deployed) -> dict[str, Any]:
    """The naive way run for real on the deployed stack: requests per resource by kind."""
    project, env = deployed.project, deployed.env
    export = json.loads(pulumi(["stack", "export"], project, env).stdout)
    config = json.loads(pulumi(["config", "--json"], project, env).stdout)
    for name in ("TENANTCTL_CA_BUNDLE", "AZURE_CLIENT_SECRET"):
        os.environ[name] = env[name]
    started = time.perf_counter()
    per_kind = asyncio.run(_naive_reads(export, config))
    return {"per_kind": per_kind, "seconds": time.perf_counter() - started, "export": export}


def naive_requests(export: dict[str, Any], per_kind: dict[str, float]) -> int:
    """The naive way's requests for a stack: each kind's cost per resource times its count."""
    kinds = Counter(r.kind for r in graph_resources(export))
    return round(sum(per_kind[kind] * count for kind, count in kinds.items()))


def measure(deployed: Deployed, work: Path, size: str, naive: dict[str, Any]) -> dict[str, Any]:
    """Drift on the stack as grown to SIZE, with the local tenant's counts."""
    tenant, project, env = deployed.tenant, deployed.project, deployed.env
    report = work / f"drift-{size}.json"
    tenant.reset_counters()
    args = [str(TENANTCTL), "drift", deployed.stack, "--cwd", str(project), "--json", str(report)]
    wall, peaks, _ = run_sampled(args, project, env, ok=(0, 3))
    counted = tenant.counters()
    result = json.loads(report.read_text())
    export = json.loads(pulumi(["stack", "export"], project, env).stdout)
    return {
        "size": size,
        "objects": result["counts"]["objects"],
        "findings": len(result.get("findings", [])),
        "wall": wall,
        "requests": result["counts"]["requests"],
        "mib": peaks.mib.get("program", 0.0),
        "floor": floor(counted, ROUNDS),
        "naive": naive_requests(export, naive["per_kind"]),
    }


HEADERS = [
    "drift",
    "objects",
    "findings",
    "wall s",
    "requests",
    "req/object",
    "naive requests",
    "naive / drift",
    "floor requests",
    "drift / floor",
    "floor s",
    "wall / floor s",
    "peak MiB",
]


def row(m: dict[str, Any]) -> list[object]:
    return [
        m["size"],
        m["objects"],
        m["findings"],
        m["wall"],
        m["requests"],
        m["requests"] / m["objects"],
        *beside(m),
        m["mib"],
    ]


def table_for(measured: list[dict[str, Any]], naive: dict[str, Any]) -> str:
    costs = ", ".join(f"{kind} {cost:.2f}" for kind, cost in sorted(naive["per_kind"].items()))
    return (
        f"{table(HEADERS, [row(m) for m in measured])}\n\n"
        f"Naive requests per resource, read for real on the deployed stack in "
        f"{naive['seconds']:.1f} s: {costs}."
    )


def main() -> None:
    def run(deployed: Deployed, work: Path, sizes: list[str]) -> str:
        naive = naive_costs(deployed)
        growth = Growth(deployed, work)
        measured = []
        for size in sizes:
            growth.to(size)
            measured.append(measure(deployed, work, size, naive))
        return table_for(measured, naive)

    bench_on_sizes(__doc__, "S,M,L", run)


if __name__ == "__main__":
    main()
