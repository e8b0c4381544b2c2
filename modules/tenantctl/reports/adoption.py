"""Adoption: the share of licensed agents active on Teams, files and mail, per directorate
and organisation, over 7, 30, 90 and 180 days; the directorates furthest behind first.

Users belong to the directorate whose `departments` rule matches their `department`, or
whose explicit member list names them (the model's directorates).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from tenantctl.model import Tenant
from tenantctl.reports.csvreport import (
    EMAIL,
    ONEDRIVE,
    PERIODS,
    SHAREPOINT,
    TEAMS,
    ReportRow,
    ReportSpec,
)
from tenantctl.reports.snapshot import DirectoryUser, TenantSnapshot
from tenantctl.reports.usage import UsageJoin, looks_concealed

SPECS = (TEAMS, SHAREPOINT, ONEDRIVE, EMAIL)
MEASURES = ("teams_chat", "teams_meetings", "files", "exchange", "any")
NO_DIRECTORATE = "(none)"
Rows = dict[str, ReportRow | None]


def adoption_reports() -> list[tuple[ReportSpec, str]]:
    """The reports the adoption report reads: four workloads over every period."""
    return [(spec, period) for period in PERIODS for spec in SPECS]


def _chat(rows: Rows) -> bool:
    teams = rows["teams"]
    return bool(
        teams and teams.count("Team Chat Message Count") + teams.count("Private Chat Message Count")
    )


def _meetings(rows: Rows) -> bool:
    teams = rows["teams"]
    return bool(teams and teams.count("Meeting Count") + teams.count("Meetings Attended Count"))


def _active(*names: str) -> Callable[[Rows], bool]:
    def test(rows: Rows) -> bool:
        return any((row := rows[n]) is not None and row.date("Last Activity Date") for n in names)

    return test


_TESTS: dict[str, Callable[[Rows], bool]] = {
    "teams_chat": _chat,
    "teams_meetings": _meetings,
    "files": _active("sharepoint", "onedrive"),
    "exchange": _active("email"),
}


@dataclass(frozen=True)
class AdoptionLine:
    """Active licensed agents of one directorate, organisation or the tenant, over one period."""

    scope: str  # directorate | organisation | tenant
    code: str
    name: str
    organisation: str
    period: str
    licensed: int
    active: dict[str, int]

    def share(self, measure: str = "any") -> float:
        return round(self.active[measure] / self.licensed, 4) if self.licensed else 0.0


@dataclass(frozen=True)
class AdoptionReport:
    """Every line, directorates furthest behind (over 30 days) first."""

    refreshed: date | None
    lines: list[AdoptionLine]
    notes: list[str] = field(default_factory=list)

    def of(self, scope: str) -> list[AdoptionLine]:
        return [line for line in self.lines if line.scope == scope]


def directorate_of(tenant: Tenant) -> Callable[[DirectoryUser], str]:
    """Who belongs where: by explicit membership, else by department."""
    by_upn = {upn.lower(): d.code for d in tenant.directorates for upn in d.membership.users}
    by_department = {
        dep.lower(): d.code for d in tenant.directorates for dep in d.membership.departments
    }

    def find(user: DirectoryUser) -> str:
        return by_upn.get(user.upn.lower()) or by_department.get(
            user.department.lower(), NO_DIRECTORATE
        )

    return find


def analyse_adoption(snapshot: TenantSnapshot, tenant: Tenant) -> AdoptionReport:
    """Adoption per directorate, organisation and tenant, per period."""
    tables = {(f, p): t for (f, p), t in snapshot.reports.items()}
    concealed = snapshot.concealed or looks_concealed(tables.values())
    join = UsageJoin.of(snapshot.users, concealed)
    licensed = [u for u in snapshot.users if u.active_skus()]
    where = directorate_of(tenant)
    directorates = {d.code: d for d in tenant.directorates}
    organisations = {o.key: o.display_name for o in tenant.organisations}
    lines: list[AdoptionLine] = []
    unattributed: dict[str, int] = {}
    for period in PERIODS:
        indexed = {
            name: join.index(tables[(spec.function, period)])
            for name, spec in zip(("teams", "sharepoint", "onedrive", "email"), SPECS, strict=True)
        }
        flags = {u.id: _flags({n: rows.get(u.id) for n, rows in indexed.items()}) for u in licensed}
        groups: dict[tuple[str, str, str, str], list[DirectoryUser]] = {}
        for user in licensed:
            code = where(user)
            directorate = directorates.get(code)
            org_key = directorate.organisation if directorate else ""
            org = organisations.get(org_key, "")
            name = directorate.display_name if directorate else "No directorate"
            groups.setdefault(("directorate", code, name, org), []).append(user)
            groups.setdefault(("organisation", org_key or NO_DIRECTORATE, org, org), []).append(
                user
            )
            groups.setdefault(("tenant", "*", "Whole tenant", ""), []).append(user)
        for (scope, code, name, org), members in groups.items():
            active = {m: sum(flags[u.id][m] for u in members) for m in MEASURES}
            lines.append(AdoptionLine(scope, code, name, org, period, len(members), active))
        unattributed[period] = len(join.unattributed(tables[(TEAMS.function, period)]))
    behind = {
        line.code: line.share() for line in lines if line.period == "D30" and line.scope != "tenant"
    }
    order = {"tenant": 0, "organisation": 1, "directorate": 2}
    lines.sort(
        key=lambda ln: (
            order[ln.scope],
            behind.get(ln.code, 0.0),
            ln.code,
            PERIODS.index(ln.period),
        )
    )
    notes = [
        "Share = active licensed agents / licensed agents. Teams chat counts team and private "
        "chat messages; meetings count meetings organised or attended; files is SharePoint or "
        "OneDrive activity; Exchange is mail activity."
    ]
    if concealed:
        notes.append(
            "The tenant conceals user names in reports: rows were joined on hashed UPNs; "
            f"{max(unattributed.values())} report row(s) matched no directory user and count "
            "in no directorate (see docs/reports.md)."
        )
    return AdoptionReport(snapshot.refreshed, lines, notes)


def _flags(rows: Rows) -> dict[str, bool]:
    out = {m: test(rows) for m, test in _TESTS.items()}
    out["any"] = any(out.values())
    return out
