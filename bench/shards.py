"""A generated tenant deployed by the engine as one stack, then as shards at once (docs/engine.md,
"Shards"): wall time, peak memory of its whole process tree and Graph requests of each stack,
side by side, on a local tenant with Graph's latency and throttling budgets.

The shards split the generated tenant's organisations round robin, beside the tenant-wide
shard, and each paces within 1/N of the app's budgets (`graphBudgetShare`). So that the local
tenant can count each shard's requests (it counts per application), each shard signs in as an
application of its own here; each still paces at 1/N of one application's budget, as the
shards of one application do in production, so the pacing measured is production's.

    .venv/bin/python bench/shards.py --size M --shards 10 --shards-only  # M, a shard per org

Give every shard the same number of organisations: the slowest shard sets the run's time (M's
ten organisations over nine shards put two in one, which took 1.8 times as long as the others:
docs/benchmarks.md, "M across shards").
    .venv/bin/python bench/shards.py --size S --spaces 24     # what fits a short run
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml
from common import (
    SEED,
    LocalTenant,
    copy_program,
    engine_env,
    engine_settings,
    local_tenant,
    machine,
    pulumi,
    run_sampled,
    table,
)

from local_tenant.auth import ALL_ROLES
from tenantctl.generate import SIZES, build, seed_users, write_seed, write_stack
from tenantctl.model import load_tenant
from tenantctl.model.shards import TENANT_WIDE, Split
from tenantctl.stack.shards import stack_of

FAMILY = "bench"
SECRET = "local-tenant-secret"
DEFAULT_APP = "6e1f4c7a-2b3d-4e5f-8a9b-0c1d2e3f4a5b"


def generate(project: Path, size: str, spaces: int | None, shards: int) -> tuple[str, Path, Split]:
    """The generated stack, its first SPACES spaces, split into SHARDS organisation shards."""
    name = f"synthetic_{size.lower()}"
    tenant = build(SIZES[size], SEED)
    if spaces is not None:
        tenant = tenant.model_copy(update={"spaces": tenant.spaces[:spaces]})
    folder = write_stack(tenant, project, name)
    groups: list[list[str]] = [[] for _ in range(min(shards, len(tenant.organisations)))]
    for position, organisation in enumerate(tenant.organisations):
        groups[position % len(groups)].append(organisation.key)
    listed = [{"key": f"part-{n + 1}", "organisations": keys} for n, keys in enumerate(groups)]
    (folder / "data" / "shards.yaml").write_text(yaml.safe_dump({"shards": listed}))
    seed_file = project / f"{name}.users.jsonl"
    write_seed(seed_file, seed_users(tenant, SEED))
    return name, seed_file, Split(load_tenant(folder / "data").tenant)


def configure(
    project: Path, env: dict[str, str], tenant: LocalTenant, stack: str, settings: dict[str, str]
) -> None:
    """Init STACK on the local tenant with groupProvider graph and SETTINGS."""
    endpoint = tenant.endpoint
    pulumi(["stack", "init", stack], project, env)
    values = {
        "groupProvider": "graph",
        "graphBaseUrl": endpoint.base_url,
        "sharepointAdminUrl": endpoint.base_url.removesuffix("/v1.0"),
        "authorityHost": endpoint.authority,
        "tenantId": endpoint.tenant_id,
        "credential": "client_secret",
        "clientId": DEFAULT_APP,
        **settings,
    }
    args = ["config", "set-all", "--stack", stack]
    for key, value in values.items():
        args += ["--plaintext", f"{key}={value}"]
    pulumi([*args, "--secret", f"clientSecret={SECRET}"], project, env)


def up_at_once(
    project: Path, env: dict[str, str], stacks: Sequence[str]
) -> dict[str, tuple[float, float]]:
    """`pulumi up` of STACKS at once, with the engine settings of scripts/engine-env.sh; the
    seconds each took and the peak MiB of its whole process tree."""

    def up(stack: str) -> tuple[float, float]:
        args = ["pulumi", "up", "--yes", "--non-interactive", "--skip-preview", "--stack", stack]
        wall, peaks, _ = run_sampled(args, project, engine_settings(project, env, stack))
        return wall, peaks.total()

    with ThreadPoolExecutor(len(stacks)) as pool:
        return dict(zip(stacks, pool.map(up, stacks), strict=True))


def whole(work: Path, name: str, seed_file: Path) -> list[object]:
    """The tenant as one stack."""
    project, env = work / "whole", engine_env(work / "whole-engine")
    copy_program(project)
    copy_stack(work / "generated", project, name)
    env["TENANTCTL_PROJECT"] = str(project)
    with local_tenant(work / "whole-tenant", seed_file) as tenant:
        env["TENANTCTL_CA_BUNDLE"] = str(tenant.endpoint.certificate)
        configure(project, env, tenant, FAMILY, {"description": name})
        tenant.reset_counters()
        ((seconds, mib),) = up_at_once(project, env, [FAMILY]).values()
        counted = tenant.counters()
    return ["one stack", FAMILY, seconds, mib, counted["total"], counted["statuses"].get("429", 0)]


def sharded(work: Path, name: str, seed_file: Path, split: Split) -> list[list[object]]:
    """The tenant as shards: the tenant-wide one, then the others at once."""
    project, env = work / "shards", engine_env(work / "shards-engine")
    copy_program(project)
    copy_stack(work / "generated", project, name)
    env["TENANTCTL_PROJECT"] = str(project)
    stacks = {shard: stack_of(FAMILY, shard) for shard in split.keys}
    apps = {shard: f"00000000-0000-4000-8000-{n:012d}" for n, shard in enumerate(split.keys)}
    share = f"{int(split.budget_share * 10_000) / 10_000:g}"
    with local_tenant(work / "shards-tenant", seed_file) as tenant:
        env["TENANTCTL_CA_BUNDLE"] = str(tenant.endpoint.certificate)
        for shard, stack in stacks.items():
            tenant.admin(
                "POST",
                "/clients",
                {"client_id": apps[shard], "client_secret": SECRET, "roles": list(ALL_ROLES)},
            )
            settings = {"description": name, "shard": shard, "graphBudgetShare": share}
            configure(project, env, tenant, stack, {**settings, "clientId": apps[shard]})
        tenant.reset_counters()
        first = up_at_once(project, env, [stacks[TENANT_WIDE]])
        started = time.monotonic()
        rest = up_at_once(project, env, [s for k, s in stacks.items() if k != TENANT_WIDE])
        together = time.monotonic() - started
        counted = tenant.counters()
    ups = first | rest
    by_app = counted["apps"]
    rows: list[list[object]] = [
        [f"shard {shard}", stack, *ups[stack], by_app.get(apps[shard], 0), ""]
        for shard, stack in stacks.items()
    ]
    total = ups[stacks[TENANT_WIDE]][0] + together
    rows.append(
        ["shards, tenant-wide then the rest at once", "", total, "", counted["total"],
         counted["statuses"].get("429", 0)]
    )  # fmt: skip
    return rows


def copy_stack(generated: Path, project: Path, name: str) -> None:
    subprocess.run(
        ["cp", "-r", str(generated / "stacks" / name), str(project / "stacks" / name)], check=True
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", default="S", choices=sorted(SIZES))
    parser.add_argument("--spaces", type=int, help="deploy only the first SPACES team spaces")
    parser.add_argument("--shards", type=int, default=2, help="organisation shards")
    parser.add_argument(
        "--shards-only", action="store_true", help="leave out the run as one stack (M: hours)"
    )
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp())
    name, seed_file, split = generate(
        work / "generated", options.size, options.spaces, options.shards
    )
    rows = [] if options.shards_only else [whole(work, name, seed_file)]
    rows += sharded(work, name, seed_file, split)
    spaces = options.spaces if options.spaces is not None else SIZES[options.size].spaces
    print(f"{options.size} with {spaces} team spaces, {len(split.keys)} shards "
          f"(each within {split.budget_share:.3g} of the app's budgets):\n")  # fmt: skip
    print(table(["run", "stack", "wall s", "peak MiB", "Graph requests", "429"], rows))
    print(f"\n{machine()}")


if __name__ == "__main__":
    main()
