"""Licence optimisation: seats bought and used, direct and failed assignments, and savings.

Recommendations, one per user and SKU, with their yearly cost effect (negative saves):
- `inactive`: no activity on any service for `inactive_days` → remove the licence;
- `downgrade`: active, but only on the web and mobile apps → the SKU's frontline SKU;
- `duplicate`: the same SKU by several paths (the extra path costs nothing but outlives the
  group's rule), or an SKU whose service plans another held SKU already includes (remove it);
- `direct`: assigned directly instead of by a licence group → give it by group.
An inactive user gets only the `inactive` recommendation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from tenantctl.reports.csvreport import (
    ACTIVE_USERS,
    APPS,
    PERIOD_DAYS,
    PERIODS,
    TEAMS,
    ReportRow,
    ReportSpec,
)
from tenantctl.reports.prices import Prices
from tenantctl.reports.snapshot import DirectoryUser, TenantSnapshot
from tenantctl.reports.usage import UsageJoin, looks_concealed

ACTIVITY_COLUMNS = (
    "Exchange Last Activity Date",
    "OneDrive Last Activity Date",
    "SharePoint Last Activity Date",
    "Teams Last Activity Date",
)
DESKTOP = ("Windows", "Mac")
LIGHT = ("Web", "Mobile")
KINDS = ("inactive", "downgrade", "duplicate", "direct")


def licence_reports(inactive_days: int) -> list[tuple[ReportSpec, str]]:
    """The reports the licence report reads: activity over every period, apps and Teams over
    the period that covers `inactive_days`."""
    period = covering_period(inactive_days)
    return [
        *((ACTIVE_USERS, p) for p in PERIODS),
        (APPS, period),
        (TEAMS, period),
    ]


def covering_period(days: int) -> str:
    """The shortest report period at least `days` long."""
    for period in PERIODS:
        if PERIOD_DAYS[period] >= days:
            return period
    raise ValueError(f"inactivity over {days} days is longer than the longest report (D180)")


@dataclass(frozen=True)
class Recommendation:
    """A change to one user's licences and what it does to the yearly bill."""

    kind: str
    upn: str
    display_name: str
    sku: str
    target: str | None
    yearly_effect: float
    reason: str
    group: str | None = None  # the licence group (mailNickname) giving `sku`, if any


@dataclass(frozen=True)
class SeatLine:
    """One subscription: seats bought, consumed, and holders active per period."""

    sku: str
    enabled: int
    consumed: int
    monthly_price: float
    active: dict[str, int]

    @property
    def unused(self) -> int:
        return max(self.enabled - self.consumed, 0)

    @property
    def paid(self) -> bool:
        """Whether its seats are bought: a price above 0 (the price file lists free SKUs at
        0 or not at all, such as FLOW_FREE's 10,000 viral seats)."""
        return self.monthly_price > 0


@dataclass(frozen=True)
class AssignmentLine:
    """A licence assigned directly, or an assignment in an error state."""

    upn: str
    sku: str
    group: str | None
    state: str
    error: str


@dataclass(frozen=True)
class LicenceReport:
    """The whole licence report."""

    currency: str
    refreshed: date | None
    inactive_days: int
    seats: list[SeatLine]
    direct: list[AssignmentLine]
    errors: list[AssignmentLine]
    recommendations: list[Recommendation]
    notes: list[str] = field(default_factory=list)

    def totals(self) -> dict[str, float]:
        """Yearly effect per recommendation kind, and in all (`total`; negative saves)."""
        out = {
            kind: round(sum(r.yearly_effect for r in self.recommendations if r.kind == kind), 2)
            for kind in KINDS
        }
        out["total"] = round(sum(r.yearly_effect for r in self.recommendations), 2)
        return out

    def savings(self) -> dict[str, float]:
        """What each kind of recommendation saves a year, and all of them (`total`): the
        totals' effect with its sign turned, as the page's card and chart both show it."""
        return {kind: 0.0 - effect for kind, effect in self.totals().items()}

    @property
    def paid_seats(self) -> list[SeatLine]:
        """The subscriptions whose seats are bought (see `SeatLine.paid`)."""
        return [line for line in self.seats if line.paid]


class _Context:
    def __init__(self, snapshot: TenantSnapshot, prices: Prices, inactive_days: int) -> None:
        self.snapshot = snapshot
        self.prices = prices
        self.parts = {s.sku_id: s.part_number for s in snapshot.skus}
        self.plans = {s.part_number: s.plans for s in snapshot.skus}
        self.groups = {g.id: g for g in snapshot.groups}
        self.period = covering_period(inactive_days)
        tables = [snapshot.report(ACTIVE_USERS.function, p) for p in PERIODS]
        concealed = snapshot.concealed or looks_concealed(tables)
        self.join = UsageJoin.of(snapshot.users, concealed)
        self.activity = {p: self.join.index(t) for p, t in zip(PERIODS, tables, strict=True)}
        self.apps = self.join.index(snapshot.report(APPS.function, self.period))
        self.teams = self.join.index(snapshot.report(TEAMS.function, self.period))
        refreshed = snapshot.refreshed or date.today()
        self.cutoff = refreshed - timedelta(days=inactive_days - 1)
        self.concealed = concealed

    def group_name(self, group_id: str | None) -> str | None:
        group = self.groups.get(group_id or "")
        return group.mail_nickname if group else group_id

    def last_activity(self, user: DirectoryUser) -> date | bool | None:
        """The user's latest activity in the covering period; False when no report has them."""
        row = self.activity[self.period].get(user.id)
        if row is None:
            return False
        dates = [row.date(c) for c in ACTIVITY_COLUMNS]
        teams = self.teams.get(user.id)
        if teams is not None:
            dates.append(teams.date("Last Activity Date"))
        found = [d for d in dates if d]
        return max(found) if found else None


