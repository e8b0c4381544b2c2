"""Polling of Graph's long-running operations (teamsAsyncOperation) until they finish.

A 202 Accepted names the operation in its `Location` header (learn.microsoft.com/graph/api/
team-post); a GET of that location gives its status (teamsasyncoperation-get). Graph's
`Retry-After`, on the 202 or on a poll, says when to look next. Without one the first look
is at once, since an operation often finishes within the request's own round trip, and the
gaps double from `FIRST_GAP` up to the 30 s the teamsAsyncOperation resource page asks
for between checks (learn.microsoft.com/graph/api/resources/teamsasyncoperation); Teams
throttling guidance counts this resource as one meant to be polled
(learn.microsoft.com/graph/throttling-limits, Microsoft Teams service limits).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from tenantctl.graph.clock import Clock
from tenantctl.graph.errors import AsyncOperationFailed
from tenantctl.graph.retry import parse_retry_after

DONE = "succeeded"
FAILED = "failed"
FIRST_GAP = 0.5
"""Seconds between the first two looks at an operation Graph gave no `Retry-After` for."""
LONGEST_GAP = 30.0

Fetch = Callable[[str], Awaitable[tuple[dict[str, Any], str | None]]]
"""GET the operation: its body and the `Retry-After` header, if any."""


async def wait_for_operation(
    fetch: Fetch,
    location: str,
    clock: Clock,
    timeout: float,
    retry_after: str | None = None,
) -> dict[str, Any]:
    """Poll `location` until the operation succeeds (returned) or fails or times out (raised).

    `retry_after` is the 202's `Retry-After`, if it had one: the wait before the first look.
    """
    started = clock.now()
    first = parse_retry_after(retry_after)
    if first:
        await clock.sleep(first)
    gap = FIRST_GAP
    while True:
        operation, told = await fetch(location)
        status = str(operation.get("status", ""))
        if status == DONE:
            return operation
        if status == FAILED:
            error = operation.get("error") or {}
            raise AsyncOperationFailed(
                "GET",
                location,
                200,
                str(error.get("code", "operationFailed")),
                str(error.get("message", f"operation {operation.get('id')} failed")),
            )
        wait = parse_retry_after(told)
        if wait is None:
            wait, gap = gap, min(LONGEST_GAP, gap * 2)
        if clock.now() - started + wait > timeout:
            raise AsyncOperationFailed(
                "GET",
                location,
                200,
                "operationTimeout",
                f"operation still {status or 'pending'} after {timeout:.0f}s",
            )
        await clock.sleep(wait)
