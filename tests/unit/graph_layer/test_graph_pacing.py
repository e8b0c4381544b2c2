"""The pacing layer: requests are spread to each workload's rate instead of provoking 429s."""

from __future__ import annotations

import httpx

from tenantctl.graph import ClientStats, Pacing
from tenantctl.graph.pacing import PacingTransport, workload_of
from tests.unit.graph_layer.fakes import FakeClock, reply


def paced(rates: tuple[tuple[str, float], ...]) -> tuple[PacingTransport, FakeClock, ClientStats]:
    clock, stats = FakeClock(), ClientStats()
    network = httpx.MockTransport(lambda request: reply(200))
    return PacingTransport(network, Pacing(rates=rates), clock, stats), clock, stats


async def get(transport: PacingTransport, path: str) -> None:
    await transport.handle_async_request(httpx.Request("GET", f"https://graph.test/v1.0/{path}"))


async def test_a_burst_within_the_rate_is_not_delayed() -> None:
    transport, clock, _ = paced((("teams", 5.0),))
    for _ in range(5):
        await get(transport, "teams/1")
    assert clock.sleeps == []


async def test_requests_beyond_the_rate_are_spaced_out() -> None:
    transport, clock, stats = paced((("teams", 2.0),))
    for _ in range(6):
        await get(transport, "teams/1")
    assert clock.sleeps == [0.5, 0.5, 0.5, 0.5]
    assert stats.paced_wait == 2.0
    assert stats.requests == 6


async def test_each_workload_has_its_own_budget() -> None:
    transport, clock, _ = paced((("teams", 1.0), ("directory", 1.0)))
    await get(transport, "teams/1")
    await get(transport, "groups/1")
    await get(transport, "users/1")
    assert clock.sleeps == [1.0]


def test_requests_are_counted_against_the_workload_graph_throttles_them_by() -> None:
    assert workload_of("https://graph.test/v1.0/teams('x')/channels") == "teams"
    assert workload_of("https://graph.test/v1.0/groups/x/members/$ref") == "directory"
    assert workload_of("https://graph.test/v1.0/admin/sharepoint/settings") == "sharepoint"
    assert workload_of("https://contoso-admin.sharepoint.com/_api/x") == "sharepoint"
    assert workload_of("https://graph.test/v1.0/policies/crossTenantAccessPolicy") == "identity"


async def test_a_429_holds_its_workload_so_requests_in_flight_wait_instead_of_piling_up() -> None:
    clock, stats = FakeClock(), ClientStats()
    answers = [reply(429, headers={"Retry-After": "3"}), reply(200), reply(200)]
    network = httpx.MockTransport(lambda request: answers.pop(0))
    transport = PacingTransport(network, Pacing(rates=(("teams", 100.0),)), clock, stats)

    await get(transport, "teams/1")
    await get(transport, "users/1")
    await get(transport, "teams/2")

    assert clock.sleeps == [3.0]
