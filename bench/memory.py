"""Peak resident memory of `tenantctl drift` and `tenantctl export` as the tenant grows.

Each size is a local tenant (80 ms latency, Graph's budgets on) holding GROUPS security groups
named `BEN-G<n>-agents`, each with 2 owners and 8 members, and 12 users per group (a fifth of
them in no group), written straight into its store; drift reads a `pulumi stack export`
document declaring every group as the Group provider would have left it (`--state`), export
reads the whole tenant. Memory is the whole job (the command and every process it starts),
sampled every 0.1 s.

A second table needs no tenant: the state of M's and L's team spaces (seven resources each)
read as one JSON document, as drift did before it streamed, and streamed as drift does now
(`index_state`, then every `Declared` in turn).
Run: .venv/bin/python bench/memory.py [--groups 1000,4000,12000] [--spaces 5900,19600]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from common import TENANTCTL, LocalTenant, local_tenant, machine, run_sampled, table

from local_tenant.auth import ALL_ROLES
from local_tenant.tenant import Tenant

USERS_PER_GROUP = 12
OWNERS, MEMBERS = 2, 8
DOMAIN = "bench.example"
DYNAMIC = "pulumi-python:dynamic/tenantctl:Group"
STACK_URN = "urn:pulumi:bench::m365-tenant"
SPACE_KINDS = ("Group", "Team", "TeamSettings", "Channel", "Channel", "GroupDirectorySettings")
READ_WHOLE = "import json, sys, tenantctl.drift.state; json.load(open(sys.argv[1]))"
READ_STREAMED = (
    "import sys; from pathlib import Path; from tenantctl.drift.state import declared, index_state;"
    " path = Path(sys.argv[1]); index_state(path); all(True for _ in declared(path))"
)


def upn(n: int) -> str:
    return f"agent.{n:06d}@{DOMAIN}"


def fill(data: Path, groups: int) -> Iterator[dict[str, Any]]:
    """Users and groups written into a local tenant's store; each group's state resource."""
    tenant = Tenant(data)
    directory = tenant.directory
    # Nicknames here are unique by construction: skip the check that lists every group.
    directory._check_nickname = lambda *args, **kwargs: None
    try:
        with tenant.store.transaction():
            tenant.licensing.seed()
            ids = [_user(directory, n) for n in range(groups * USERS_PER_GROUP)]
            for g in range(groups):
                first = g * (OWNERS + MEMBERS)
                owners = list(range(first, first + OWNERS))
                members = list(range(first + OWNERS, first + OWNERS + MEMBERS))
                inputs = {
                    "display_name": f"Bench group {g:05d}",
                    "mail_nickname": f"BEN-G{g:05d}-agents",
                    "description": f"Bench group {g:05d}",
                    "kind": "security",
                    "owners": [upn(n) for n in owners],
                    "members": [upn(n) for n in members],
                }
                group = directory.create_group(
                    {
                        "displayName": inputs["display_name"],
                        "mailNickname": inputs["mail_nickname"],
                        "description": inputs["description"],
                        "mailEnabled": False,
                        "securityEnabled": True,
                        "groupTypes": [],
                        "owners@odata.bind": [_bind(ids[n]) for n in owners],
                        "members@odata.bind": [_bind(ids[n]) for n in members],
                    }
                )
                yield {
                    "urn": f"{STACK_URN}::{DYNAMIC}::group-{g:05d}",
                    "custom": True,
                    "type": DYNAMIC,
                    "id": group["id"],
                    "inputs": inputs,
                    "outputs": {**inputs, "object_id": group["id"], "mail": None},
                    "parent": f"{STACK_URN}::pulumi:pulumi:Stack::m365-tenant-bench",
                }
    finally:
        tenant.store.close()


def _user(directory: Any, n: int) -> str:
    user_id = str(uuid.uuid5(uuid.NAMESPACE_DNS, upn(n)))
    directory.add_user(
        {
            "id": user_id,
            "userPrincipalName": upn(n),
            "mail": upn(n),
            "displayName": f"Agent {n:06d}",
            "department": f"Department {n % 40}",
            "jobTitle": "Agent",
            "userType": "Member",
            "accountEnabled": True,
        }
    )
    return user_id


def _bind(user_id: str) -> str:
    return f"https://graph.microsoft.com/v1.0/directoryObjects/{user_id}"


def write_state(path: Path, resources: Iterator[dict[str, Any]]) -> int:
    """A `pulumi stack export` document of these resources; how many it declares."""
    declared = list(resources)
    document = {"version": 3, "deployment": {"resources": declared}}
    path.write_text(json.dumps(document), encoding="utf-8")
    return len(declared)


def measure(tenant: LocalTenant, state: Path, work: Path) -> dict[str, Any]:
    """Peak RSS (MiB) and wall time of one drift and one export against TENANT."""
    env = {
        **os.environ,
        "TENANTCTL_GRAPH_BASE_URL": tenant.endpoint.base_url,
        "TENANTCTL_CREDENTIAL": "token",
        "TENANTCTL_ACCESS_TOKEN": tenant.token(ALL_ROLES),
        "TENANTCTL_CA_BUNDLE": tenant.endpoint.certificate,
    }
    report = work / "drift.json"
    drift = [str(TENANTCTL), "drift", "bench", "--state", str(state), "--json", str(report)]
    drift_s, drift_peaks, _ = run_sampled(drift, work, env, ok=(0, 3))
    counts = json.loads(report.read_text())
    export = [str(TENANTCTL), "export", "--out", str(work / "exported")]
    export += ["--graph-base-url", tenant.endpoint.base_url]
    export_env = {**env, "AZURE_CLIENT_SECRET": "local-tenant-secret"}
    export_s, export_peaks, _ = run_sampled(export, work, export_env)
    return {
        "drift_mib": drift_peaks.total(),
        "drift_s": drift_s,
        "drift_findings": len(counts["drift"]),
        "export_mib": export_peaks.total(),
        "export_s": export_s,
    }


def space_state(path: Path, spaces: int) -> int:
    """A state of SPACES team spaces shaped as the TeamSpace component declares them."""
    resources = []
    for s in range(spaces):
        group, parent = str(uuid.uuid4()), f"{STACK_URN}::tenantctl:m365:TeamSpace::space-{s}"
        people = [upn(s * 6 + n) for n in range(6)]
        for n, kind in enumerate((*SPACE_KINDS, "SiteSharing")):
            inputs: dict[str, Any] = {"group_id": group, "display_name": f"Space {s} {kind}"}
            if kind == "Group":
                inputs = {"mail_nickname": f"BEN-S{s}", "owners": people[:2], "members": people}
            id_ = group if kind in ("Group", "Team") else str(uuid.uuid4())
            resources.append(
                {
                    "urn": f"{parent}$pulumi-python:dynamic/tenantctl:{kind}::space-{s}-{n}",
                    "custom": True,
                    "type": f"pulumi-python:dynamic/tenantctl:{kind}",
                    "id": id_,
                    "inputs": inputs,
                    "outputs": {**inputs, "object_id": id_},
                    "parent": parent,
                    "dependencies": [parent],
                }
            )
    return write_state(path, iter(resources))


def state_rows(spaces: list[int], work: Path) -> list[list[object]]:
    """Peak RSS (MiB) of reading each state whole and streamed, in a process of its own."""
    rows: list[list[object]] = []
    for count in spaces:
        path = work / f"state-{count}.json"
        declared = space_state(path, count)
        peaks = [
            run_sampled([sys.executable, "-c", code, str(path)], work, dict(os.environ))[1]
            for code in (READ_WHOLE, READ_STREAMED)
        ]
        size = path.stat().st_size / 2**20
        rows.append([declared, size, *(p.total() for p in peaks)])
    return rows


STATE_HEADERS = ["declared", "state MiB", "read whole: peak MiB", "streamed: peak MiB"]
HEADERS = [
    "groups",
    "users",
    "declared",
    "drift peak MiB",
    "drift s",
    "findings",
    "export peak MiB",
    "export s",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--groups", default="1000,4000,12000")
    parser.add_argument("--spaces", default="5900,19600", help="team spaces of the states")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp:
        spaces = [int(n) for n in args.spaces.split(",") if n]
        print(table(STATE_HEADERS, state_rows(spaces, Path(tmp))), end="\n\n", flush=True)
    rows = []
    for groups in (int(n) for n in args.groups.split(",") if n):
        with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp:
            work = Path(tmp)
            declared = write_state(work / "state.json", fill(work / "tenant", groups))
            with local_tenant(work / "tenant") as tenant:
                found = measure(tenant, work / "state.json", work)
            rows.append(
                [
                    groups,
                    groups * USERS_PER_GROUP,
                    declared,
                    found["drift_mib"],
                    found["drift_s"],
                    found["drift_findings"],
                    found["export_mib"],
                    found["export_s"],
                ]
            )
            print(table(HEADERS, rows[-1:]), end="\n\n", flush=True)
    if len(rows) > 1:
        print(table(HEADERS, rows), end="\n\n")
    print(machine())


if __name__ == "__main__":
    main()
