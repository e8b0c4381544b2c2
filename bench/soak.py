"""Reliability soak: the demo stack applied by the real engine to the local tenant, over
and over, under faults and interruptions; prints what was injected and what held.

Each iteration runs every scenario on a fresh stack and reset tenant: transient 503/504s
and dropped connections at --fault-rate (half of them after the write committed), re-run
until `pulumi up` succeeds; a 429 storm over every budget; SIGKILL of `pulumi up` after a
random number of requests; a restart of the local tenant mid-update. After each, the
tenant must equal the stack (tests/reliability/snapshot.py). Exits non-zero if any
duplicate, lost write or traceback was found, or a scenario did not converge.
Run: .venv/bin/python bench/soak.py [--iterations N] [--fault-rate R] [--seed S]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the tests' helpers: tests/engine and tests/reliability

from common import table  # noqa: E402

from tests.engine.conftest import PulumiCommandError, isolated_engine_env  # noqa: E402
from tests.engine.demo_stack import DemoStack, TenantView, prepare_demo_stack  # noqa: E402
from tests.reliability.faults import clear_counters, statuses, storm, wait_until  # noqa: E402
from tests.reliability.snapshot import assert_tenant_matches_stack, state_of  # noqa: E402
from tests.reliability.test_interruption import converge, interrupt_after  # noqa: E402
from tests.support.local_tenant_fixture import (  # noqa: E402
    LocalTenantHandle,
    start_local_tenant,
)

MAX_RUNS = 5
INJECTED = (429, 503, 504)
MUST_BE_ZERO = ("duplicates", "lost writes", "tracebacks", "not converged")


class Soak:
    """One soak: the tenant, the figures, and a scenario runner."""

    def __init__(self, tenant: LocalTenantHandle, work: Path, rate: float, seed: int) -> None:
        self.tenant, self.work, self.rate = tenant, work, rate
        self.rng = random.Random(seed)
        self.figures: Counter[str] = Counter()
        self.count = 0

    def fresh(self) -> DemoStack:
        self.count += 1
        base = self.work / f"stack-{self.count}"
        demo = prepare_demo_stack(base, isolated_engine_env(base / "engine"), self.tenant)
        clear_counters(self.tenant)
        return demo

    def up(self, demo: DemoStack) -> int:
        """`pulumi up`, counted, and any Python traceback in its output (a provider's error is
        one line, see tenantctl.resources.provider_host)."""
        self.figures["runs"] += 1
        result = demo.run("up", "--yes", expect_returncode=None)
        self.count_tracebacks(result.stdout + result.stderr)
        return result.returncode

    def count_tracebacks(self, output: str) -> None:
        self.figures["tracebacks"] += output.count("Traceback (most recent call last)")

    def check(self, demo: DemoStack) -> None:
        """Count what the tenant holds against the stack; faults off first."""
        answered = statuses(self.tenant)
        self.figures["faults injected"] += sum(answered.get(s, 0) for s in INJECTED)
        self.figures["tracebacks"] += answered.get(500, 0)
        self.tenant.admin.set_faults({})
        view = TenantView(self.tenant)
        try:
            assert_tenant_matches_stack(demo, view)
            self.figures["convergences"] += 1
        except AssertionError as error:
            duplicate = "two " in str(error) or "share one object" in str(error)
            self.figures["duplicates" if duplicate else "not converged"] += 1
            print(f"  scenario {self.count}: {str(error).splitlines()[0]}", file=sys.stderr)
        finally:
            view.close()

    def run(self, name: str, scenario: Callable[[DemoStack], None]) -> None:
        demo = self.fresh()
        self.figures["scenarios"] += 1
        try:
            scenario(demo)
        except PulumiCommandError as error:
            self.count_tracebacks(error.result.stdout + error.result.stderr)
            self.figures["not converged"] += 1
            print(f"  {name}: {str(error).splitlines()[0]}", file=sys.stderr)
            return
        self.check(demo)

    # scenarios -------------------------------------------------------------------------------

    def transient(self, demo: DemoStack) -> None:
        half = self.rate / 2
        self.tenant.admin.set_faults(
            {
                "seed": self.rng.randrange(2**31),
                "transient": {"rate": half, "after_commit_rate": half, "retry_after_s": 1},
                "drop": {"rate": half / 2, "after_commit_rate": half / 2},
            }
        )
        runs = 1
        while self.up(demo) != 0 and runs < MAX_RUNS:
            runs += 1

    def throttled(self, demo: DemoStack) -> None:
        self.tenant.admin.set_faults(storm(limit=1, window_s=1))
        update = demo.start("up", "--yes")
        wait_until(
            lambda: update.poll() is not None or statuses(self.tenant).get(429, 0) >= 25,
            300,
            "a storm",
        )
        self.figures["faults injected"] += statuses(self.tenant).get(429, 0)
        clear_counters(self.tenant)
        self.tenant.admin.set_faults({})
        self.figures["runs"] += 1
        update.wait(600)
        self.count_tracebacks((demo.directory / "pulumi-up.log").read_text())
        if update.returncode != 0:
            self.up(demo)

    def killed(self, demo: DemoStack) -> None:
        self.figures["runs"] += 1
        if interrupt_after(demo, self.rng.randint(3, 120), DemoStack.kill):
            self.figures["SIGKILLs"] += 1
        self.figures["runs"] += 2  # refresh and up
        converge(demo)

    def restarted(self, demo: DemoStack) -> None:
        self.figures["runs"] += 1
        if interrupt_after(demo, self.rng.randint(10, 120), lambda _: self.tenant.restart()):
            self.figures["tenant restarts"] += 1
        view = TenantView(self.tenant)
        kinds = {"Group": "groups", "Team": "teams"}
        for resource in state_of(demo):
            if resource["kind"] in kinds:
                lost = not view.exists(f"{kinds[resource['kind']]}/{resource['id']}")
                self.figures["lost writes"] += lost
        view.close()
        self.figures["runs"] += 2
        converge(demo)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--iterations", type=int, default=3)
    parser.add_argument("--fault-rate", type=float, default=0.08)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="tenantctl-soak-") as work:
        tenant = start_local_tenant(Path(work) / "tenant")
        soak = Soak(tenant, Path(work), args.fault_rate, args.seed)
        try:
            for iteration in range(args.iterations):
                print(f"iteration {iteration + 1}/{args.iterations}", file=sys.stderr)
                soak.run("transient", soak.transient)
                soak.run("throttled", soak.throttled)
                soak.run("killed", soak.killed)
                soak.run("restarted", soak.restarted)
        finally:
            tenant.runner.stop()
    figures = soak.figures
    names = ["faults injected", "SIGKILLs", "tenant restarts", "runs", "scenarios"]
    names += ["convergences", *MUST_BE_ZERO]
    rows = [[name, figures[name], "0" if name in MUST_BE_ZERO else ""] for name in names]
    print(
        f"soak: {args.iterations} iteration(s), fault rate {args.fault_rate:.0%}, "
        f"seed {args.seed}, {time.monotonic() - started:.0f} s"
    )
    print(table(["figure", "value", "must be"], rows))
    sys.exit(1 if any(figures[name] for name in MUST_BE_ZERO) else 0)


if __name__ == "__main__":
    main()
