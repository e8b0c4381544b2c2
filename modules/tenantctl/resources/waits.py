"""What a provider process waited for: each retry of the shared client becomes one line of
Pulumi's log, so `pulumi up` says why it slowed down (throttling, replication, outages)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pulumi

from tenantctl.graph import GraphClient, RetryEvent

REASONS = {
    "429": "Graph throttling (429)",
    "503": "Graph unavailable (503)",
    "504": "Graph gateway timeout (504)",
    "not-found": "Graph replication",
    "transport": "a lost connection",
    "lost-create": "a create whose outcome was lost",
}


def describe(event: RetryEvent) -> str:
    """One line: how long, why, and which request, e.g.
    `waited 2.0 s for Graph replication: GET /v1.0/groups/{id}/team (retry 1)`."""
    reason = REASONS.get(event.reason, f"HTTP {event.reason}")
    target = urlsplit(event.url).path or event.url
    return (
        f"waited {event.wait:.1f} s for {reason}: {event.method} {target} (retry {event.attempt})"
    )


def log_wait(event: RetryEvent) -> None:
    pulumi.log.info(describe(event))


def report_waits(client: GraphClient) -> None:
    """Log every later retry of CLIENT (once per client, however often it is called)."""
    if log_wait not in client.stats.listeners:
        client.stats.listeners.append(log_wait)
