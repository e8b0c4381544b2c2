"""Exporting a large tenant: 2,000 groups of which 500 teams, within 1.5 times the fewest
requests the page and batch limits allow; the 500 sites' sharing in SharePoint batches."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from local_tenant.tenant import Tenant
from tenantctl.generate.local_directory import user_id
from tenantctl.model.derive import department_rule
from tests.integration.export.brownfield import (
    DEPARTMENTS,
    DOMAIN,
    bind,
    put_user,
    roster_channel,
)
from tests.integration.export.conftest import run_export
from tests.support.local_tenant_fixture import LocalTenantHandle

pytestmark = pytest.mark.integration

TEAMS = 500
GROUPS = 2_000
AGENTS_PER_DIRECTORATE = 40
PRIVATE_CHANNELS = 25
TEAM_READ = re.compile(r"teams/[^/?]+\?")
"""A team's own read (its settings), not its channels'."""


@contextmanager
def bulk(tenant: Tenant) -> Iterator[None]:
    """One transaction, without the per-group scan for duplicate mail nicknames (the names
    made here are unique by construction)."""
    directory = tenant.directory
    directory._check_nickname = lambda *args, **kwargs: None  # type: ignore[method-assign]
    try:
        with tenant.store.transaction():
            yield
    finally:
        del directory._check_nickname


def seed_large_tenant(handle: LocalTenantHandle) -> None:
    """Agents of three directorates, their agents groups, teams and other groups."""
    names = []
    for department, code in DEPARTMENTS.items():
        for number in range(AGENTS_PER_DIRECTORATE):
            names.append(f"{code.lower()}.{number:03d}")
            put_user(handle, names[-1], department)
    ids = [user_id(f"{name}@{DOMAIN}") for name in names]
    tenant = handle.server.tenant
    with bulk(tenant):
        for number in range(GROUPS - len(DEPARTMENTS)):
            unified = number < TEAMS
            first = number % 100
            owners = ids[first : first + (2 if unified else 1)]
            members = ids[first + 5 : first + 7] if unified else []
            group = tenant.directory.create_group(
                {
                    "displayName": f"Équipe {number:04d}" if unified else f"Groupe {number:04d}",
                    "mailNickname": f"VB-TECH-equipe-{number:04d}"
                    if unified
                    else f"groupe-{number:04d}",
                    "mailEnabled": unified,
                    "securityEnabled": not unified,
                    "groupTypes": ["Unified"] if unified else [],
                    "owners@odata.bind": bind(handle, owners),
                    "members@odata.bind": bind(handle, members),
                }
            )
            if unified:
                tenant.teams.create_from_group(group["id"], {})
        for department, code in DEPARTMENTS.items():
            tenant.directory.create_group(
                {
                    "displayName": f"{department} — agents",
                    "mailNickname": f"VB-{code}-agents",
                    "mailEnabled": False,
                    "securityEnabled": True,
                    "groupTypes": ["DynamicMembership"],
                    "membershipRule": department_rule([department]),
                    "membershipRuleProcessingState": "On",
                    "owners@odata.bind": bind(handle, ids[:2]),
                }
            )
    teams = [g["id"] for g in tenant.directory.groups() if "Unified" in g["groupTypes"]]
    for team in teams[:PRIVATE_CHANNELS]:
        owner = handle.admin.graph("GET", f"/groups/{team}/owners")["value"][0]
        channel = roster_channel(
            "Restreint", owner=owner["userPrincipalName"].split("@")[0], members=[]
        )
        handle.admin.graph("POST", f"/teams/{team}/channels", channel)


async def test_a_large_tenant_exports_within_one_and_a_half_times_the_minimum(
    local_tenant: LocalTenantHandle, tmp_path: Path
) -> None:
    local_tenant.admin.reset({"seed": 7, "users": 0, "guests": 0})
    seed_large_tenant(local_tenant)
    local_tenant.admin.call("DELETE", "/_admin/counters")
    started = time.monotonic()
    export, snapshot, requests = await run_export(local_tenant, tmp_path / "stack")
    took = time.monotonic() - started
    minimum = snapshot.minimum_requests()
    print(
        f"\nexport of {GROUPS} groups, {TEAMS} teams: {requests} requests "
        f"(minimum {minimum}, ratio {requests / minimum:.2f}) in {took:.1f} s"
    )
    assert len(export.tenant.spaces) == TEAMS
    assert len(snapshot.rosters) == PRIVATE_CHANNELS
    assert requests <= 1.5 * minimum
    routes = local_tenant.admin.counters()["routes"]
    assert routes["sharepointAdmin.sites.getByUrl"] == TEAMS  # every site's sharing read...
    assert routes["sharepointAdmin.batch"] == TEAMS // 100  # ...in batches of 100


async def test_each_batch_reading_teams_also_reads_owners_so_both_budgets_are_drawn_at_once(
    local_tenant: LocalTenantHandle, tmp_path: Path
) -> None:
    local_tenant.admin.reset({"seed": 7, "users": 0, "guests": 0})
    seed_large_tenant(local_tenant)
    batches: list[list[str]] = []

    def record(method: str, path: str, direction: str, body: Any) -> None:
        if path == "/$batch" and direction == "request":
            batches.append([request["url"].lstrip("/") for request in body["requests"]])

    local_tenant.server.graph.observers.append(record)
    try:
        await run_export(local_tenant, tmp_path / "stack")
    finally:
        local_tenant.server.graph.observers.remove(record)
    reading_teams = [urls for urls in batches if any(TEAM_READ.match(url) for url in urls)]
    assert len(reading_teams) >= TEAMS // 20
    for urls in reading_teams:
        assert any("/owners?" in url for url in urls), urls
