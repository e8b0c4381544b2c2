"""The tenant's clock: wall time plus an offset that the admin API moves forward, so that
tests can let minutes or days of service time pass (mailbox provisioning, retention) without
waiting. The offset lives in the store, so a reset puts the clock back to wall time."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from local_tenant.storage import Store

OFFSET_KEY = "clockOffsetSeconds"


class Clock:
    """Seconds since the epoch as the tenant sees them."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @property
    def offset(self) -> float:
        """How far ahead of wall time the tenant is, in seconds."""
        return float(self.store.meta_get(OFFSET_KEY, 0.0))

    def now(self) -> float:
        """The tenant's time."""
        return time.time() + self.offset

    def today(self) -> date:
        """The tenant's date (UTC)."""
        return datetime.fromtimestamp(self.now(), UTC).date()

    def advance(self, seconds: float) -> float:
        """Move the clock forward by ``seconds`` (never back); the new offset."""
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        offset = self.offset + seconds
        self.store.meta_set(OFFSET_KEY, offset)
        return offset


def iso(at: float) -> str:
    """A tenant time as Graph writes a DateTimeOffset."""
    return datetime.fromtimestamp(at, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
