"""Pacing layer: a sliding window per Graph throttling budget (`budgets.charges_of`), so
bursts are spread instead of throttled. A JSON batch draws on the budgets of the requests it
carries, as Graph counts them one by one.

Graph counts a request when it arrives, which the client only knows to lie between sending
it and reading the answer. A window therefore counts a request from when it is sent until a
span after its answer: however the network delays requests, Graph never sees more than a
budget's units within one span.

When Graph throttles a request anyway, the windows it drew from are held for the
`Retry-After`, so the other requests in flight on those budgets wait too instead of
collecting 429s of their own.

A request takes its windows one after another, always in the same order (by budget, then
bucket): two batches drawing on the same full windows, one team's and another's, could
otherwise each hold the window the other waits for, and neither would ever go.
"""

from __future__ import annotations

import asyncio
from collections import deque

import httpx

from tenantctl.graph.budgets import (
    charges_of,
    charges_of_batch,
    charges_of_sharepoint_batch,
    is_batch,
    is_sharepoint_batch,
)
from tenantctl.graph.clock import Clock
from tenantctl.graph.retry import parse_retry_after
from tenantctl.graph.settings import Pacing
from tenantctl.graph.stats import ClientStats


class Window:
    """At most `limit` units within any `span` seconds, counted from sending to a span after
    the answer; a single request costing more than `limit` goes alone."""

    def __init__(self, limit: float, span: float, clock: Clock) -> None:
        self._limit = limit
        self._span = span
        self._clock = clock
        self._in_flight = 0.0
        self._answered: deque[tuple[float, float]] = deque()
        self._answered_units = 0.0
        self._freed = asyncio.Event()
        self._held_until = 0.0
        self._lock = asyncio.Lock()

    def hold(self, seconds: float) -> None:
        """Let no request go for `seconds` from now (Graph said Retry-After)."""
        self._held_until = max(self._held_until, self._clock.now() + seconds)

    async def take(self, cost: float = 1.0) -> float:
        """Wait until `cost` units fit, and count them as in flight; return how long it
        waited."""
        started = self._clock.now()
        async with self._lock:
            while True:
                now = self._clock.now()
                if self._held_until > now:
                    await self._clock.sleep(self._held_until - now)
                    continue
                while self._answered and self._answered[0][0] <= now - self._span:
                    self._answered_units -= self._answered.popleft()[1]
                used = self._in_flight + self._answered_units
                if not used or used + cost <= self._limit:
                    self._in_flight += cost
                    return self._clock.now() - started
                if self._answered:
                    await self._clock.sleep(self._answered[0][0] + self._span - now)
                else:
                    self._freed.clear()
                    await self._freed.wait()

    def answered(self, cost: float = 1.0) -> None:
        """The request taken with `cost` has its answer (or failed): count it a span more."""
        self._in_flight -= cost
        self._answered.append((self._clock.now(), cost))
        self._answered_units += cost
        self._freed.set()


class PacingTransport(httpx.AsyncBaseTransport):
    """Waits for the windows of a request's budgets before passing it on."""

    def __init__(
        self, inner: httpx.AsyncBaseTransport, pacing: Pacing, clock: Clock, stats: ClientStats
    ) -> None:
        self._inner = inner
        self._pacing = pacing
        self._clock = clock
        self._stats = stats
        self._windows: dict[str, Window] = {}
        self._limits: dict[str, tuple[float, float]] = {}

    def set_limit(self, budget: str, units: float, span: float) -> None:
        """Pace `budget` (a bucket of that name) at `units` per `span` seconds from now on,
        in place of the pacing's rate: a budget that depends on the tenant, once known (at
        the pacing's share of it, `Pacing.of`)."""
        self._limits[budget] = (self._pacing.of(budget, units), span)
        self._windows.pop(budget, None)

    def _window(self, budget: str, key: str) -> Window:
        if key not in self._windows:
            span = self._pacing.span(budget)
            units, span = self._limits.get(budget, (self._pacing.rate(budget) * span, span))
            self._windows[key] = Window(units, span, self._clock)
        return self._windows[key]

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if is_batch(request.method, str(request.url)):
            charges = charges_of_batch(await request.aread())
        elif is_sharepoint_batch(request.method, str(request.url)):
            charges = charges_of_sharepoint_batch(await request.aread())
        else:
            charges = charges_of(request.method, str(request.url))
        taken: list[tuple[Window, float]] = []
        try:
            for charge in sorted(charges, key=lambda charge: (charge.budget, charge.key)):
                window = self._window(charge.budget, charge.key)
                self._stats.paced_wait += await window.take(charge.cost)
                taken.append((window, charge.cost))
            self._stats.requests += 1
            response = await self._inner.handle_async_request(request)
        finally:
            for window, cost in taken:
                window.answered(cost)
        if response.status_code == 429:
            held = parse_retry_after(response.headers.get("Retry-After")) or 1.0
            for window, _ in taken:
                window.hold(held)
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()
