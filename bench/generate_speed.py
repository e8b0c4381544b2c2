"""How long `tenantctl generate` takes per size, and how long its users take to load into a
local tenant data directory (one transaction), beside the one-minute target for L.
Run: .venv/bin/python bench/generate_speed.py [--sizes S,M,L]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from common import generate, machine, table

from tenantctl.generate import SIZES, load_seed

TARGET_S = 60.0


def figures(work: Path, sizes: list[str]) -> str:
    rows = []
    for size in sizes:
        started = time.perf_counter()
        _, seed_file = generate(size, work / size)
        written = time.perf_counter() - started
        started = time.perf_counter()
        users = load_seed(seed_file, work / size / "local-tenant")
        loaded = time.perf_counter() - started
        spec = SIZES[size]
        rows.append([size, users, spec.spaces, written, loaded, TARGET_S])
    headers = ["generate", "users", "team spaces", "write s", "seed load s", "target s"]
    return table(headers, rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="S,M,L")
    sizes = parser.parse_args().sizes.split(",")
    print(figures(Path(tempfile.mkdtemp()), sizes))
    print(f"\n{machine()}")


if __name__ == "__main__":
    main()
