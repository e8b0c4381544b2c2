"""Pacing layer: a token bucket per Graph throttling budget (`budgets.charges_of`), so bursts
are spread instead of throttled.

When Graph throttles a request anyway, the buckets it drew from are held for the
`Retry-After`, so the other requests in flight on those budgets wait too instead of
collecting 429s of their own.
"""

from __future__ import annotations

import asyncio

import httpx

from tenantctl.graph.budgets import charges_of
from tenantctl.graph.clock import Clock
from tenantctl.graph.retry import parse_retry_after
from tenantctl.graph.settings import Pacing
from tenantctl.graph.stats import ClientStats


class TokenBucket:
    """`rate` units per second on average, bursts of up to `rate` units."""

    def __init__(self, rate: float, clock: Clock) -> None:
        self._rate = rate
        self._clock = clock
        self._tokens = rate
        self._stamp = clock.now()
        self._held_until = 0.0
        self._lock = asyncio.Lock()

    def hold(self, seconds: float) -> None:
        """Give no token for `seconds` from now (Graph said Retry-After)."""
        self._held_until = max(self._held_until, self._clock.now() + seconds)

    async def take(self, cost: float = 1.0) -> float:
        """Take `cost` tokens, sleeping until they are available; return how long it slept."""
        async with self._lock:
            held = max(0.0, self._held_until - self._clock.now())
            if held:
                await self._clock.sleep(held)
            now = self._clock.now()
            self._tokens = min(self._rate, self._tokens + (now - self._stamp) * self._rate)
            self._stamp = now
            wait = 0.0 if self._tokens >= cost else (cost - self._tokens) / self._rate
            if wait:
                await self._clock.sleep(wait)
                self._stamp = self._clock.now()
                self._tokens = cost
            self._tokens -= cost
            return held + wait


class PacingTransport(httpx.AsyncBaseTransport):
    """Waits for the buckets of a request's budgets before passing it on."""

    def __init__(
        self, inner: httpx.AsyncBaseTransport, pacing: Pacing, clock: Clock, stats: ClientStats
    ) -> None:
        self._inner = inner
        self._pacing = pacing
        self._clock = clock
        self._stats = stats
        self._buckets: dict[str, TokenBucket] = {}

    def _bucket(self, budget: str, key: str) -> TokenBucket:
        if key not in self._buckets:
            self._buckets[key] = TokenBucket(self._pacing.rate(budget), self._clock)
        return self._buckets[key]

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        charges = charges_of(request.method, str(request.url))
        buckets = [self._bucket(charge.budget, charge.key) for charge in charges]
        for bucket, charge in zip(buckets, charges, strict=True):
            self._stats.paced_wait += await bucket.take(charge.cost)
        self._stats.requests += 1
        response = await self._inner.handle_async_request(request)
        if response.status_code == 429:
            held = parse_retry_after(response.headers.get("Retry-After")) or 1.0
            for bucket in buckets:
                bucket.hold(held)
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()
