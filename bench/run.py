"""Every benchmark figure in one run, each table printed side by side with its floor.

The S tenant is generated, seeded and deployed once (80 ms latency, Graph's throttling budgets
on); the engine, drift and export figures share that deployment. Sizes beyond S are projected
from S's per-object figures. Heavy: run it on a quiet machine, and note the load average.
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

import engine

PARTS = ("generate", "throughput", "engine", "drift", "export")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="S,M,L", help="sizes for the generator and projections")
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
            print(f"S deployed: {engine_rows}", flush=True)
            measured = {
                "drift": drift.measure(deployed, work) if "drift" not in skip else None,
                "export": export.measure(deployed, work) if "export" not in skip else None,
            }
        if "engine" not in skip:
            print(engine.table_for(engine_rows, engine.floor(work, count), count), end="\n\n")
        if measured["drift"]:
            print(drift.table_for(measured["drift"], sizes), end="\n\n")
        if measured["export"]:
            print(export.table_for(measured["export"], [s for s in sizes if s != "L"]), end="\n\n")
    print(f"Load average at the end: {machine().rsplit('load average ', 1)[1]}")


if __name__ == "__main__":
    main()
