"""Mailbox settings for the whole city_metropolis stack: one `MailboxSettings` resource per
scope (JSON batches of 20) against a per-user writer (one PATCH per user, as one Pulumi
resource per user would send), then the scope's read (what refresh and drift make).

The local tenant serves the city's agents, each licensed with Microsoft 365 E3 and given a
mailbox, one security group per directorate, 80 ms latency and Graph's throttling budgets
(Outlook: 10,000 requests per 10 minutes and 4 at once per mailbox).
Run: .venv/bin/python bench/mailbox_settings.py
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from common import ROOT, LocalTenant, local_tenant, machine, table

from tenantctl.generate.local_directory import directory_users
from tenantctl.graph import GraphClient, GraphSettings, StaticToken
from tenantctl.m365.skus import SKUS
from tenantctl.model import load_tenant
from tenantctl.resources.context import Context
from tenantctl.resources.specs.mailbox_settings import SPEC, body

PER_USER_AT_ONCE = 10
"""Requests the per-user writer keeps in flight: the engine's default parallelism."""
FRENCH = {
    "language": "fr-FR",
    "time_zone": "Romance Standard Time",
    "date_format": "dd/MM/yyyy",
    "time_format": "HH:mm",
    "working_days": ["monday", "tuesday", "wednesday", "thursday", "friday"],
    "working_start": "08:30",
    "working_end": "17:30",
    "working_time_zone": "Romance Standard Time",
}


def prepare(tenant: LocalTenant) -> tuple[list[str], list[str]]:
    """The city's agents, licensed, with a mailbox; one group per directorate. Returns the
    groups' ids and the users' ids."""
    city = load_tenant(ROOT / "stacks" / "city_metropolis" / "data").tenant
    e3 = str(SKUS["SPE_E3"].sku_id)
    users = list(directory_users(city))
    units = tenant.admin("GET", f"/objects/subscribedsku/{e3}")["prepaidUnits"]
    seats = {"prepaidUnits": {**units, "enabled": max(units["enabled"], len(users))}}
    tenant.admin("PATCH", f"/objects/subscribedsku/{e3}", seats)
    rows = [
        {"id": u["id"], "body": {**u, "assignedLicenses": [{"skuId": e3, "disabledPlans": []}]}}
        for u in users
    ]
    for start in range(0, len(rows), 2_000):
        tenant.admin("POST", "/objects/user", {"value": rows[start : start + 2_000]})
    tenant.admin("POST", "/clock", {"seconds": 600})
    by_department: dict[str, list[str]] = {}
    for user in users:
        by_department.setdefault(user["department"], []).append(user["id"])
    token = tenant.token(["Group.ReadWrite.All"])
    groups = []
    for directorate in city.directorates:
        members = sorted(
            {
                uid
                for department in directorate.membership.departments or (directorate.code,)
                for uid in by_department.get(department, [])
            }
        )
        group = _graph(tenant, token, "POST", "/groups", _group(directorate.code))
        tenant.admin(
            "PUT",
            f"/objects/grouplinks/{group['id']}?parent={group['id']}",
            {"owners": [], "members": members},
        )
        groups.append(str(group["id"]))
    return groups, [u["id"] for u in users]


def _group(code: str) -> dict[str, Any]:
    return {
        "displayName": f"{code} — agents",
        "mailNickname": f"BENCH-{code}-agents",
        "mailEnabled": False,
        "securityEnabled": True,
    }


def _graph(tenant: LocalTenant, token: str, method: str, path: str, json: Any) -> Any:
    answer = httpx.request(
        method,
        f"{tenant.endpoint.base_url}{path}",
        json=json,
        headers={"Authorization": f"Bearer {token}"},
        timeout=60,
    )
    answer.raise_for_status()
    return answer.json()


def client(tenant: LocalTenant) -> GraphClient:
    token = tenant.token(["MailboxSettings.ReadWrite", "GroupMember.Read.All", "User.Read.All"])
    return GraphClient(GraphSettings(base_url=tenant.endpoint.base_url), StaticToken(token))


async def one_resource(
    tenant: LocalTenant, groups: list[str], settings: dict[str, Any]
) -> tuple[int, Any]:
    async with client(tenant) as graph:
        props = {"scope": "city", "groups": groups, "excluded_groups": [], **settings}
        created = await SPEC.ops.create(Context(graph), props)
        return graph.stats.requests, created


async def read_back(tenant: LocalTenant, groups: list[str]) -> tuple[int, Any]:
    async with client(tenant) as graph:
        props = {"scope": "city", "groups": groups, "excluded_groups": [], **FRENCH}
        found = await SPEC.ops.read(Context(graph), "city", props)
        return graph.stats.requests, found


async def per_user(
    tenant: LocalTenant, users: list[str], settings: dict[str, Any]
) -> tuple[int, None]:
    payload = body(settings)
    places = asyncio.Semaphore(PER_USER_AT_ONCE)
    async with client(tenant) as graph:

        async def write(uid: str) -> None:
            async with places:
                await graph.request("PATCH", f"users/{uid}/mailboxSettings", payload)

        await asyncio.gather(*(write(uid) for uid in users))
        return graph.stats.requests, None


def measured(tenant: LocalTenant, run: Any) -> tuple[int, int, float, Any]:
    """HTTP requests sent, Graph calls served (each batch item counted), seconds, result."""
    tenant.reset_counters()
    start = time.monotonic()
    sent, result = asyncio.run(run)
    seconds = time.monotonic() - start
    return sent, int(tenant.counters()["total"]), seconds, result


def main() -> None:
    print(f"Machine: {machine()}\n")
    with tempfile.TemporaryDirectory() as work, local_tenant(Path(work) / "tenant") as tenant:
        groups, users = prepare(tenant)
        english = {**FRENCH, "language": "en-GB", "date_format": "dd/MM/yyyy"}
        naive = measured(tenant, per_user(tenant, users, english))
        kind = measured(tenant, one_resource(tenant, groups, FRENCH))
        read = measured(tenant, read_back(tenant, groups))
        _, outputs = kind[3]
        rows = [
            [name, sent, served, seconds, sent / len(users)]
            for name, (sent, served, seconds, _) in (
                ("per-user writer (one PATCH each)", naive),
                ("MailboxSettings (one resource)", kind),
                ("its read (refresh, drift)", read),
            )
        ]
        pending = len(outputs["pending"])
        print(f"{len(users):,} agents in {len(groups)} directorates, {pending} pending")
        headers = ["Writer", "HTTP requests", "Graph calls served", "Seconds", "Requests per user"]
        print(table(headers, rows))
        print(f"\nRead found: {read[3]['differing'] or 'every user as declared'}")


if __name__ == "__main__":
    main()
