"""`pulumi preview` and `pulumi up` of the S tenant with the real engine as the stack grows,
beside the engine-only floor: a generated program with as many dynamic resources whose provider
does nothing.

Each size deploys S's directorates, people, partners and licence groups and its first SPACES
team spaces for real, on a fresh local tenant seeded with its users (80 ms latency, Graph's
throttling budgets), with the engine settings of scripts/engine-env.sh (the state written once,
when the update ends) and, at the sizes asked, with a checkpoint after every step as well
(Pulumi's default). Peak resident memory of the engine, the program, the dynamic provider and
the whole process tree is sampled from /proc every 0.1 s. `deploy_s` leaves the local tenant
holding S and the stack's state, which bench/drift.py and bench/export.py reuse.
Run: .venv/bin/python bench/engine.py [--spaces 12,96,300] [--every-step 12,96]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from common import (
    LocalTenant,
    copy_program,
    engine_env,
    engine_settings,
    generate,
    local_tenant,
    machine,
    pulumi,
    pulumi_yaml,
    run_sampled,
    table,
)

TRIVIAL = """
import pulumi
from pulumi.dynamic import CreateResult, Resource, ResourceProvider

from tenantctl.resources.serialisation import pickler_restored
from tenantctl.stack.registrations import declared_in_turn


class Nothing(ResourceProvider):
    def create(self, props):
        return CreateResult(id_=props["name"], outs=props)


class Trivial(Resource):
    def __init__(self, name):
        with pickler_restored():
            super().__init__(Nothing(), name, {{"name": name}})


def steps():
    for number in range({count}):
        Trivial(f"r{{number}}")
        yield


pulumi.run(lambda: declared_in_turn(steps()))
"""
"""The floor program: COUNT dynamic resources whose provider does nothing, declared as the
toolkit's program declares its components (`declared_in_turn`) and registered as its
resources are (`pickler_restored`, or the SDK's provider serialisation nests once per
resource and fails past about a thousand)."""


def trivial_program(count: int) -> str:
    """The floor program's `__main__.py` for COUNT resources."""
    return TRIVIAL.format(count=count)


SKIP_CHECKPOINTS = "PULUMI_SKIP_CHECKPOINTS"
ONCE, EVERY_STEP = "once, at the end", "after every step"
ROLES = ("engine", "program", "provider", "tree")
"""The memory columns: the pulumi CLI, the program with its language host, the dynamic provider
host, and every process of the command at once."""

SPACES = 12
"""Team spaces of S deployed by default: all of S's directorates, people, partners and licence
groups, and its first 12 spaces (S has 300; the throttling budgets make all of them take
hours on a loaded two-core machine)."""


@dataclass
class Deployed:
    """The S stack applied to a running local tenant."""

    tenant: LocalTenant
    project: Path
    env: dict[str, str]
    stack: str
    spaces: int
    rows: list[list[object]]


def configure(project: Path, env: dict[str, str], tenant: LocalTenant, description: str) -> None:
    """Init the `bench` stack on the local tenant with groupProvider graph."""
    endpoint = tenant.endpoint
    pulumi(["stack", "init", "bench"], project, env)
    settings = {
        "description": description,
        "groupProvider": "graph",
        "graphBaseUrl": endpoint.base_url,
        "sharepointAdminUrl": endpoint.base_url.removesuffix("/v1.0"),
        "authorityHost": endpoint.authority,
        "tenantId": endpoint.tenant_id,
        "clientId": "6e1f4c7a-2b3d-4e5f-8a9b-0c1d2e3f4a5b",
        "credential": "client_secret",
    }
    args = ["config", "set-all"]
    for key, value in settings.items():
        args += ["--plaintext", f"{key}={value}"]
    pulumi([*args, "--secret", "clientSecret=local-tenant-secret"], project, env)


def timed(label: str, args: list[str], project: Path, env: dict[str, str]) -> list[object]:
    """[label, wall s, then peak MiB of the engine, program, provider and whole tree]."""
    wall, peaks, _ = run_sampled(["pulumi", *args], project, env)
    return [label, wall, *(peaks.mib.get(role, 0.0) for role in ROLES)]


def resource_count(project: Path, env: dict[str, str]) -> int:
    export = json.loads(pulumi(["stack", "export"], project, env).stdout)
    return sum(1 for r in export["deployment"]["resources"] if r.get("custom"))


def floor(base: Path, count: int, every_step: bool = False) -> list[list[object]]:
    """preview and up of COUNT do-nothing dynamic resources with the engine settings of
    scripts/engine-env.sh, the state written once (or after every step as well)."""
    project = base / f"trivial-{count}-{'every-step' if every_step else 'once'}"
    project.mkdir(parents=True)
    (project / "Pulumi.yaml").write_text(pulumi_yaml("trivial"))
    (project / "__main__.py").write_text(trivial_program(count))
    env = {**engine_env(project / "engine"), SKIP_CHECKPOINTS: "false" if every_step else "true"}
    pulumi(["stack", "init", "bench"], project, env)
    env = engine_settings(project, env, "bench")
    preview = timed(
        f"floor: preview {count} trivial", ["preview", "--non-interactive"], project, env
    )
    up = timed(f"floor: up {count} trivial", ["up", "--yes", "--non-interactive"], project, env)
    return [preview, up]


