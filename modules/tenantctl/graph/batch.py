"""Batching layer: many small requests as Graph JSON batches (`POST /$batch`).

A batch holds at most 20 requests, and a request may only depend on requests of its own
batch, so requests linked by `depends_on` are kept together. A batch also carries at most half
of any throttling budget's window (`BatchShare`): the pacer counts a batch from sending until a
span after its answer, so a batch of 20 Teams reads would hold 20 of the 30 units a second
Teams allows and leave no room for the next one. Items Graph answers with a retryable status
are sent again in a later batch under the client's one retry policy.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from tenantctl.graph.budgets import charges_of
from tenantctl.graph.clock import Clock
from tenantctl.graph.errors import RetryBudgetExhausted
from tenantctl.graph.retry import RetryPolicy
from tenantctl.graph.settings import Pacing
from tenantctl.graph.stats import ClientStats, RetryEvent
from tenantctl.m365 import limits

FAILED_DEPENDENCY = 424


@dataclass(frozen=True)
class BatchItem:
    """One request of a batch; `url` is relative to the Graph version root."""

    id: str
    method: str
    url: str
    body: Any = None
    depends_on: tuple[str, ...] = ()
    headers: Mapping[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        url = self.url if self.url.startswith("/") else f"/{self.url}"
        item: dict[str, Any] = {"id": self.id, "method": self.method, "url": url}
        if self.body is not None:
            item["body"] = self.body
            item["headers"] = {"Content-Type": "application/json", **self.headers}
        elif self.headers:
            item["headers"] = dict(self.headers)
        if self.depends_on:
            item["dependsOn"] = list(self.depends_on)
        return item


@dataclass(frozen=True)
class BatchResult:
    """Graph's answer to one item."""

    id: str
    status: int
    headers: Mapping[str, str]
    body: Any


def _groups(items: Sequence[BatchItem]) -> list[list[BatchItem]]:
    """Items joined (transitively) by `depends_on`, in their original order."""
    root = {item.id: item.id for item in items}

    def find(key: str) -> str:
        while root[key] != key:
            root[key] = root[root[key]]
            key = root[key]
        return key

    for item in items:
        for other in item.depends_on:
            if other not in root:
                raise ValueError(f"batch item {item.id!r} depends on unknown item {other!r}")
            root[find(item.id)] = find(other)
    groups: dict[str, list[BatchItem]] = {}
    for item in items:
        groups.setdefault(find(item.id), []).append(item)
    return list(groups.values())


class BatchShare:
    """How much of each throttling budget one batch may carry: half the budget's window (at
    least one unit), so that two batches fit in a window and the next can go while the last
    one's answer still counts."""

    def __init__(self, pacing: Pacing) -> None:
        self._pacing = pacing

    def limit(self, budget: str) -> float:
        return max(1.0, self._pacing.rate(budget) * self._pacing.span(budget) / 2)

    def fits(self, carried: Draws, added: Draws) -> bool:
        """Whether a batch drawing `carried` has room for items drawing `added`."""
        return all(
            carried.get(slot, 0.0) + cost <= self.limit(slot[0]) for slot, cost in added.items()
        )


Draws = dict[tuple[str, str], float]
"""Units drawn, by (budget, bucket key)."""
OPEN_BATCHES = 8
"""How many of the latest batches `split` still adds items to."""


def _draws(group: Sequence[BatchItem]) -> Draws:
    drawn: Draws = {}
    for item in group:
        for charge in charges_of(item.method, item.url):
            slot = (charge.budget, charge.key)
            drawn[slot] = drawn.get(slot, 0.0) + charge.cost
    return drawn


def split(
    items: Sequence[BatchItem], share: BatchShare, size: int = limits.BATCH_REQUESTS_MAX
) -> list[list[BatchItem]]:
    """Pack items into batches of at most `size` that carry at most `share` of any budget,
    never separating dependent items. Each group of items goes in the first of the latest
    `OPEN_BATCHES` batches with room, so the first batch holds the earliest items that fit."""
    batches: list[tuple[list[BatchItem], Draws]] = []
    for group in _groups(items):
        if len(group) > size:
            raise ValueError(f"{len(group)} requests depend on each other; a batch holds {size}")
        added = _draws(group)
        batch, carried = next(
            (
                (batch, carried)
                for batch, carried in batches[-OPEN_BATCHES:]
                if len(batch) + len(group) <= size and share.fits(carried, added)
            ),
            ([], {}),
        )
        if not batch:
            batches.append((batch, carried))
        batch.extend(group)
        for slot, cost in added.items():
            carried[slot] = carried.get(slot, 0.0) + cost
    return [batch for batch, _ in batches]


Send = Callable[[list[dict[str, Any]]], Awaitable[list[dict[str, Any]]]]


class Batcher:
    """Runs items through `send` (one `POST /$batch` per call), retrying throttled items."""

    def __init__(
        self, send: Send, policy: RetryPolicy, clock: Clock, stats: ClientStats, share: BatchShare
    ) -> None:
        self._send = send
        self.share = share
        self._policy = policy
        self._clock = clock
        self._stats = stats

    async def run(self, items: Iterable[BatchItem]) -> dict[str, BatchResult]:
        """Every item's final result, by id."""
        pending = list(items)
        results: dict[str, BatchResult] = {}
        attempt, waited = 0, 0.0
        while pending:
            attempt += 1
            retry: list[BatchItem] = []
            wait = 0.0
            for batch in split(pending, self.share):
                self._stats.batches += 1
                answers = await self._send([item.to_json() for item in batch])
                by_id = {str(answer["id"]): answer for answer in answers}
                for item in batch:
                    result = _result(by_id[item.id])
                    if result.status in self._policy.statuses or (
                        result.status == FAILED_DEPENDENCY and item.depends_on
                    ):
                        retry.append(item)
                        told = self._policy.delay(attempt, result.headers.get("Retry-After"))
                        wait = max(wait, told if result.status != FAILED_DEPENDENCY else 0.0)
                    results[item.id] = result
            again = [item for item in retry if _needs_retry(item, retry, results)]
            ids = {item.id for item in again}
            pending = [
                replace(item, depends_on=tuple(d for d in item.depends_on if d in ids))
                for item in again
            ]
            if not pending:
                break
            throttled = next(results[i.id] for i in pending if results[i.id].status != 424)
            if not self._policy.allows(str(throttled.status), attempt, waited, wait):
                raise RetryBudgetExhausted(
                    "POST", "$batch", throttled.status, attempt - 1, waited, self._policy.budget
                )
            for item in pending:
                self._stats.record_retry(
                    RetryEvent(str(results[item.id].status), item.method, item.url, wait, attempt)
                )
            await self._clock.sleep(wait)
            waited += wait
        return results


def _result(answer: Mapping[str, Any]) -> BatchResult:
    headers = {str(k): str(v) for k, v in (answer.get("headers") or {}).items()}
    return BatchResult(str(answer["id"]), int(answer["status"]), headers, answer.get("body"))


def _needs_retry(item: BatchItem, retry: list[BatchItem], results: dict[str, BatchResult]) -> bool:
    """A 424 is only worth retrying when what it waited for is retried too."""
    if results[item.id].status != FAILED_DEPENDENCY:
        return True
    again = {other.id for other in retry}
    return any(dep in again for dep in item.depends_on)
