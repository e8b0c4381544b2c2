"""Every benchmark figure in one run, each table printed side by side with its floor.

The S tenant is generated, seeded and deployed once (80 ms latency, Graph's throttling budgets
on); the engine figures are that deployment's. The stack is then grown to each size's team
spaces and users (bench/growth.py) and drift and export run on it at each size. Every memory
figure is the whole job's peak, child processes included. Heavy: run it on a quiet machine,
and note the load average.
Run: .venv/bin/python bench/run.py [--sizes S,M,L] [--skip throughput,engine,drift,export]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import drift
import export
import generate_speed
import local_tenant_throughput
from common import machine
from growth import Growth

import engine

PARTS = ("generate", "throughput", "engine", "drift", "export")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="S,M,L", help="sizes to generate, grow to and measure")
    parser.add_argument("--spaces", type=int, default=engine.SPACES, help="team spaces of S")
    parser.add_argument("--skip", default="", help=f"parts to leave out, of {','.join(PARTS)}")
    options = parser.parse_args()
    sizes = options.sizes.split(",")
    skip = set(filter(None, options.skip.split(",")))
    work = Path(tempfile.mkdtemp())
    print(f"Machine: {machine()}\n")
    if "generate" not in skip:
        print(generate_speed.figures(work / "generate", sizes), end="\n\n")
    if "throughput" not in skip:
        print(local_tenant_throughput.figures(work / "throughput", 10.0, 2000), end="\n\n")
    if not {"engine", "drift", "export"} <= skip:
        with engine.deploy_s(work / "s", options.spaces) as deployed:
            count = engine.resource_count(deployed.project, deployed.env)
            engine_rows = deployed.rows
            naive = drift.naive_costs(deployed) if "drift" not in skip else None
            growth = Growth(deployed, work)
            drifts, exports = [], []
            for size in sizes:
                growth.to(size)
                if naive is not None:
                    drifts.append(drift.measure(deployed, work, size, naive))
                if "export" not in skip:
                    exports.append(export.measure(deployed, work, size))
        if "engine" not in skip:
            print(engine.table_for(engine_rows, engine.floor(work, count), count), end="\n\n")
        if naive is not None:
            print(drift.table_for(drifts, naive), end="\n\n")
        if exports:
            print(export.table_for(exports), end="\n\n")
    print(f"Load average at the end: {machine().rsplit('load average ', 1)[1]}")


if __name__ == "__main__":
    main()