@contextlib.contextmanager
def deploy_s(work: Path, spaces: int = SPACES, every_step: bool = False) -> Iterator[Deployed]:
    """Generate S (its first SPACES team spaces), serve its users, preview and up the stack with
    the toolkit's engine settings (or a checkpoint after every step); the local tenant stays up."""
    project = work / "project"
    copy_program(project)
    name, seed_file = generate("S", project, spaces)
    env = {
        **engine_env(work / "engine"),
        "TENANTCTL_PROJECT": str(project),
        "AZURE_CLIENT_SECRET": "local-tenant-secret",  # for drift and export
    }
    if every_step:
        env[SKIP_CHECKPOINTS] = "false"
    with local_tenant(work / "local-tenant", seed_file) as tenant:
        env["TENANTCTL_CA_BUNDLE"] = str(tenant.endpoint.certificate)
        configure(project, env, tenant, name)
        env = engine_settings(project, env, "bench")
        if env.get(SKIP_CHECKPOINTS) != ("false" if every_step else "true"):
            raise RuntimeError(f"scripts/engine-env.sh left {SKIP_CHECKPOINTS} unexpected")
        rows = [
            timed(f"S/{spaces}: pulumi preview", ["preview", "--non-interactive"], project, env),
            timed(f"S/{spaces}: pulumi up", ["up", "--yes", "--non-interactive"], project, env),
        ]
        yield Deployed(tenant, project, env, "bench", spaces, rows)


def bench_on_sizes(
    description: str | None,
    default_sizes: str,
    run: Callable[[Deployed, Path, list[str]], str],
) -> None:
    """A bench's command line: deploy part of S, grow and measure it at each size, print the
    table and the machine."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--sizes", default=default_sizes)
    parser.add_argument("--spaces", type=int, default=SPACES, help="team spaces of S to deploy")
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp())
    with deploy_s(work, options.spaces) as deployed:
        print(run(deployed, work, options.sizes.split(",")))
    print(f"\n{machine()}")


@dataclass(frozen=True)
class Up:
    """One `pulumi up` of the size table."""

    program: str
    checkpoints: str
    resources: int
    wall: float
    engine_mib: float
    tree_mib: float
    load: float

    @property
    def ms_per_resource(self) -> float:
        return 1000 * self.wall / self.resources


def up_of(program: str, every_step: bool, resources: int, row: list[object]) -> Up:
    """The size table's view of a `timed` up row, with the 1-minute load average now."""
    wall, engine_mib, tree_mib = (float(row[i]) for i in (1, 2, len(row) - 1))  # type: ignore[arg-type]
    load = float(Path("/proc/loadavg").read_text().split()[0])
    return Up(
        program, EVERY_STEP if every_step else ONCE, resources, wall, engine_mib, tree_mib, load
    )


def measure_size(work: Path, spaces: int, every_step: bool) -> list[Up]:
    """S's first SPACES team spaces deployed for real, and the floor at as many resources."""
    with deploy_s(work / f"s-{spaces}-{every_step}", spaces, every_step) as deployed:
        count = resource_count(deployed.project, deployed.env)
        real = up_of(f"S/{spaces}", every_step, count, deployed.rows[1])
    trivial = up_of("floor", every_step, count, floor(work, count, every_step)[1])
    return [real, trivial]


def size_table(ups: list[Up]) -> str:
    """Every up, S's then the floor's, with its time per resource and memory beside the
    smallest of its kind (same program, same state writes)."""
    smallest: dict[tuple[str, str], Up] = {}
    rows = []
    for up in sorted(ups, key=lambda up: (up.program == "floor", up.checkpoints, up.resources)):
        first = smallest.setdefault((up.program.split("/")[0], up.checkpoints), up)
        rows.append(
            [
                up.program,
                up.checkpoints,
                up.resources,
                up.wall,
                up.ms_per_resource,
                f"{up.ms_per_resource / first.ms_per_resource:.2f}x",
                up.engine_mib,
                f"{up.engine_mib / first.engine_mib:.2f}x",
                up.tree_mib,
                f"{up.tree_mib / first.tree_mib:.2f}x",
                up.load,
            ]
        )
    headers = ["pulumi up", "state written", "resources", "wall s", "ms per resource"]
    headers += ["vs smallest", "engine MiB", "vs smallest", "whole tree MiB", "vs smallest"]
    headers.append("load (1 min)")
    return table(headers, rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--spaces", default="12,96,300", help="team spaces of S, one run each")
    parser.add_argument(
        "--every-step", default="12,96", help="of those, the sizes also run with every checkpoint"
    )
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp())
    every_step = {int(n) for n in options.every_step.split(",") if n}
    print(f"Machine at the start: {machine()}\n", flush=True)
    ups: list[Up] = []
    for spaces in (int(n) for n in options.spaces.split(",") if n):
        for mode in (False, True) if spaces in every_step else (False,):
            started = time.monotonic()
            ups += measure_size(work, spaces, mode)
            took = time.monotonic() - started
            print(f"{size_table(ups[-2:])}\n(S/{spaces} and its floor: {took:.0f} s)\n", flush=True)
    print(size_table(ups))
    print(f"\nMachine at the end: {machine()}")


if __name__ == "__main__":
    main()
