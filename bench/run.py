"""Every benchmark figure in one run, each table printed side by side with its floor.

The engine runs at each of `--engine-spaces` team spaces of S, deployed for real on a fresh
local tenant, beside its floor (bench/engine.py). For drift and export, S is generated, seeded
and deployed once (80 ms latency, Graph's throttling budgets on), its first `--spaces` team
spaces; the stack is then grown to each size's team spaces and users (bench/growth.py) and
drift and export run on it at each size. Every memory figure is the whole job's peak, child
processes included. Heavy: run it on a quiet machine, and note the load average.
Run: .venv/bin/python bench/run.py [--sizes S,M,L] [--engine-spaces 12,96,300]
     [--skip generate,throughput,engine,drift,export]
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
    parser.add_argument(
        "--spaces", type=int, default=engine.SPACES, help="team spaces of S for drift and export"
    )
    parser.add_argument(
        "--engine-spaces", default="12,96,300", help="team spaces of S for the engine, one up each"
    )
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
    if "engine" not in skip:
        ups = []
        for spaces in (int(n) for n in options.engine_spaces.split(",") if n):
            ups += engine.measure_size(work / "engine", spaces, every_step=False)
        print(engine.size_table(ups), end="\n\n")
    if not {"drift", "export"} <= skip:
        with engine.deploy_s(work / "s", options.spaces) as deployed:
            naive = drift.naive_costs(deployed) if "drift" not in skip else None
            growth = Growth(deployed, work)
            drifts, exports = [], []
            for size in sizes:
                growth.to(size)
                if naive is not None:
                    drifts.append(drift.measure(deployed, work, size, naive))
                if "export" not in skip:
                    exports.append(export.measure(deployed, work, size))
        if naive is not None:
            print(drift.table_for(drifts, naive), end="\n\n")
        if exports:
            print(export.table_for(exports), end="\n\n")
    print(f"Load average at the end: {machine().rsplit('load average ', 1)[1]}")


if __name__ == "__main__":
    main()
