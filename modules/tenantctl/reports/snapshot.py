"""What the reports read from a tenant: subscriptions, licensed groups, users and usage."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from tenantctl.reports.csvreport import ReportTable


@dataclass(frozen=True)
class SubscribedSku:
    """A subscription: seats bought (enabled prepaid units) and consumed."""

    sku_id: str
    part_number: str
    enabled: int
    consumed: int
    plans: frozenset[str] = frozenset()
    plan_ids: frozenset[tuple[str, str]] = frozenset()
    """(servicePlanName, servicePlanId) of each plan it bundles."""


@dataclass(frozen=True)
class Assignment:
    """One licenseAssignmentState of a user: direct when `group_id` is None."""

    sku_id: str
    group_id: str | None
    state: str
    error: str
    disabled_plans: frozenset[str] = frozenset()

    @property
    def active(self) -> bool:
        return self.state == "Active"


@dataclass(frozen=True)
class DirectoryUser:
    """A member user and the licences assigned to them."""

    id: str
    upn: str
    display_name: str
    department: str
    assignments: tuple[Assignment, ...]

    def active_skus(self) -> set[str]:
        return {a.sku_id for a in self.assignments if a.active}


@dataclass(frozen=True)
class LicensedGroup:
    """A group that carries licences (group-based licensing)."""

    id: str
    display_name: str
    mail_nickname: str
    sku_ids: tuple[str, ...]


@dataclass(frozen=True)
class TenantSnapshot:
    """Everything a report needs, read once from Graph."""

    skus: tuple[SubscribedSku, ...]
    groups: tuple[LicensedGroup, ...]
    users: tuple[DirectoryUser, ...]
    concealed: bool
    reports: dict[tuple[str, str], ReportTable] = field(default_factory=dict)

    def report(self, function: str, period: str) -> ReportTable:
        return self.reports[(function, period)]

    @property
    def refreshed(self) -> date | None:
        dates = [t.refreshed for t in self.reports.values() if t.refreshed]
        return max(dates) if dates else None
