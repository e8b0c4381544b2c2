"""Polling a teamsAsyncOperation until it succeeds, fails or takes too long."""

from __future__ import annotations

from typing import Any

import pytest

from tenantctl.graph import AsyncOperationFailed
from tenantctl.graph.operations import wait_for_operation
from tests.unit.graph.fakes import FakeClock


def operations(*states: dict[str, Any]) -> Any:
    answers = list(states)

    async def fetch(location: str) -> tuple[dict[str, Any], str | None]:
        state = answers.pop(0) if len(answers) > 1 else answers[0]
        return state, state.get("retry_after")

    return fetch


async def test_polls_until_the_operation_succeeds() -> None:
    fetch = operations(
        {"status": "notStarted"},
        {"status": "inProgress", "retry_after": "5"},
        {"status": "succeeded", "targetResourceId": "team-1"},
    )
    clock = FakeClock()

    done = await wait_for_operation(fetch, "/teams('team-1')/operations('op')", clock, 60)

    assert done["targetResourceId"] == "team-1"
    assert clock.sleeps == [0.5, 5.0]


async def test_an_operation_already_done_is_seen_at_the_first_look_without_waiting() -> None:
    clock = FakeClock()
    done = await wait_for_operation(operations({"status": "succeeded"}), "/op", clock, 60)
    assert done["status"] == "succeeded"
    assert clock.sleeps == []


async def test_without_retry_after_the_gaps_double_up_to_thirty_seconds() -> None:
    states = [{"status": "inProgress"}] * 9 + [{"status": "succeeded"}]
    clock = FakeClock()
    await wait_for_operation(operations(*states), "/op", clock, 600)
    assert clock.sleeps == [0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0, 30.0]


async def test_the_retry_after_of_the_202_comes_before_the_first_look() -> None:
    clock = FakeClock()
    fetch = operations({"status": "inProgress"}, {"status": "succeeded"})
    await wait_for_operation(fetch, "/op", clock, 60, retry_after="3")
    assert clock.sleeps == [3.0, 0.5]


async def test_a_failed_operation_raises_graphs_error() -> None:
    fetch = operations({"status": "failed", "error": {"code": "Conflict", "message": "exists"}})
    with pytest.raises(AsyncOperationFailed, match="Conflict: exists"):
        await wait_for_operation(fetch, "/op", FakeClock(), 60)


async def test_an_operation_that_never_finishes_times_out() -> None:
    with pytest.raises(AsyncOperationFailed, match="still inProgress after 30s"):
        await wait_for_operation(operations({"status": "inProgress"}), "/op", FakeClock(), 30)
