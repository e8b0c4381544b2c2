"""Polling of Graph's long-running operations (teamsAsyncOperation) until they finish."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from tenantctl.graph.clock import Clock
from tenantctl.graph.errors import AsyncOperationFailed
from tenantctl.graph.retry import parse_retry_after

DONE = "succeeded"
FAILED = "failed"

Fetch = Callable[[str], Awaitable[tuple[dict[str, Any], str | None]]]
"""GET the operation: its body and the `Retry-After` header, if any."""


async def wait_for_operation(
    fetch: Fetch,
    location: str,
    clock: Clock,
    timeout: float,
    interval: float = 2.0,
    max_interval: float = 15.0,
) -> dict[str, Any]:
    """Poll `location` until the operation succeeds (returned) or fails or times out (raised)."""
    started = clock.now()
    while True:
        operation, retry_after = await fetch(location)
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
        wait = parse_retry_after(retry_after) or interval
        if clock.now() - started + wait > timeout:
            raise AsyncOperationFailed(
                "GET",
                location,
                200,
                "operationTimeout",
                f"operation still {status or 'pending'} after {timeout:.0f}s",
            )
        await clock.sleep(wait)
        interval = min(max_interval, interval * 1.5)
