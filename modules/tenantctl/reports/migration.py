"""Where the move to Exchange Online stands, per migration wave and directorate: agents,
licensed with an Exchange plan, mailbox provisioned, mailbox usage, and the agents with no
mail activity since their wave's date.

An agent is an enabled member user of the directory, attributed to a directorate as the
adoption report does, and to the wave that names them, else their directorate's
(`TenantIndex.wave_of`). Licensed: an active licence assignment (user resource,
`licenseAssignmentStates`: learn.microsoft.com/graph/api/resources/user) of a SKU whose
Exchange mailbox plan (`m365.skus.MAILBOX_PLANS`) is not among its `disabledPlans`. Usage:
`getMailboxUsageDetail` over 180 days (learn.microsoft.com/graph/api/reportroot-
getmailboxusagedetail), the mailboxes not deleted; an empty Last Activity Date means no
activity in those days.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from tenantctl.m365.skus import MAILBOX_PLANS
from tenantctl.model import Tenant, TenantIndex
from tenantctl.reports.adoption import NO_DIRECTORATE, directorate_of
from tenantctl.reports.csvreport import MAILBOX_USAGE, ReportRow, ReportSpec, ReportTable
from tenantctl.reports.snapshot import DirectoryUser, SubscribedSku, TenantSnapshot
from tenantctl.reports.usage import UsageJoin, looks_concealed

PERIOD = "D180"
NO_WAVE = "(none)"


def migration_reports() -> list[tuple[ReportSpec, str]]:
    """The usage report the migration report reads."""
    return [(MAILBOX_USAGE, PERIOD)]


class Status(StrEnum):
    """Where one agent stands; the first four count as no mail activity since the wave."""

    UNLICENSED = "not licensed"
    NO_MAILBOX = "no mailbox yet"
    NEVER_ACTIVE = "no activity reported"
    ACTIVE_BEFORE = "last active before the wave"
    UNKNOWN = "not in the usage report"
    ACTIVE = "active since the wave"
    WAITING = "wave to come"
    NO_WAVE = "in no wave"


QUIET = (Status.UNLICENSED, Status.NO_MAILBOX, Status.NEVER_ACTIVE, Status.ACTIVE_BEFORE)


@dataclass(frozen=True)
class Agent:
    """One agent: where they move, and how far their mailbox has come."""

    upn: str
    display_name: str
    directorate: str
    wave: str
    wave_date: date | None
    licensed: bool
    provisioned: bool
    last_activity: date | None
    items: int | None
    storage_bytes: int | None
    status: Status


@dataclass(frozen=True)
class MigrationLine:
    """The agents of one wave and directorate, or of a whole wave (`directorate` '*')."""

    wave: str
    wave_name: str
    wave_date: date | None
    directorate: str
    directorate_name: str
    agents: int
    licensed: int
    provisioned: int
    reported: int
    items: int
    storage_bytes: int
    active: int
    quiet: int
    unknown: int


@dataclass(frozen=True)
class MigrationReport:
    """Every line, waves in date order, and the agents with no mail activity since their wave."""

    as_of: date
    refreshed: date | None
    lines: list[MigrationLine]
    quiet: list[Agent]
    notes: list[str] = field(default_factory=list)

    def of_waves(self) -> list[MigrationLine]:
        return [line for line in self.lines if line.directorate == "*"]

    def of_directorates(self) -> list[MigrationLine]:
        return [line for line in self.lines if line.directorate != "*"]


def mailbox_licensed(user: DirectoryUser, skus: Mapping[str, SubscribedSku]) -> bool:
    """Whether an active assignment gives the user an Exchange mailbox plan left enabled."""
    for assignment in user.assignments:
        sku = skus.get(assignment.sku_id)
        if not assignment.active or sku is None:
            continue
        plans = {plan_id for name, plan_id in sku.plan_ids if name in MAILBOX_PLANS}
        if plans - assignment.disabled_plans:
            return True
    return False


def to_probe(snapshot: TenantSnapshot) -> list[str]:
    """Ids of the users whose mailbox is worth reading: those licensed for one (no other user
    has a connected mailbox)."""
    skus = {sku.sku_id: sku for sku in snapshot.skus}
    return [u.id for u in snapshot.users if mailbox_licensed(u, skus)]


def _connected(table: ReportTable) -> ReportTable:
    rows = tuple(row for row in table.rows if not row.flag("Is Deleted"))
    return ReportTable(table.report, table.refreshed, rows)


def _status(
    wave_date: date | None, as_of: date, licensed: bool, provisioned: bool, row: ReportRow | None
) -> Status:
    if wave_date is None:
        return Status.NO_WAVE
    if wave_date > as_of:
        return Status.WAITING
    if not licensed:
        return Status.UNLICENSED
    if not provisioned:
        return Status.NO_MAILBOX
    if row is None:
        return Status.UNKNOWN
    last = row.date("Last Activity Date")
    if last is None:
        return Status.NEVER_ACTIVE
    return Status.ACTIVE if last >= wave_date else Status.ACTIVE_BEFORE


def agents_of(
    snapshot: TenantSnapshot,
    tenant: Tenant,
    mailboxes: Mapping[str, bool],
    as_of: date,
    join: UsageJoin,
) -> list[Agent]:
    """Every agent with their wave, licence, mailbox and usage."""
    index = TenantIndex(tenant)
    where = directorate_of(tenant)
    skus = {sku.sku_id: sku for sku in snapshot.skus}
    rows = join.index(_connected(snapshot.report(MAILBOX_USAGE.function, PERIOD)))
    out: list[Agent] = []
    for user in snapshot.users:
        code = where(user)
        wave = index.wave_of(user.upn, code if code != NO_DIRECTORATE else None)
        licensed = mailbox_licensed(user, skus)
        provisioned = licensed and mailboxes.get(user.id, False)
        row = rows.get(user.id) if provisioned else None
        wave_date = wave.date if wave else None
        out.append(
            Agent(
                upn=user.upn,
                display_name=user.display_name,
                directorate=code,
                wave=wave.key if wave else NO_WAVE,
                wave_date=wave_date,
                licensed=licensed,
                provisioned=provisioned,
                last_activity=row.date("Last Activity Date") if row else None,
                items=row.count("Item Count") if row else None,
                storage_bytes=row.count("Storage Used (Byte)") if row else None,
                status=_status(wave_date, as_of, licensed, provisioned, row),
            )
        )
    return out


def analyse_migration(
    snapshot: TenantSnapshot, tenant: Tenant, mailboxes: Mapping[str, bool], today: date
) -> MigrationReport:
    """The report as of the usage report's refresh date (else `today`)."""
    table = snapshot.report(MAILBOX_USAGE.function, PERIOD)
    concealed = snapshot.concealed or looks_concealed([table])
    join = UsageJoin.of(snapshot.users, concealed)
    as_of = snapshot.refreshed or today
    agents = agents_of(snapshot, tenant, mailboxes, as_of, join)
    waves = {w.key: w for w in tenant.waves}
    names = {d.code: d.display_name for d in tenant.directorates}
    groups: dict[tuple[str, str], list[Agent]] = {}
    for agent in agents:
        groups.setdefault((agent.wave, agent.directorate), []).append(agent)
        groups.setdefault((agent.wave, "*"), []).append(agent)
    order = {key: n for n, key in enumerate(sorted(waves, key=lambda k: (waves[k].date, k)))}
    lines = []
    for (wave_key, code), members in sorted(
        groups.items(), key=lambda kv: (order.get(kv[0][0], len(order)), kv[0][1] != "*", kv[0])
    ):
        wave = waves.get(wave_key)
        lines.append(
            MigrationLine(
                wave=wave_key,
                wave_name=wave.display_name if wave else "No wave",
                wave_date=wave.date if wave else None,
                directorate=code,
                directorate_name="All directorates"
                if code == "*"
                else names.get(code, "No directorate"),
                agents=len(members),
                licensed=sum(a.licensed for a in members),
                provisioned=sum(a.provisioned for a in members),
                reported=sum(a.items is not None for a in members),
                items=sum(a.items or 0 for a in members),
                storage_bytes=sum(a.storage_bytes or 0 for a in members),
                active=sum(a.status is Status.ACTIVE for a in members),
                quiet=sum(a.status in QUIET for a in members),
                unknown=sum(a.status is Status.UNKNOWN for a in members),
            )
        )
    quiet = sorted(
        (a for a in agents if a.status in QUIET),
        key=lambda a: (order.get(a.wave, len(order)), a.directorate, a.upn.lower()),
    )
    return MigrationReport(as_of, snapshot.refreshed, lines, quiet, _notes(table, join, concealed))


def _notes(table: ReportTable, join: UsageJoin, concealed: bool) -> list[str]:
    notes = [
        "Licensed: an active licence with an Exchange mailbox plan enabled. Provisioned: the "
        "mailbox's settings are readable (Graph answers MailboxNotEnabledForRESTAPI until "
        "Exchange Online has made it). Usage: getMailboxUsageDetail over 180 days; no activity "
        "since the wave means not licensed, no mailbox, or no mail read or sent from the "
        "wave's date to the report's refresh date.",
    ]
    if concealed:
        unmatched = len(join.unattributed(_connected(table)))
        notes.append(
            "The tenant conceals user names in usage reports: mailbox usage was joined on "
            f"hashed UPNs; {unmatched} report row(s) matched no directory user, and agents "
            "whose row was not found count as 'not in the usage report', never as inactive "
            "(names shown come from the directory; see docs/reports.md)."
        )
    return notes
