"""When the instances of an access review series start and end.

A series recurs as its settings' ``recurrence`` (learn.microsoft.com/graph/api/resources/
patternedrecurrence) says: ``weekly`` or ``absoluteMonthly`` every ``interval`` (access reviews
express quarterly, half-yearly and yearly reviews as absoluteMonthly every 3, 6 or 12 months;
accessreviewscheduledefinition-create), from ``range.startDate``, for ``numberOfOccurrences``
(``numbered``), until ``endDate`` (``endDate``) or for ever (``noEnd``); each instance lasts
``instanceDurationInDays`` (resources/accessreviewschedulesettings).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

PATTERNS = ("weekly", "absoluteMonthly")
RANGES = ("noEnd", "endDate", "numbered")


class ScheduleError(ValueError):
    """A recurrence Graph refuses (the message says which property)."""


@dataclass(frozen=True)
class Schedule:
    """A series' occurrences."""

    start: date
    pattern: str
    interval: int
    duration: timedelta
    end: date | None = None
    occurrences: int | None = None

    def starts(self) -> Iterator[datetime]:
        """Each occurrence's start (midnight UTC), in order, until the range ends."""
        k = 0
        while self.occurrences is None or k < self.occurrences:
            day = self._day(k)
            if self.end is not None and day > self.end:
                return
            yield datetime(day.year, day.month, day.day, tzinfo=UTC)
            k += 1

    def _day(self, k: int) -> date:
        if self.pattern == "weekly":
            return self.start + timedelta(weeks=self.interval * k)
        months = self.start.month - 1 + self.interval * k
        year, month = self.start.year + months // 12, months % 12 + 1
        return date(year, month, min(self.start.day, calendar.monthrange(year, month)[1]))


def schedule(settings: dict[str, Any]) -> Schedule:
    """The schedule of a series' settings, or `ScheduleError`."""
    duration = settings.get("instanceDurationInDays")
    if not isinstance(duration, int) or duration < 1:
        raise ScheduleError(
            "settings.instanceDurationInDays must be a whole number of days, 1 or more."
        )
    recurrence = settings.get("recurrence")
    if not isinstance(recurrence, dict):
        raise ScheduleError("settings.recurrence is required (pattern and range).")
    pattern, range_ = recurrence.get("pattern") or {}, recurrence.get("range") or {}
    if pattern.get("type") not in PATTERNS:
        raise ScheduleError(
            f"settings.recurrence.pattern.type must be one of {', '.join(PATTERNS)}."
        )
    interval = pattern.get("interval") or 1
    if not isinstance(interval, int) or interval < 1:
        raise ScheduleError("settings.recurrence.pattern.interval must be 1 or more.")
    if range_.get("type") not in RANGES:
        raise ScheduleError(f"settings.recurrence.range.type must be one of {', '.join(RANGES)}.")
    try:
        start = date.fromisoformat(str(range_.get("startDate")))
        end = date.fromisoformat(range_["endDate"]) if range_["type"] == "endDate" else None
    except (KeyError, TypeError, ValueError) as exc:
        raise ScheduleError(
            "settings.recurrence.range needs startDate (and endDate for an endDate range) as "
            "yyyy-mm-dd."
        ) from exc
    occurrences = range_.get("numberOfOccurrences") if range_["type"] == "numbered" else None
    if range_["type"] == "numbered" and (not isinstance(occurrences, int) or occurrences < 1):
        raise ScheduleError("settings.recurrence.range.numberOfOccurrences must be 1 or more.")
    found = Schedule(start, pattern["type"], interval, timedelta(days=duration), end, occurrences)
    period = found._day(1) - found._day(0)
    if found.duration > period:
        raise ScheduleError(
            f"settings.instanceDurationInDays ({duration}) is longer than the recurrence "
            f"({period.days} days): an instance must end before the next one starts."
        )
    if end is not None and end < start:
        raise ScheduleError("settings.recurrence.range.endDate is before its startDate.")
    return found
