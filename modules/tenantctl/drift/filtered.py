"""Single-object reads gathered into `$filter=<key> in (...)` listings of up to
`limits.FILTER_IN_VALUES_MAX` values (learn.microsoft.com/graph/known-issues, query
parameters: the `in` operator takes 15 values, and a URL of 2,048 characters in advanced
queries; 15 user principal names of at most 113 characters stay under it).

A listing answers the objects it finds; a key it does not find is answered 404, as a GET of
that one object would be. Drift reads named users this way (learn.microsoft.com/graph/api/
user-list: `$filter` on `id` and `userPrincipalName` with `in`) and groups' owners
(group-list: `$expand=owners($select=id)` with `$filter` on `id`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from tenantctl.graph import BatchResult
from tenantctl.m365 import limits
from tenantctl.resources.specs.common import odata_quote

OK, NOT_FOUND = 200, 404
SAFE = "$,()'=:/ @"
"""Characters left as they are in a listing's query; the rest (`#`, `&`, `+`, `%`, any
character outside ASCII) are percent-encoded."""

Fetch = Callable[[str], Awaitable[BatchResult]]
"""Sends one GET (relative to the version root), in a batch; its answer."""


@dataclass(frozen=True)
class Listing:
    """A collection read by `key in (...)`: its path, the property keys are matched on (case
    folded), and the rest of its query."""

    path: str
    key: str
    query: str

    def url(self, keys: list[str]) -> str:
        values = ",".join(f"'{odata_quote(key)}'" for key in keys)
        text = f"$filter={self.key} in ({values})&{self.query}"
        return f"{self.path}?{quote(text, safe=SAFE + '&')}"


class InFilter:
    """Answers one object at a time by key, from listings of up to 15 keys: a full listing is
    sent at once, a part-filled one when its owner calls `flush` (the bulk client, as it sends
    its part-filled batches, so that the listing joins them). Each key is listed once: its
    answer is kept for the reads that ask for it again."""

    def __init__(
        self,
        listing: Listing,
        fetch: Fetch,
        waiting: Callable[[], None],
        found: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        """`waiting` is told when a first key waits for its listing; `found`, each object a
        listing returns."""
        self.listing = listing
        self._fetch = fetch
        self._on_waiting = waiting
        self._found = found
        self._known: dict[str, asyncio.Future[BatchResult]] = {}
        self._waiting: dict[str, asyncio.Future[BatchResult]] = {}
        self._sent: set[asyncio.Task[None]] = set()

    @property
    def waits(self) -> bool:
        """Whether keys wait for a part-filled listing."""
        return bool(self._waiting)

    async def get(self, key: str) -> BatchResult:
        """The object whose key is `key` (case folded), or Graph's 404."""
        return await asyncio.shield(self._future(key))

    def prefetch(self, keys: Iterable[str]) -> list[asyncio.Future[BatchResult]]:
        """List `keys` now, before any read asks for them; their answers to come."""
        return [self._future(key) for key in keys]

    def learn(self, item: dict[str, Any]) -> None:
        """Keep `item` as the answer for its key, unless that key is already asked for."""
        key = str(item.get(self.listing.key, "")).lower()
        if key and key not in self._known:
            future: asyncio.Future[BatchResult] = asyncio.get_running_loop().create_future()
            future.set_result(BatchResult("", OK, {}, item))
            self._known[key] = future

    def _future(self, key: str) -> asyncio.Future[BatchResult]:
        folded = key.lower()
        known = self._known.get(folded)
        if known is not None:
            return known
        future: asyncio.Future[BatchResult] = asyncio.get_running_loop().create_future()
        self._known[folded] = self._waiting[folded] = future
        if len(self._waiting) >= limits.FILTER_IN_VALUES_MAX:
            self.flush()
        elif len(self._waiting) == 1:
            self._on_waiting()
        return future

    def flush(self) -> None:
        """Send the waiting keys' listing (in the background)."""
        waiting, self._waiting = self._waiting, {}
        if waiting:
            task = asyncio.create_task(self._answer(waiting))
            self._sent.add(task)
            task.add_done_callback(self._sent.discard)

    async def _answer(self, waiting: dict[str, asyncio.Future[BatchResult]]) -> None:
        try:
            listed = await self._fetch(self.listing.url(list(waiting)))
        except Exception as error:  # every waiting read fails with the listing's error
            for future in waiting.values():
                settle(future, error=error)
            return
        found: dict[str, Any] = {}
        if listed.status == OK and isinstance(listed.body, dict):
            for item in listed.body.get("value", ()):
                found[str(item.get(self.listing.key, "")).lower()] = item
                if self._found is not None:
                    self._found(item)
        for key, future in waiting.items():
            settle(future, _answer_of(listed, found.get(key)))


def _answer_of(listed: BatchResult, item: Any) -> BatchResult:
    if listed.status != OK:
        return listed
    if item is None:
        error = {"error": {"code": "Request_ResourceNotFound", "message": "not in the tenant"}}
        return BatchResult("", NOT_FOUND, {}, error)
    return BatchResult("", OK, {}, item)


def settle(future: asyncio.Future[Any], result: Any = None, error: Exception | None = None) -> None:
    """Settle a read's future unless its reader stopped waiting (drift ending on an error
    cancels the reads in flight). An error is marked read here: the reader re-raises it when
    it still waits, and otherwise asyncio must not report it when the future is freed."""
    if future.done():
        return
    if error is None:
        future.set_result(result)
        return
    future.set_exception(error)
    future.exception()
