"""The migration waves in a preview: per wave, its state on the date the program plans for, the
agents it moves, the seats they take and the mailboxes this preview creates.

A licence group whose licence gives a mailbox covers an agent from their wave's date
(`TenantIndex.licence_membership`); Exchange Online creates the mailbox once the licence is
assigned (learn.microsoft.com/graph/api/group-assignlicense). A wave comes in with this preview
when a mailbox group's rule or list changes from what it was before the wave's date to what
it is on the planning date (or the group is new). The old rule is recognised as the group's
membership on some earlier date, so a rule edited by hand (or a description changed beside the
waves) brings no wave in. Agents and seats are a lower bound, as governance counts them:
directorates by list or headcount, and named people; a rule's extra departments add none.
pulumi-azuread's Group is read as its Graph-layer twin (tenantctl.jobs.azuread).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from tenantctl.components.licence_group import LICENCE_GROUP
from tenantctl.model import LicenceGroup, Tenant, TenantIndex
from tenantctl.model.derive import listed_departments
from tenantctl.model.schema import MigrationWave
from tenantctl.preview.plan import Change, Plan
from tenantctl.preview.seats import Sku, twin
from tenantctl.resources.specs.common import text

MOVED, PENDING, NOW = "moved", "pending", "this preview"
"""A wave's state: before the planning date and already applied, after it, or brought in by
this preview."""


@dataclass(frozen=True)
class WaveRow:
    """One wave of the preview."""

    wave: MigrationWave
    state: str
    agents: int
    seats: dict[str, int] = field(default_factory=dict)
    """Seats by SKU part number: the mailbox licences its agents take."""
    brought_by: tuple[tuple[str, Change], ...] = ()
    """The SKU and change of each licence group that brings the wave in (state NOW)."""

    @property
    def mailboxes(self) -> int:
        """Mailboxes this preview creates: the wave's seats of the SKUs of the groups that
        bring it in."""
        bringing = dict(self.brought_by)
        return sum(n for sku, n in self.seats.items() if sku in bringing)


@dataclass(frozen=True)
class SeatShortage:
    """Seats of one SKU that the waves this preview brings in need beyond those available."""

    sku: str
    needed: int
    available: int
    change: Change

    @property
    def short_by(self) -> int:
        return self.needed - self.available


def wave_rows(tenant: Tenant, today: datetime.date, plan: Plan) -> list[WaveRow]:
    """Every wave of the description, in date order, as this preview leaves it."""
    index = TenantIndex(tenant)
    groups = [g for g in tenant.licence_groups if index.follows_waves(g)]
    since = {g.key: _licensed_since(index, g, today, plan) for g in groups}
    rows = []
    for wave in sorted(tenant.waves, key=lambda w: w.date):
        brought = tuple(
            (g.sku, found[1])
            for g in groups
            if (found := since[g.key]) is not None
            and found[0] < wave.date <= today
            and _concerns(index, g, wave)
        )
        state = PENDING if not index.has_moved(wave, today) else NOW if brought else MOVED
        rows.append(WaveRow(wave, state, index.wave_agents(wave), _seats(index, wave), brought))
    return rows


def shortages(rows: list[WaveRow], skus: list[dict[str, Any]]) -> list[SeatShortage]:
    """SKUs whose available seats the waves this preview brings in exceed together: each
    wave's seats of the SKUs of the groups that bring it in."""
    catalogue = {Sku.from_graph(sku).part_number.lower(): Sku.from_graph(sku) for sku in skus}
    needed: dict[str, int] = {}
    blame: dict[str, Change] = {}
    for row in rows:
        if row.state != NOW:
            continue
        bringing = dict(row.brought_by)
        for part, seats in row.seats.items():
            if part in bringing:
                needed[part] = needed.get(part, 0) + seats
                blame.setdefault(part, bringing[part])
    found = []
    for part, count in needed.items():
        sku = catalogue.get(part.lower())
        if sku is not None and count > sku.available:
            found.append(SeatShortage(part, count, sku.available, blame[part]))
    return found


