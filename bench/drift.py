"""`tenantctl drift` at S, M (and L if asked) against the naive way and the floor.

The engine deploys S's directorates, licence groups, partners and first team spaces; the stack
is then grown to each size's team spaces and users (bench/growth.py) and drift runs for real.
Naive: every declared resource read on its own by its spec's `read`, as a per-resource refresh
does (one GET per object and per property group). It runs for real on the deployed stack; each
kind's requests per resource, times the kind's resources, give the naive count at each size.
Naive seconds: the naive reads at each budget's steady rate; a naive reader that packed 20
reads per `$batch` would send a twentieth of its requests, and wait as long (Graph throttles
per item). Floor: what the stack's state asks to be read, at Graph's page and batch sizes and
its published per-item costs (bench/floor.py), at the steady rate and with bursts. The local
tenant has 80 ms latency and Graph's budgets on.
Run: .venv/bin/python bench/drift.py [--sizes S,M,L]
"""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from common import TENANTCTL, pulumi, run_sampled, table
from export import listed
from floor import Floor, Task, Tenant, floor_of, task_of
from growth import Growth

from engine import Deployed, bench_on_sizes
from tenantctl.jobs.graph_access import open_client
from tenantctl.jobs.urns import kind_of, visible
from tenantctl.m365 import limits
from tenantctl.resources.context import Context
from tenantctl.resources.registry import SPECS

GRAPH_TYPE = "pulumi-python:dynamic/tenantctl:"
RATES = {
    "directory": limits.THROTTLING["directory.L"],
    "teams": limits.THROTTLING["teams.read"],
    "teams.list": limits.THROTTLING["teams.list"],
    "sharepointAdmin": limits.Throttling(limits.sharepoint_units_per_minute(0), 60),
}
"""Budgets of the naive reads, by the local tenant's route workload (1 unit a read; SharePoint
at the smallest tenant's budget, as the client paces it)."""


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


async def _naive_reads(
    export: dict[str, Any], config: dict[str, Any], deployed: Deployed
) -> dict[str, dict[str, float]]:
    """Reads per resource of each kind, by budget, when each declared resource is read on its
    own (the local tenant's counts of what each kind's reads asked)."""
    resources = graph_resources(export)
    per_kind: dict[str, dict[str, float]] = {}
    for kind, count in Counter(r.kind for r in resources).items():
        deployed.tenant.reset_counters()
        async with open_client(config) as client:
            read = SPECS[kind].ops.read
            await asyncio.gather(
                *(read(Context(client), r.id, r.props) for r in resources if r.kind == kind)
            )
        by_budget: Counter[str] = Counter()
        for route, n in deployed.tenant.counters()["routes"].items():
            if not route.startswith("batch.") and route != "sharepointAdmin.batch":
                by_budget[_budget(route)] += n
        per_kind[kind] = {budget: n / count for budget, n in by_budget.items()}
    return per_kind


def _budget(route: str) -> str:
    workload = route.split(".")[0]
    if workload == "teams":
        return "teams.list" if route.endswith(".list") else "teams"
    return workload


def naive_costs(deployed: Deployed) -> dict[str, Any]:
    """The naive way run for real on the deployed stack: reads per resource by kind."""
    project, env = deployed.project, deployed.env
    export = json.loads(pulumi(["stack", "export"], project, env).stdout)
    config = json.loads(pulumi(["config", "--json"], project, env).stdout)
    for name in ("TENANTCTL_CA_BUNDLE", "AZURE_CLIENT_SECRET"):
        os.environ[name] = env[name]
    started = time.perf_counter()
    per_kind = asyncio.run(_naive_reads(export, config, deployed))
    return {"per_kind": per_kind, "seconds": time.perf_counter() - started, "export": export}


def naive_reads(export: dict[str, Any], per_kind: dict[str, dict[str, float]]) -> Counter[str]:
    """The naive way's reads for a stack by budget: each kind's reads per resource times its
    count."""
    kinds = Counter(r.kind for r in graph_resources(export))
    total: Counter[str] = Counter()
    for kind, count in kinds.items():
        for budget, per in per_kind.get(kind, {}).items():
            total[budget] += round(per * count)
    return total


def naive_seconds(reads: Counter[str]) -> float:
    """The naive reads at each budget's steady rate (the slowest budget bounds them)."""
    return max(
        (n / (RATES[b].limit / RATES[b].seconds) for b, n in reads.items() if b in RATES),
        default=0.0,
    )


