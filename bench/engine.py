"""`pulumi preview` and `pulumi up` of the S tenant with the real engine, beside the engine-only
floor: a generated program with as many dynamic resources whose provider does nothing.

The S stack runs against a local tenant seeded with its users, with 80 ms latency and Graph's
throttling budgets. Peak resident memory of the engine, the program and the dynamic provider
processes is sampled from /proc every 0.1 s. Afterwards the local tenant holds S and the stack's
state, which bench/drift.py and bench/export.py reuse through `deploy_s`.
Run: .venv/bin/python bench/engine.py
"""

from __future__ import annotations

import argparse
import contextlib
import json
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from common import (
    LocalTenant,
    copy_program,
    engine_env,
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


class Nothing(ResourceProvider):
    def create(self, props):
        return CreateResult(id_=props["name"], outs=props)


class Trivial(Resource):
    def __init__(self, name):
        with pickler_restored():
            super().__init__(Nothing(), name, {{"name": name}})


for number in range({count}):
    Trivial(f"r{{number}}")
"""
"""The floor program: COUNT dynamic resources whose provider does nothing, registered as the
toolkit's own resources are (`pickler_restored`, or the SDK's provider serialisation nests
once per resource and fails past about a thousand)."""


def trivial_program(count: int) -> str:
    """The floor program's `__main__.py` for COUNT resources."""
    return TRIVIAL.format(count=count)


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
    wall, peaks, _ = run_sampled(["pulumi", *args], project, env)
    mib = peaks.mib
    return [label, wall, mib.get("engine", 0.0), mib.get("program", 0.0), mib.get("provider", 0.0)]


def resource_count(project: Path, env: dict[str, str]) -> int:
    export = json.loads(pulumi(["stack", "export"], project, env).stdout)
    return sum(1 for r in export["deployment"]["resources"] if r.get("custom"))


def floor(base: Path, count: int) -> list[list[object]]:
    """preview and up of COUNT do-nothing dynamic resources."""
    project = base / "trivial"
    project.mkdir(parents=True)
    (project / "Pulumi.yaml").write_text(pulumi_yaml("trivial"))
    (project / "__main__.py").write_text(trivial_program(count))
    env = engine_env(base / "trivial-engine")
    pulumi(["stack", "init", "bench"], project, env)
    preview = timed(
        f"floor: preview {count} trivial", ["preview", "--non-interactive"], project, env
    )
    up = timed(f"floor: up {count} trivial", ["up", "--yes", "--non-interactive"], project, env)
    return [preview, up]


@contextlib.contextmanager
def deploy_s(work: Path, spaces: int = SPACES) -> Iterator[Deployed]:
    """Generate S (its first SPACES team spaces), serve its users, preview and up the stack;
    the local tenant stays up."""
    project = work / "project"
    copy_program(project)
    name, seed_file = generate("S", project, spaces)
    env = {
        **engine_env(work / "engine"),
        "TENANTCTL_PROJECT": str(project),
        "AZURE_CLIENT_SECRET": "local-tenant-secret",  # for drift and export
    }
    with local_tenant(work / "local-tenant", seed_file) as tenant:
        env["TENANTCTL_CA_BUNDLE"] = str(tenant.endpoint.certificate)
        configure(project, env, tenant, name)
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


def table_for(real: list[list[object]], trivial: list[list[object]], count: int) -> str:
    """S's preview and up beside the floor's, with the ratios."""
    rows = []
    for mine, floor_row in zip(real, trivial, strict=True):
        ratio = float(mine[1]) / float(floor_row[1])  # type: ignore[arg-type]
        rows += [[*mine, f"{ratio:.1f}x floor"], [*floor_row, ""]]
    headers = ["engine", "wall s", "engine MiB", "program MiB", "provider MiB", "ratio"]
    return f"{table(headers, rows)}\n\n{count} resources in the deployed part of S."


def figures(work: Path, spaces: int) -> str:
    """The engine table of S."""
    with deploy_s(work, spaces) as deployed:
        count = resource_count(deployed.project, deployed.env)
        real = deployed.rows
    return table_for(real, floor(work, count), count)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--spaces", type=int, default=SPACES, help="team spaces of S to deploy")
    print(figures(Path(tempfile.mkdtemp()), parser.parse_args().spaces))
    print(f"\n{machine()}")


if __name__ == "__main__":
    main()