def _licensed_since(
    index: TenantIndex, group: LicenceGroup, today: datetime.date, plan: Plan
) -> tuple[datetime.date, Change] | None:
    """The day up to which the group's members stood before this preview (the day before the
    first wave it brings in), and its change; None when the preview leaves it as it is or
    its old members match no planning date."""
    change = _group_change(group, plan)
    if change is None or change.op == "delete":
        return None
    if change.op == "create" or not change.old:
        return datetime.date.min, change
    _, old, _ = twin(change)
    before = (text(old.get("membership_rule")) or None, len(old.get("members") or ()))
    if before == _shape(index, group, today):
        return None
    days = sorted({w.date for w in index.tenant.waves if w.date <= today}, reverse=True)
    for day in days:
        eve = day - datetime.timedelta(days=1)
        if _shape(index, group, eve) == before:
            return eve, change
    return None


def _shape(index: TenantIndex, group: LicenceGroup, day: datetime.date) -> tuple[str | None, int]:
    """The group's rule and number of listed members on `day`, as a preview's inputs show."""
    rule, members = index.licence_membership(group, day)
    return rule, len(members)


def _concerns(index: TenantIndex, group: LicenceGroup, wave: MigrationWave) -> bool:
    """Whether the wave changes the group's members (the group covers some of its agents)."""
    eve = wave.date - datetime.timedelta(days=1)
    return _shape(index, group, eve) != _shape(index, group, wave.date)


def _group_change(group: LicenceGroup, plan: Plan) -> Change | None:
    name = f"{LICENCE_GROUP.name(group.key)}-group"
    return next(
        (c for c in plan.pending if twin(c)[0] == "Group" and c.name == name),
        None,
    )


def _seats(index: TenantIndex, wave: MigrationWave) -> dict[str, int]:
    """Mailbox licences the wave's agents take, by SKU: a directorate's agents in the groups
    naming it, else shared among the groups whose rules list its departments in proportion
    to the departments each lists; a named person in a group naming them or their
    directorate's departments."""
    groups = [g for g in index.tenant.licence_groups if index.follows_waves(g)]
    seats: dict[str, int] = {}
    for code in wave.directorates:
        others = sum(
            1
            for upn, named in index.named_movers.items()
            if named.key != wave.key and (p := index.people.get(upn)) and p.directorate == code
        )
        size = index.directorate_size(code) - others
        for sku, count in _shares(index, groups, code, size).items():
            seats[sku] = seats.get(sku, 0) + count
    for upn in wave.people:
        person = index.people.get(upn.lower())
        theirs = person.directorate if person else ""
        if theirs in wave.directorates:
            continue
        named = {g.sku: 1 for g in groups if upn.lower() in {u.lower() for u in g.users}}
        found = named or (_shares(index, groups, theirs, 1) if theirs else {})
        for sku, count in found.items():
            seats[sku] = seats.get(sku, 0) + count
    return dict(sorted(seats.items()))


def _shares(index: TenantIndex, groups: list[LicenceGroup], code: str, size: int) -> dict[str, int]:
    naming = {g.sku for g in groups if code in g.directorates}
    if naming:
        return dict.fromkeys(naming, size)
    if code not in index.directorates:
        return {}
    own = {dep.casefold() for dep in index.directorates[code].membership.departments}
    listed: dict[str, int] = {}
    for g in groups:
        found = {dep.casefold() for dep in listed_departments(g.rule or "") or ()}
        if found & own:
            listed[g.sku] = listed.get(g.sku, 0) + len(found & own)
    if not listed:
        return {}
    shares = {sku: size * n // len(own) for sku, n in listed.items()}
    most = max(listed, key=lambda sku: listed[sku])
    shares[most] += size * sum(listed.values()) // len(own) - sum(shares.values())
    return {sku: n for sku, n in shares.items() if n}