def measure(deployed: Deployed, work: Path, size: str, naive: dict[str, Any]) -> dict[str, Any]:
    """Drift on the stack as grown to SIZE, with the floor of its task."""
    tenant, project, env = deployed.tenant, deployed.project, deployed.env
    report = work / f"drift-{size}.json"
    tenant.reset_counters()
    args = [str(TENANTCTL), "drift", deployed.stack, "--cwd", str(project), "--json", str(report)]
    wall, peaks, _ = run_sampled(args, project, env, ok=(0, 3))
    counted = tenant.counters()
    result = json.loads(report.read_text())
    export = json.loads(pulumi(["stack", "export"], project, env).stdout)
    task = task_of((r.kind, r.props) for r in graph_resources(export))
    reads = naive_reads(export, naive["per_kind"])
    return {
        "size": size,
        "objects": result["counts"]["objects"],
        "findings": len(result.get("findings", [])),
        "wall": wall,
        "requests": result["counts"]["requests"],
        "items": sum(n for r, n in counted["routes"].items() if not _envelope(r)),
        "mib": peaks.total(),
        "export_mib": export_peak(deployed, work),
        "task": task,
        "floor": floor_of(task, Tenant(*_tenant_counts(tenant.data))),
        "naive": sum(reads.values()),
        "naive_s": naive_seconds(reads),
    }


def _envelope(route: str) -> bool:
    """A `$batch` (Graph's or SharePoint's): its items are counted on their own."""
    return route.startswith("batch.") or route == "sharepointAdmin.batch"


def _tenant_counts(data: Path) -> tuple[int, int, int]:
    """Groups, users and licence seats in the local tenant's store."""
    everything = listed(data)
    groups = listed(data, kinds=("group",))
    with sqlite3.connect(f"file:{data / 'tenant.sqlite'}?mode=ro", uri=True) as db:
        query = (
            "SELECT SUM(json_extract(body, '$.prepaidUnits.enabled')) FROM objects "
            "WHERE kind='subscribedsku' AND deleted=0"
        )
        seats = int(db.execute(query).fetchone()[0] or 0)
    return groups, everything - groups, seats


def export_peak(deployed: Deployed, work: Path) -> float:
    """Peak memory (MiB) of `pulumi stack export --file` of the stack: what drift's job held
    before it streamed the checkpoint itself."""
    target = work / "export-peak.json"
    args = ["pulumi", "stack", "export", "--file", str(target)]
    _, peaks, _ = run_sampled(args, deployed.project, deployed.env)
    target.unlink(missing_ok=True)
    return peaks.total()


HEADERS = [
    "drift",
    "objects",
    "findings",
    "wall s",
    "requests",
    "Graph reads",
    "floor requests",
    "drift / floor",
    "floor s (steady)",
    "wall / floor s",
    "floor s (bursts)",
    "naive reads",
    "naive s (steady)",
    "naive batched requests",
    "naive / drift reads",
    "peak MiB (whole job)",
    "before: pulumi stack export MiB",
]


def row(m: dict[str, Any]) -> list[object]:
    floor: Floor = m["floor"]
    return [
        m["size"],
        m["objects"],
        m["findings"],
        m["wall"],
        m["requests"],
        m["items"],
        floor.requests,
        f"{m['requests'] / floor.requests:.2f}x",
        floor.seconds,
        f"{m['wall'] / floor.seconds:.2f}x",
        floor.burst_seconds,
        m["naive"],
        m["naive_s"],
        -(-m["naive"] // limits.BATCH_REQUESTS_MAX),
        f"{m['naive'] / m['items']:.1f}x",
        m["mib"],
        m["export_mib"],
    ]


TASK_HEADERS = [
    "task",
    "named users",
    "groups",
    "teams",
    "channel lists",
    "rosters",
    "settings",
    "sites",
    "floor requests",
    "floor s (steady)",
    "floor s (bursts)",
]


def task_row(m: dict[str, Any]) -> list[object]:
    task: Task = m["task"]
    floor: Floor = m["floor"]
    return [
        m["size"],
        task.users,
        task.groups,
        task.teams,
        task.channel_lists,
        task.rosters,
        task.settings,
        task.sites,
        floor.requests,
        floor.seconds,
        floor.burst_seconds,
    ]


def table_for(measured: list[dict[str, Any]], naive: dict[str, Any]) -> str:
    costs = ", ".join(
        f"{kind} {sum(per.values()):.2f}" for kind, per in sorted(naive["per_kind"].items())
    )
    return (
        f"{table(TASK_HEADERS, [task_row(m) for m in measured])}\n\n"
        f"{table(HEADERS, [row(m) for m in measured])}\n\n"
        f"Naive reads per resource, read for real on the deployed stack in "
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
