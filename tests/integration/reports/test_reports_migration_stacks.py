"""`report migration` on the sample stacks, their agents seeded by `seed-local` and licensed
by the licence groups a group provider declares: the same report whichever the provider, and
the city's 3,500 agents read in a bounded number of requests."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from tenantctl.components.directory import GroupProvider
from tenantctl.generate.local_directory import seed_directory
from tenantctl.generate.local_mail import MailSeed, seed_mail_usage
from tenantctl.graph import GraphClient, GraphSettings, StaticToken
from tenantctl.model import Tenant
from tenantctl.reports.graphdata import read_snapshot
from tenantctl.reports.mailboxes import provisioned
from tenantctl.reports.migration import (
    MigrationReport,
    Status,
    analyse_migration,
    migration_reports,
    to_probe,
)
from tenantctl.stack.project import load_stack
from tests.engine.demo_stack import endpoint_of
from tests.integration.reports.deployed import deploy_licence_groups
from tests.integration.reports.test_reports_migration import MIGRATION_ROLES
from tests.support.local_tenant_fixture import LocalTenantHandle

pytestmark = [pytest.mark.integration, pytest.mark.filterwarnings("ignore::DeprecationWarning")]


def deploy(handle: LocalTenantHandle, tenant: Tenant, provider: GroupProvider) -> MailSeed:
    """An empty tenant, the stack's people (seed-local), its licence groups as `provider`
    writes them, the mailboxes made, and their usage seeded (seed-local again)."""
    handle.admin.reset({"seed": 1, "users": 0, "guests": 0})
    endpoint = endpoint_of(handle)
    seed_directory(endpoint, tenant)
    before = seed_mail_usage(endpoint, tenant)
    assert before.seeded == 0  # nobody is licensed before the stack is deployed
    deploy_licence_groups(handle, tenant, provider)
    seeded = seed_mail_usage(endpoint, tenant)
    handle.admin.call("POST", "/_admin/clock", {"seconds": 301}).raise_for_status()
    return seeded


async def report_of(handle: LocalTenantHandle, tenant: Tenant) -> tuple[MigrationReport, int]:
    """The report, and the requests it took."""
    settings = GraphSettings(base_url=handle.base_url)
    async with GraphClient(settings, StaticToken(handle.token(MIGRATION_ROLES))) as client:
        snapshot = await read_snapshot(client, migration_reports())
        mailboxes = await provisioned(client, to_probe(snapshot))
        requests = client.stats.requests
    return analyse_migration(snapshot, tenant, mailboxes, datetime.now(UTC).date()), requests


def check_seeded(report: MigrationReport, seeded: MailSeed) -> None:
    """What seed-local seeded is what the report finds."""
    waves = report.of_waves()
    assert sum(ln.provisioned for ln in waves) == seeded.seeded
    before = [a for a in report.quiet if a.status is Status.ACTIVE_BEFORE]
    assert len(before) == seeded.quiet > 0
    assert sum(ln.active for ln in waves) == seeded.seeded - seeded.quiet - seeded.waiting
    assert all(a.last_activity and a.wave_date and a.last_activity < a.wave_date for a in before)


@pytest.mark.parametrize("provider", ["graph", "azuread"])
async def test_the_demo_reads_alike_whichever_the_group_provider(
    local_tenant: LocalTenantHandle, provider: GroupProvider
) -> None:
    demo = load_stack("demo").tenant
    seeded = deploy(local_tenant, demo, provider)
    report, _ = await report_of(local_tenant, demo)
    check_seeded(report, seeded)
    # The demo's figures, the same under either provider: every wave is past; the pilot
    # carries a named person of TECH apart from their directorate.
    lines = {(ln.wave, ln.directorate): (ln.agents, ln.licensed) for ln in report.lines}
    assert lines[("pilote", "TECH")] == (1, 1)
    assert sum(agents for (_, code), (agents, _) in lines.items() if code == "*") == len(
        list(local_tenant.admin.objects("user"))
    )
    assert [(ln.wave, ln.directorate) for ln in report.lines][:3] == [
        ("pilote", "*"),
        ("pilote", "DG"),
        ("pilote", "TECH"),
    ]


async def test_the_city_at_full_size_in_bounded_requests(local_tenant: LocalTenantHandle) -> None:
    city = load_stack("city_metropolis").tenant
    seeded = deploy(local_tenant, city, "graph")
    started = time.monotonic()
    report, requests = await report_of(local_tenant, city)
    seconds = time.monotonic() - started
    agents = sum(ln.agents for ln in report.of_waves())
    assert agents >= 3500
    check_seeded(report, seeded)
    # Users in pages of 999; subscriptions, groups, report settings and the usage report (its
    # CSV comes from the link it answers, outside Graph); a batch per 20 licensed agents.
    licensed = sum(ln.licensed for ln in report.of_waves())
    assert requests <= -(-agents // 999) + 4 + -(-licensed // 20)
    print(
        f"city: {agents} agents, {licensed} licensed, {len(report.quiet)} quiet, "
        f"{requests} requests, {seconds:.1f} s"
    )
