"""Observable counts of what the retry policy and pacing did: for tests and progress output."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RetryEvent:
    """One wait before a retry: why (an HTTP status, `not-found`, `transport`), for how long."""

    reason: str
    method: str
    url: str
    wait: float
    attempt: int


@dataclass
class ClientStats:
    """Running totals of one client's retries, waits and pacing delays."""

    retries: Counter[str] = field(default_factory=Counter)
    retry_wait: float = 0.0
    paced_wait: float = 0.0
    requests: int = 0
    batches: int = 0
    listeners: list[Callable[[RetryEvent], None]] = field(default_factory=list)

    def record_retry(self, event: RetryEvent) -> None:
        """Count one retry and tell the listeners (e.g. a progress line)."""
        self.retries[event.reason] += 1
        self.retry_wait += event.wait
        for listener in self.listeners:
            listener(event)

    @property
    def total_retries(self) -> int:
        return sum(self.retries.values())
