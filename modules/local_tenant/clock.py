"""The tenant's clock: real time plus an offset the admin API moves forward.

Graph does things on a schedule — a group expires under the lifecycle policy
(learn.microsoft.com/graph/api/resources/grouplifecyclepolicy), an access review instance starts
and ends on its recurrence (learn.microsoft.com/graph/api/resources/accessreviewinstance). Tests
cannot wait months, so the admin API moves this clock (``POST /_admin/clock``) and the
scheduled work runs then, in the order it falls due: `Clock.advance` calls each listener with
the new time. Nothing scheduled runs as real time passes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from local_tenant.storage import Store

OFFSET_KEY = "clockOffsetSeconds"
Listener = Callable[[datetime], None]


def iso(moment: datetime) -> str:
    """A time in Graph's ISO 8601 form."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse(text: str) -> datetime:
    """A Graph DateTimeOffset (or a date, read as midnight UTC) as an aware datetime."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class Clock:
    """Now, as the tenant sees it (persisted with the tenant's data)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.listeners: list[Listener] = []

    @property
    def offset(self) -> timedelta:
        """How far the clock runs ahead of real time."""
        return timedelta(seconds=float(self.store.meta_get(OFFSET_KEY, 0.0)))

    def now(self) -> datetime:
        """The tenant's current time."""
        return datetime.now(UTC) + self.offset

    def iso(self) -> str:
        """The tenant's current time in Graph's form."""
        return iso(self.now())

    def advance(self, by: timedelta) -> datetime:
        """Move the clock forward by ``by`` and run what fell due; the new time."""
        if by < timedelta(0):
            raise ValueError("the clock only moves forward")
        self.store.meta_set(OFFSET_KEY, (self.offset + by).total_seconds())
        now = self.now()
        for listener in self.listeners:
            listener(now)
        return now

    def reset(self) -> None:
        """Back to real time."""
        self.store.meta_set(OFFSET_KEY, 0.0)
