"""How long `tenantctl local-tenant serve` takes from launch to its first Graph answer.

Prints, for a fresh data directory and for an existing one, the median and worst wall time
and CPU time of several starts, beside the two-second target. Run: .venv/bin/python
bench/local_tenant_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

TARGET_S = 2.0
TENANTCTL = Path(sys.executable).with_name("tenantctl")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start_once(data: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) from launch until GET /v1.0/users answers."""
    port = free_port()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    args = [str(TENANTCTL), "local-tenant", "serve", "--data", str(data), "--port", str(port)]
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/v1.0/users"
        while True:
            try:
                httpx.get(url, timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.01)
        wall = time.perf_counter() - started
    finally:
        process.kill()
        process.wait(10)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    start_once(Path(tempfile.mkdtemp()))  # compile bytecode once, as an installed copy has
    rows = []
    for label, fresh in (("new data directory", True), ("existing data directory", False)):
        data = Path(tempfile.mkdtemp())
        if not fresh:
            start_once(data)
        walls, cpus = [], []
        for _ in range(runs):
            if fresh:
                shutil.rmtree(data)
                data.mkdir()
            wall, cpu = start_once(data)
            walls.append(wall)
            cpus.append(cpu)
        rows.append((label, statistics.median(walls), max(walls), statistics.median(cpus)))
    print(f"{'local tenant start':<26}{'median s':>10}{'worst s':>10}{'cpu s':>8}{'target s':>10}")
    for label, median, worst, cpu in rows:
        print(f"{label:<26}{median:>10.2f}{worst:>10.2f}{cpu:>8.2f}{TARGET_S:>10.1f}")


if __name__ == "__main__":
    main()
