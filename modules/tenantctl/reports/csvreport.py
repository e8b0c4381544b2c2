"""Graph's usage reports as CSV: a UTF-8 BOM, documented headers, empty cells for "never".

Columns follow the reportroot-get* pages of the Graph v1.0 reference. A report that is not
what its page describes (missing columns, ragged rows, values of the wrong type) is rejected
with `ReportFormatError`, naming the report, the line and the column.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from tenantctl.user_error import UserError

PERIODS = ("D7", "D30", "D90", "D180")
PERIOD_DAYS = {"D7": 7, "D30": 30, "D90": 90, "D180": 180}


class ReportFormatError(UserError, ValueError):
    """A usage report that does not have the documented shape."""


@dataclass(frozen=True)
class ReportSpec:
    """A report function and the columns this toolkit reads from it."""

    function: str
    columns: tuple[str, ...]

    def call(self, period: str) -> str:
        return f"reports/{self.function}(period='{period}')"


ACTIVE_USERS = ReportSpec(
    "getOffice365ActiveUserDetail",
    (
        "Report Refresh Date",
        "User Principal Name",
        "Exchange Last Activity Date",
        "OneDrive Last Activity Date",
        "SharePoint Last Activity Date",
        "Teams Last Activity Date",
        "Assigned Products",
    ),
)
APPS = ReportSpec(
    "getM365AppUserDetail",
    ("Report Refresh Date", "User Principal Name", "Windows", "Mac", "Mobile", "Web"),
)
TEAMS = ReportSpec(
    "getTeamsUserActivityUserDetail",
    (
        "Report Refresh Date",
        "User Principal Name",
        "Last Activity Date",
        "Team Chat Message Count",
        "Private Chat Message Count",
        "Meeting Count",
        "Meetings Attended Count",
    ),
)
SHAREPOINT = ReportSpec(
    "getSharePointActivityUserDetail",
    ("Report Refresh Date", "User Principal Name", "Last Activity Date"),
)
ONEDRIVE = ReportSpec(
    "getOneDriveActivityUserDetail",
    ("Report Refresh Date", "User Principal Name", "Last Activity Date"),
)
EMAIL = ReportSpec(
    "getEmailActivityUserDetail",
    ("Report Refresh Date", "User Principal Name", "Last Activity Date"),
)
MAILBOX_USAGE = ReportSpec(
    "getMailboxUsageDetail",
    (
        "Report Refresh Date",
        "User Principal Name",
        "Is Deleted",
        "Last Activity Date",
        "Item Count",
        "Storage Used (Byte)",
    ),
)


@dataclass(frozen=True)
class ReportRow:
    """One user's line of a report, with typed access to its cells."""

    report: str
    line: int
    values: Mapping[str, str]

    def text(self, column: str) -> str:
        return self.values[column].strip()

    def date(self, column: str) -> date | None:
        """A date cell; empty means no activity (or never)."""
        value = self.text(column)
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise self._error(column, f"'{value}' is not a date (YYYY-MM-DD)") from None

    def count(self, column: str) -> int:
        """A count cell; empty counts as 0."""
        value = self.text(column)
        if not value:
            return 0
        if not value.isdigit():
            raise self._error(column, f"'{value}' is not a count")
        return int(value)

    def flag(self, column: str) -> bool:
        """A Yes/No (or True/False) cell."""
        value = self.text(column).lower()
        if value in ("yes", "true"):
            return True
        if value in ("no", "false", ""):
            return False
        raise self._error(column, f"'{value}' is not Yes/No")

    def _error(self, column: str, problem: str) -> ReportFormatError:
        return ReportFormatError(f"{self.report}, line {self.line}, column '{column}': {problem}")


@dataclass(frozen=True)
class ReportTable:
    """A parsed report: its refresh date and its rows."""

    report: str
    refreshed: date | None
    rows: tuple[ReportRow, ...]


def parse_report(spec: ReportSpec, data: bytes) -> ReportTable:
    """Parse a report's CSV bytes, checking the columns `spec` reads; raise ReportFormatError."""
    name = spec.function
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReportFormatError(f"{name}: not UTF-8 text ({exc.reason})") from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if not header:
            raise ReportFormatError(f"{name}: empty report, no header line")
        missing = [c for c in spec.columns if c not in header]
        if missing:
            raise ReportFormatError(
                f"{name}: missing column(s) {', '.join(repr(c) for c in missing)}; "
                f"got {', '.join(repr(c) for c in header[:6])}{', ...' if len(header) > 6 else ''}"
            )
        rows: list[ReportRow] = []
        for cells in reader:
            if not cells:
                continue
            if len(cells) != len(header):
                raise ReportFormatError(
                    f"{name}, line {reader.line_num}: {len(cells)} fields, "
                    f"the header has {len(header)}"
                )
            rows.append(ReportRow(name, reader.line_num, dict(zip(header, cells, strict=True))))
    except csv.Error as exc:
        raise ReportFormatError(f"{name}, line {reader.line_num}: {exc}") from None
    refreshed = rows[0].date("Report Refresh Date") if rows else None
    return ReportTable(name, refreshed, tuple(rows))
