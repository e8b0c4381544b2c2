"""Retry layer: the one retry policy of the client.

Throttling (429) and transient unavailability (503, 504) are retried after Graph's
`Retry-After`, or an exponential back-off when it gives none, within a bounded total wait;
past that the request fails with `RetryBudgetExhausted`, so throttling never passes for
drift or success. Reads marked `CONSISTENT` also retry 404 for a while: Graph replicates a
new object to all its replicas only after some seconds.

A 429 means Graph did not process the request, so every method is retried. A 503, 504 or
lost connection may come after a create took effect, so a non-idempotent POST is not sent
again here: the resource engine looks for the object first (see `resources.engine.create`).
"""

from __future__ import annotations

import email.utils
import time
from dataclasses import dataclass

import httpx

from tenantctl.graph.clock import Clock
from tenantctl.graph.errors import RetryBudgetExhausted
from tenantctl.graph.stats import ClientStats, RetryEvent

CONSISTENT = "tenantctl.consistent"
"""Request extension: retry 404 while a newly created object replicates."""

RETRY_SAFE = "tenantctl.retry_safe"
"""Request extension: a POST that may be sent twice (an action, a read, a batch)."""

IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "PATCH", "DELETE", "OPTIONS"})


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(value)
        if parsed is None:
            return None
        return max(0.0, parsed.timestamp() - (time.time() if now is None else now))


@dataclass(frozen=True)
class RetryPolicy:
    """Which failures are retried, how long to wait, and the bounds on retrying."""

    statuses: frozenset[int] = frozenset({429, 503, 504})
    max_retries: int = 8
    budget: float = 120.0
    consistency_budget: float = 30.0
    base_delay: float = 1.0
    max_delay: float = 60.0

    def delay(self, attempt: int, retry_after: str | None) -> float:
        """The wait before retry number `attempt` (from 1): Retry-After, else back-off."""
        told = parse_retry_after(retry_after)
        if told is not None:
            return told
        return float(min(self.max_delay, self.base_delay * 2 ** (attempt - 1)))

    def allows(self, reason: str, attempt: int, waited: float, wait: float) -> bool:
        """Whether retry `attempt` after `wait` more seconds stays within the bounds."""
        budget = self.consistency_budget if reason == "not-found" else self.budget
        return attempt <= self.max_retries and waited + wait <= budget


def resendable(request: httpx.Request) -> bool:
    """Whether sending the request twice does no harm."""
    return request.method in IDEMPOTENT or bool(request.extensions.get(RETRY_SAFE))


def retry_reason(request: httpx.Request, status: int, policy: RetryPolicy) -> str | None:
    """Why a response should be retried, or None when it is final."""
    if status == 429 or (status in policy.statuses and resendable(request)):
        return str(status)
    if status == 404 and request.extensions.get(CONSISTENT):
        return "not-found"
    return None


class RetryTransport(httpx.AsyncBaseTransport):
    """Retries per `RetryPolicy`, counting every retry and wait in `ClientStats`."""

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        policy: RetryPolicy,
        clock: Clock,
        stats: ClientStats,
    ) -> None:
        self._inner = inner
        self._policy = policy
        self._clock = clock
        self._stats = stats

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        attempt, waited = 0, 0.0
        while True:
            attempt += 1
            try:
                response = await self._inner.handle_async_request(request)
            except httpx.TransportError:
                wait = self._policy.delay(attempt, None)
                if not resendable(request) or not self._policy.allows(
                    "transport", attempt, waited, wait
                ):
                    raise
                reason = "transport"
            else:
                found = retry_reason(request, response.status_code, self._policy)
                if found is None:
                    return response
                reason = found
                wait = self._policy.delay(attempt, response.headers.get("Retry-After"))
                if not self._policy.allows(reason, attempt, waited, wait):
                    if reason == "not-found":
                        return response
                    await response.aclose()
                    raise RetryBudgetExhausted(
                        request.method,
                        str(request.url),
                        response.status_code,
                        attempt - 1,
                        waited,
                        self._policy.budget,
                    )
                await response.aclose()
            self._stats.record_retry(
                RetryEvent(reason, request.method, str(request.url), wait, attempt)
            )
            await self._clock.sleep(wait)
            waited += wait

    async def aclose(self) -> None:
        await self._inner.aclose()
