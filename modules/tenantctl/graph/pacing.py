"""Pacing layer: a token bucket per Graph workload, so bursts are spread instead of throttled.

When Graph throttles a workload anyway, its bucket is held for the `Retry-After`, so the
other requests in flight for that workload wait too instead of collecting 429s of their own.
"""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

import httpx

from tenantctl.graph.clock import Clock
from tenantctl.graph.retry import parse_retry_after
from tenantctl.graph.settings import Pacing
from tenantctl.graph.stats import ClientStats

WORKLOADS = {
    "teams": "teams",
    "groups": "directory",
    "users": "directory",
    "invitations": "directory",
    "directoryObjects": "directory",
    "subscribedSkus": "directory",
    "policies": "identity",
    "admin": "sharepoint",
    "sites": "sharepoint",
    "_api": "sharepoint",
}


def workload_of(url: str) -> str:
    """The Graph workload a request counts against (Graph throttles per workload)."""
    segments = [part for part in urlsplit(url).path.split("/") if part]
    for segment in segments:
        name = segment.split("(", 1)[0]
        if name in WORKLOADS:
            return WORKLOADS[name]
    return "other"


class TokenBucket:
    """`rate` requests per second on average, bursts of up to `rate` requests."""

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

    async def take(self) -> float:
        """Take one token, sleeping until one is available; return how long it slept."""
        async with self._lock:
            held = max(0.0, self._held_until - self._clock.now())
            if held:
                await self._clock.sleep(held)
            now = self._clock.now()
            self._tokens = min(self._rate, self._tokens + (now - self._stamp) * self._rate)
            self._stamp = now
            wait = 0.0 if self._tokens >= 1 else (1 - self._tokens) / self._rate
            if wait:
                await self._clock.sleep(wait)
                self._stamp = self._clock.now()
                self._tokens = 1.0
            self._tokens -= 1
            return held + wait


class PacingTransport(httpx.AsyncBaseTransport):
    """Waits for its workload's bucket before passing each request on."""

    def __init__(
        self, inner: httpx.AsyncBaseTransport, pacing: Pacing, clock: Clock, stats: ClientStats
    ) -> None:
        self._inner = inner
        self._pacing = pacing
        self._clock = clock
        self._stats = stats
        self._buckets: dict[str, TokenBucket] = {}

    def _bucket(self, workload: str) -> TokenBucket:
        if workload not in self._buckets:
            self._buckets[workload] = TokenBucket(self._pacing.rate(workload), self._clock)
        return self._buckets[workload]

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        bucket = self._bucket(workload_of(str(request.url)))
        self._stats.paced_wait += await bucket.take()
        self._stats.requests += 1
        response = await self._inner.handle_async_request(request)
        if response.status_code == 429:
            bucket.hold(parse_retry_after(response.headers.get("Retry-After")) or 1.0)
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()