def analyse_licences(
    snapshot: TenantSnapshot, prices: Prices, inactive_days: int = 90
) -> LicenceReport:
    """Seats, direct and failed assignments, and recommendations for a tenant."""
    ctx = _Context(snapshot, prices, inactive_days)
    recommendations: list[Recommendation] = []
    unknown_usage = 0
    for user in sorted(snapshot.users, key=lambda u: u.upn.lower()):
        held = _held(ctx, user)
        if not held:
            continue
        last = ctx.last_activity(user)
        if last is False:
            unknown_usage += 1
        recommendations.extend(_for_user(ctx, user, held, last))
    notes = [
        f"Inactive means no Exchange, OneDrive, SharePoint or Teams activity in the "
        f"{inactive_days} days up to the report date (read from the {ctx.period} reports)."
    ]
    if ctx.concealed:
        notes.append("The tenant conceals user names in reports: rows were joined on hashed UPNs.")
    if unknown_usage:
        notes.append(
            f"{unknown_usage} licensed user(s) appear in no usage report; "
            "no usage-based recommendation was made for them."
        )
    return LicenceReport(
        currency=prices.currency,
        refreshed=snapshot.refreshed,
        inactive_days=inactive_days,
        seats=_seats(ctx),
        direct=_assignments(ctx, direct=True),
        errors=_assignments(ctx, direct=False),
        recommendations=recommendations,
        notes=notes,
    )


def _held(ctx: _Context, user: DirectoryUser) -> dict[str, list[str | None]]:
    """Active SKUs (part numbers) → the groups giving each (None for a direct assignment)."""
    held: dict[str, list[str | None]] = {}
    for a in user.assignments:
        if a.active:
            held.setdefault(ctx.parts.get(a.sku_id, a.sku_id), []).append(a.group_id)
    return held


def _for_user(
    ctx: _Context, user: DirectoryUser, held: dict[str, list[str | None]], last: date | bool | None
) -> list[Recommendation]:
    def rec(
        kind: str, sku: str, effect: float, reason: str, target: str | None = None
    ) -> Recommendation:
        group = next((g for g in held.get(sku, []) if g), None)
        return Recommendation(
            kind,
            user.upn,
            user.display_name,
            sku,
            target,
            round(effect, 2),
            reason,
            ctx.group_name(group),
        )

    prices = ctx.prices
    if last is None or (isinstance(last, date) and last < ctx.cutoff):
        seen = f"last active {last.isoformat()}" if isinstance(last, date) else "never active"
        return [
            rec("inactive", sku, -prices.yearly(sku), f"{seen}; remove the licence")
            for sku in sorted(held)
        ]
    out: list[Recommendation] = []
    redundant = _redundant(ctx, held)
    for sku, paths in sorted(held.items()):
        if sku in redundant:
            out.append(rec("duplicate", sku, -prices.yearly(sku), f"{redundant[sku]} includes it"))
        elif len(paths) > 1:
            out.append(
                rec(
                    "duplicate",
                    sku,
                    0.0,
                    f"assigned {len(paths)} times "
                    f"({', '.join(ctx.group_name(p) or 'directly' for p in paths)})",
                )
            )
        elif paths == [None]:
            out.append(rec("direct", sku, 0.0, "assigned directly; give it by a licence group"))
    platforms = _platforms(ctx.apps.get(user.id))
    if platforms and not platforms & set(DESKTOP):
        for sku in sorted(set(held) - set(redundant)):
            target = prices.frontline.get(sku)
            if target is None or prices.yearly(target) >= prices.yearly(sku):
                continue
            effect = -prices.yearly(sku) + (0 if target in held else prices.yearly(target))
            used = " and ".join(p.lower() for p in LIGHT if p in platforms)
            out.append(rec("downgrade", sku, effect, f"uses only {used} apps", target))
    return out


def _redundant(ctx: _Context, held: dict[str, list[str | None]]) -> dict[str, str]:
    """Held SKUs whose service plans another held SKU includes → that SKU."""
    out: dict[str, str] = {}
    for sku in held:
        plans = ctx.plans.get(sku, frozenset())
        wider = [
            other
            for other in sorted(held)
            if other != sku
            and other not in out
            and plans
            and plans <= ctx.plans.get(other, frozenset())
            and (plans != ctx.plans.get(other) or other < sku)
        ]
        if wider:
            out[sku] = wider[0]
    return out


def _platforms(row: ReportRow | None) -> set[str]:
    if row is None:
        return set()
    return {p for p in (*DESKTOP, *LIGHT) if row.flag(p)}


def _seats(ctx: _Context) -> list[SeatLine]:
    lines = []
    for sku in sorted(ctx.snapshot.skus, key=lambda s: -s.consumed):
        active: dict[str, int] = {}
        for period in PERIODS:
            rows = ctx.activity[period]
            active[period] = sum(
                1
                for u in ctx.snapshot.users
                if sku.sku_id in u.active_skus()
                and (row := rows.get(u.id)) is not None
                and any(row.date(c) for c in ACTIVITY_COLUMNS)
            )
        lines.append(
            SeatLine(
                sku.part_number,
                sku.enabled,
                sku.consumed,
                ctx.prices.monthly.get(sku.part_number, 0.0),
                active,
            )
        )
    return lines


def _assignments(ctx: _Context, *, direct: bool) -> list[AssignmentLine]:
    return [
        AssignmentLine(
            u.upn, ctx.parts.get(a.sku_id, a.sku_id), ctx.group_name(a.group_id), a.state, a.error
        )
        for u in sorted(ctx.snapshot.users, key=lambda u: u.upn.lower())
        for a in u.assignments
        if ((a.group_id is None and a.active) if direct else not a.active)
    ]
