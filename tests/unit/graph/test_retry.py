"""The retry layer: Retry-After honoured, bounded by a budget, and every retry counted."""

from __future__ import annotations

import httpx
import pytest

from tenantctl.graph import ClientStats, RetryBudgetExhausted, RetryPolicy
from tenantctl.graph.retry import CONSISTENT, RETRY_SAFE, RetryTransport, parse_retry_after
from tests.unit.graph.fakes import FakeClock, Script, reply


def retrying(
    script: Script, policy: RetryPolicy | None = None
) -> tuple[RetryTransport, FakeClock, ClientStats]:
    clock, stats = FakeClock(), ClientStats()
    return RetryTransport(script.transport, policy or RetryPolicy(), clock, stats), clock, stats


async def send(
    transport: RetryTransport, method: str = "GET", **extensions: object
) -> httpx.Response:
    request = httpx.Request(method, "https://graph.test/v1.0/groups", extensions=dict(extensions))
    return await transport.handle_async_request(request)


async def test_a_throttled_request_waits_as_long_as_retry_after_says() -> None:
    script = Script([reply(429, headers={"Retry-After": "7"}), reply(200, {"ok": True})])
    transport, clock, stats = retrying(script)

    response = await send(transport)

    assert response.status_code == 200
    assert clock.sleeps == [7.0]
    assert stats.retries == {"429": 1}
    assert stats.retry_wait == 7.0


async def test_listeners_hear_of_every_retry_for_progress_output() -> None:
    transport, _, stats = retrying(Script([reply(429, headers={"Retry-After": "2"}), reply(200)]))
    heard: list[str] = []
    stats.listeners.append(lambda event: heard.append(f"{event.reason} {event.wait:.0f}s"))

    await send(transport)

    assert heard == ["429 2s"]


async def test_503_and_504_are_retried_with_exponential_back_off_without_retry_after() -> None:
    script = Script([reply(503), reply(504), reply(503), reply(200)])
    transport, clock, stats = retrying(script, RetryPolicy(base_delay=1.0))

    assert (await send(transport)).status_code == 200
    assert clock.sleeps == [1.0, 2.0, 4.0]
    assert stats.retries == {"503": 2, "504": 1}


async def test_throttling_past_the_budget_fails_loudly_instead_of_passing_for_success() -> None:
    script = Script([reply(429, headers={"Retry-After": "40"})] * 5)
    transport, clock, _ = retrying(script, RetryPolicy(budget=100))

    with pytest.raises(RetryBudgetExhausted) as raised:
        await send(transport)

    assert clock.sleeps == [40.0, 40.0]
    assert raised.value.retries == 2
    assert raised.value.status == 429
    assert "throttling" in str(raised.value)


async def test_the_retry_count_is_bounded_too() -> None:
    script = Script([reply(503)] * 4)
    transport, _, stats = retrying(script, RetryPolicy(max_retries=2, base_delay=0.01))

    with pytest.raises(RetryBudgetExhausted):
        await send(transport)
    assert stats.total_retries == 2


async def test_not_found_is_final_unless_the_request_waits_for_replication() -> None:
    transport, clock, _ = retrying(Script([reply(404), reply(200)]))
    assert (await send(transport)).status_code == 404
    assert clock.sleeps == []


async def test_a_new_object_is_waited_for_while_it_replicates() -> None:
    transport, clock, stats = retrying(Script([reply(404), reply(404), reply(200)]))

    assert (await send(transport, **{CONSISTENT: True})).status_code == 200
    assert stats.retries == {"not-found": 2}
    assert clock.sleeps == [1.0, 2.0]


async def test_an_object_that_never_appears_is_reported_not_found_after_the_budget() -> None:
    script = Script([reply(404)] * 10)
    transport, clock, _ = retrying(script, RetryPolicy(consistency_budget=5))

    assert (await send(transport, **{CONSISTENT: True})).status_code == 404
    assert sum(clock.sleeps) <= 5


async def test_a_dropped_connection_is_retried_for_reads_but_not_for_creates() -> None:
    dropped = httpx.ConnectError("reset")
    read, _, _ = retrying(Script([dropped, reply(200)]))
    assert (await send(read)).status_code == 200

    create, _, _ = retrying(Script([dropped, reply(201)]))
    with pytest.raises(httpx.ConnectError):
        await send(create, "POST")


async def test_a_create_is_resent_after_429_but_not_after_a_503_that_may_have_committed() -> None:
    throttled, _, _ = retrying(Script([reply(429, headers={"Retry-After": "1"}), reply(201)]))
    assert (await send(throttled, "POST")).status_code == 201

    unavailable, clock, _ = retrying(Script([reply(503), reply(201)]))
    assert (await send(unavailable, "POST")).status_code == 503
    assert clock.sleeps == []


async def test_a_post_marked_safe_to_resend_is_retried_after_a_503() -> None:
    transport, _, stats = retrying(Script([reply(503), reply(200)]))
    assert (await send(transport, "POST", **{RETRY_SAFE: True})).status_code == 200
    assert stats.retries == {"503": 1}


def test_retry_after_is_read_as_seconds_or_as_an_http_date() -> None:
    assert parse_retry_after("12") == 12.0
    assert parse_retry_after("Sun, 29 Nov 2026 09:00:30 GMT", now=1795942800.0) == 30.0
    assert parse_retry_after(None) is None
