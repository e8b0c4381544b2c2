"""Join report rows to directory users, by UPN or, with concealed names, by hashed UPN.

With `displayConcealedNames` on, every report shows a 32-character hash instead of the UPN
and the display name (adminreportsettings-update). The hash is taken to be the upper-case hex
MD5 of the lower-case UPN, as the local tenant produces it; Graph does not document its hash,
so rows whose hash matches no directory user are kept apart as unattributed and the reports
say how many: totals stay right, only their split by directorate is partial.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from tenantctl.reports.csvreport import ReportRow, ReportTable
from tenantctl.reports.snapshot import DirectoryUser

UPN = "User Principal Name"


def concealed_key(upn: str) -> str:
    """The concealed form of a UPN in the usage reports."""
    return hashlib.md5(upn.lower().encode()).hexdigest().upper()


def looks_concealed(tables: Iterable[ReportTable]) -> bool:
    """Whether reports carry hashes instead of UPNs (no row's UPN has an '@')."""
    names = [row.text(UPN) for table in tables for row in table.rows]
    return bool(names) and not any("@" in name for name in names)


@dataclass(frozen=True)
class UsageJoin:
    """Find a user's row in a report; count the rows no user claims."""

    keys: dict[str, str]  # user id → the key their rows carry

    @classmethod
    def of(cls, users: Iterable[DirectoryUser], concealed: bool) -> UsageJoin:
        return cls({u.id: concealed_key(u.upn) if concealed else u.upn.lower() for u in users})

    def index(self, table: ReportTable) -> dict[str, ReportRow]:
        """The table's rows by user id."""
        by_key = {row.text(UPN).lower(): row for row in table.rows}
        return {
            user_id: by_key[key.lower()]
            for user_id, key in self.keys.items()
            if key.lower() in by_key
        }

    def unattributed(self, table: ReportTable) -> list[ReportRow]:
        """Rows of the table that belong to no known user."""
        known = {key.lower() for key in self.keys.values()}
        return [row for row in table.rows if row.text(UPN).lower() not in known]
