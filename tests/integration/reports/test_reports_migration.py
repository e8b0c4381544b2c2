"""`report migration` against the local tenant: per wave and directorate, agents licensed with
an Exchange plan, mailboxes provisioned, usage, and those with no mail activity since their
wave; the same with concealed names; written as HTML, CSV and JSON."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from tenantctl.graph import GraphClient, GraphError, GraphSettings, StaticToken
from tenantctl.model import Tenant, load_tenant
from tenantctl.reports.cli import report_group
from tenantctl.reports.graphdata import read_snapshot
from tenantctl.reports.mailboxes import provisioned
from tenantctl.reports.migration import (
    MigrationReport,
    Status,
    analyse_migration,
    migration_reports,
    to_probe,
)
from tests.integration.reports.conftest import ROLES, as_project
from tests.integration.reports.waves_population import seed_waves, write_stack
from tests.support.cli import one_error, tenantctl
from tests.support.local_tenant_fixture import LocalTenantHandle

pytestmark = [pytest.mark.integration, pytest.mark.filterwarnings("ignore::DeprecationWarning")]

MIGRATION_ROLES = [*ROLES, "MailboxSettings.Read"]

# (wave, directorate) → agents, licensed, provisioned, in the usage report, active since the
# wave, no activity since the wave, usage unknown.
EXPECTED = {
    ("pilote", "*"): (3, 3, 3, 3, 2, 1, 0),
    ("pilote", "DG"): (2, 2, 2, 2, 1, 1, 0),
    ("pilote", "EDU"): (1, 1, 1, 1, 1, 0, 0),  # named apart from EDU's wave
    ("vague-1", "*"): (8, 6, 5, 5, 2, 6, 0),
    ("vague-1", "EDU"): (4, 2, 2, 2, 1, 3, 0),  # half licensed
    ("vague-1", "RH"): (4, 4, 3, 3, 1, 3, 0),  # one mailbox yet to come
    ("vague-2", "*"): (1, 0, 0, 0, 0, 0, 0),  # its date is still to come
    ("vague-2", "TECH"): (1, 0, 0, 0, 0, 0, 0),
    ("(none)", "*"): (1, 0, 0, 0, 0, 0, 0),
    ("(none)", "(none)"): (1, 0, 0, 0, 0, 0, 0),
}
QUIET = [
    ("adjoint.dg", "DG", "pilote", Status.NEVER_ACTIVE),
    ("edu.deux", "EDU", "vague-1", Status.ACTIVE_BEFORE),
    ("edu.quatre", "EDU", "vague-1", Status.UNLICENSED),
    ("edu.trois", "EDU", "vague-1", Status.UNLICENSED),  # E3 with Exchange disabled
    ("rh.avant", "RH", "vague-1", Status.ACTIVE_BEFORE),
    ("rh.jamais", "RH", "vague-1", Status.NEVER_ACTIVE),
    ("rh.nouveau", "RH", "vague-1", Status.NO_MAILBOX),
]


def client_for(handle: LocalTenantHandle, roles: list[str] = MIGRATION_ROLES) -> GraphClient:
    return GraphClient(GraphSettings(base_url=handle.base_url), StaticToken(handle.token(roles)))


@pytest.fixture
def waves(local_tenant: LocalTenantHandle, tmp_path: Path) -> Tenant:
    tenant = load_tenant(write_stack(tmp_path / "stack")).tenant
    seed_waves(local_tenant, tenant)
    return tenant


async def migration_of(handle: LocalTenantHandle, tenant: Tenant) -> MigrationReport:
    async with client_for(handle) as client:
        snapshot = await read_snapshot(client, migration_reports())
        mailboxes = await provisioned(client, to_probe(snapshot))
    return analyse_migration(snapshot, tenant, mailboxes, datetime.now(UTC).date())


def figures(report: MigrationReport) -> dict[tuple[str, str], tuple[int, ...]]:
    return {
        (ln.wave, ln.directorate): (
            ln.agents,
            ln.licensed,
            ln.provisioned,
            ln.reported,
            ln.active,
            ln.quiet,
            ln.unknown,
        )
        for ln in report.lines
    }


def check(report: MigrationReport) -> None:
    assert figures(report) == EXPECTED
    assert list(figures(report)) == list(EXPECTED)  # waves by date, each wave's total first
    quiet = [(a.upn.split("@")[0], a.directorate, a.wave, a.status) for a in report.quiet]
    assert quiet == QUIET
    vague_1 = next(ln for ln in report.lines if (ln.wave, ln.directorate) == ("vague-1", "EDU"))
    assert vague_1.directorate_name == "Direction de l'Éducation — écoles & crèches"
    assert vague_1.wave_name == "Vague 1 — l'Éducation et les RH"


async def test_migration_per_wave_and_directorate(
    local_tenant: LocalTenantHandle, waves: Tenant
) -> None:
    report = await migration_of(local_tenant, waves)
    check(report)
    rh = next(ln for ln in report.lines if (ln.wave, ln.directorate) == ("vague-1", "RH"))
    # rh.actif and rh.avant seeded 1,000 items and 1 GiB each; rh.jamais derived figures
    assert rh.items > 2000 and rh.storage_bytes > 2 * 2**30
    assert not any("conceals" in note for note in report.notes)


async def test_the_mailbox_comes_once_the_provisioning_delay_has_passed(
    local_tenant: LocalTenantHandle, waves: Tenant
) -> None:
    local_tenant.admin.call("POST", "/_admin/clock", {"seconds": 301}).raise_for_status()
    report = await migration_of(local_tenant, waves)
    rh = next(ln for ln in report.lines if (ln.wave, ln.directorate) == ("vague-1", "RH"))
    assert (rh.provisioned, rh.reported, rh.quiet) == (4, 4, 3)
    # His new mailbox is in the usage report, with no activity yet.
    assert ("rh.nouveau", Status.NEVER_ACTIVE) in [
        (a.upn.split("@")[0], a.status) for a in report.quiet
    ]


async def test_migration_with_concealed_names(
    local_tenant: LocalTenantHandle, waves: Tenant
) -> None:
    local_tenant.admin.graph("PATCH", "/admin/reportSettings", {"displayConcealedNames": True})
    report = await migration_of(local_tenant, waves)
    check(report)
    (note,) = [n for n in report.notes if "conceals" in n]
    assert "hashed UPNs; 0 report row(s) matched no directory user" in note


async def test_a_hash_that_matches_no_user_is_usage_unknown_not_inactive(
    local_tenant: LocalTenantHandle, waves: Tenant
) -> None:
    local_tenant.admin.graph("PATCH", "/admin/reportSettings", {"displayConcealedNames": True})
    async with client_for(local_tenant) as client:
        snapshot = await read_snapshot(client, migration_reports())
        mailboxes = await provisioned(client, to_probe(snapshot))
    # A directory whose UPN no longer hashes to its row (renamed since the report ran).
    renamed = tuple(
        u if not u.upn.startswith("rh.actif@") else type(u)(**{**vars(u), "upn": "rh@x.fr"})
        for u in snapshot.users
    )
    changed = type(snapshot)(**{**vars(snapshot), "users": renamed})
    report = analyse_migration(changed, waves, mailboxes, datetime.now(UTC).date())
    rh = next(ln for ln in report.lines if (ln.wave, ln.directorate) == ("vague-1", "RH"))
    assert (rh.reported, rh.active, rh.quiet, rh.unknown) == (2, 0, 3, 1)
    (note,) = [n for n in report.notes if "conceals" in n]
    assert "1 report row(s) matched no directory user" in note


async def test_mailboxes_are_read_in_batches_of_twenty(
    local_tenant: LocalTenantHandle, waves: Tenant
) -> None:
    async with client_for(local_tenant) as client:
        snapshot = await read_snapshot(client, migration_reports())
        before = (client.stats.requests, client.stats.batches)
        found = await provisioned(client, to_probe(snapshot))
        after = (client.stats.requests, client.stats.batches)
    assert sum(found.values()) == 8 and len(found) == 9  # rh.nouveau: not yet
    assert (after[0] - before[0], after[1] - before[1]) == (1, 1)


async def test_without_mailbox_settings_read_the_probe_is_refused(
    local_tenant: LocalTenantHandle, waves: Tenant
) -> None:
    async with client_for(local_tenant, ROLES) as client:
        snapshot = await read_snapshot(client, migration_reports())
        with pytest.raises(GraphError) as refused:
            await provisioned(client, to_probe(snapshot))
    assert refused.value.status == 403
    assert "/mailboxSettings" in refused.value.url


@pytest.fixture
def waves_project(
    local_tenant: LocalTenantHandle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """The waves' stack as the project's stack `test`, its population in the local tenant."""
    data = write_stack(tmp_path / "stack")
    seed_waves(local_tenant, load_tenant(data).tenant)
    yield from as_project(data.parent, local_tenant, MIGRATION_ROLES, tmp_path, monkeypatch)


def test_migration_command_writes_html_csv_json(waves_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"

    result = CliRunner().invoke(report_group, ["migration", "test", "--out", str(out)])

    assert result.exit_code == 0, result.output
    assert result.output.endswith("7 agent(s) with no mail activity since their wave\n")
    assert {p.name for p in out.iterdir()} == {
        "migration.html",
        "migration.json",
        "migration-lines.csv",
        "migration-quiet.csv",
    }
    with (out / "migration-lines.csv").open(encoding="utf-8") as f:
        lines = {(r["wave"], r["directorate"]): r for r in csv.DictReader(f)}
    assert list(lines) == list(EXPECTED)
    edu = lines[("vague-1", "EDU")]
    assert (edu["directorate name"], edu["agents"], edu["licensed"]) == (
        "Direction de l'Éducation — écoles & crèches",
        "4",
        "2",
    )
    with (out / "migration-quiet.csv").open(encoding="utf-8") as f:
        quiet = [(r["upn"].split("@")[0], r["why"]) for r in csv.DictReader(f)]
    assert quiet == [(local, str(status)) for local, _, _, status in QUIET]
    data = json.loads((out / "migration.json").read_text("utf-8"))
    assert len(data["lines"]) == len(EXPECTED) and len(data["quiet"]) == len(QUIET)
    html = (out / "migration.html").read_text("utf-8")
    assert "Direction de l&#x27;Éducation — écoles &amp; crèches" in html


def test_a_refused_mailbox_read_is_one_line_naming_the_permission(
    waves_project: Path, tmp_path: Path, local_tenant: LocalTenantHandle
) -> None:
    result = tenantctl(
        "report",
        "migration",
        "test",
        "--out",
        tmp_path / "out",
        env={"TENANTCTL_ACCESS_TOKEN": local_tenant.token(ROLES)},
    )
    line = one_error(result)
    assert "/mailboxSettings" in line and "403" in line
    assert "grant the application MailboxSettings.Read" in line
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("users", "batches"), [(20, 1), (21, 2)])
async def test_twenty_mailboxes_fill_one_batch_exactly(
    local_tenant: LocalTenantHandle, users: int, batches: int
) -> None:
    ids = [u["id"] for u in local_tenant.admin.objects("user")][:users]
    assert len(ids) == users
    async with client_for(local_tenant) as client:
        found = await provisioned(client, ids)
        assert (client.stats.requests, client.stats.batches) == (batches, batches)
    assert set(found) == set(ids)
