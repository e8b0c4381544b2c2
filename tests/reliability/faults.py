"""Fault configurations of the local tenant (see docs/local-tenant.md) and request counts."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from local_tenant.faults import DEFAULT_BUDGETS
from tests.support.local_tenant_fixture import LocalTenantHandle

POLL_S = 0.1


def storm(limit: float, window_s: float) -> dict[str, Any]:
    """Every Graph throttling budget (Teams, invitations, directory) cut to LIMIT per WINDOW_S."""
    budgets = {name: {"limit": limit, "window_s": window_s} for name in DEFAULT_BUDGETS}
    return {"throttle": {"enabled": True, "budgets": budgets}}


def statuses(tenant: LocalTenantHandle) -> dict[int, int]:
    """Answered requests by status since the counters were last cleared."""
    return {int(k): v for k, v in tenant.admin.counters()["statuses"].items()}


def clear_counters(tenant: LocalTenantHandle) -> None:
    tenant.admin.call("DELETE", "/_admin/counters")


def wait_until(condition: Callable[[], bool], deadline_s: float, what: str) -> None:
    """Poll CONDITION until it holds; fail naming WHAT after DEADLINE_S."""
    deadline = time.monotonic() + deadline_s
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(POLL_S)
