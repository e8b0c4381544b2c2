"""The pacing layer: requests are spread to each workload's rate instead of provoking 429s."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from tenantctl.graph import ClientStats, Pacing
from tenantctl.graph.budgets import (
    charges_of,
    charges_of_batch,
    directory_cost,
    sharepoint_cost,
    workload_of,
)
from tenantctl.graph.pacing import PacingTransport
from tenantctl.graph.sharepoint_batch import SharePointCall, encode
from tests.unit.graph.fakes import FakeClock, reply


def paced(rates: tuple[tuple[str, float], ...]) -> tuple[PacingTransport, FakeClock, ClientStats]:
    clock, stats = FakeClock(), ClientStats()
    network = httpx.MockTransport(lambda request: reply(200))
    return PacingTransport(network, Pacing(rates=rates, spans=()), clock, stats), clock, stats


async def get(transport: PacingTransport, path: str) -> None:
    await transport.handle_async_request(httpx.Request("GET", f"https://graph.test/v1.0/{path}"))


async def test_a_burst_within_the_rate_is_not_delayed() -> None:
    transport, clock, _ = paced((("teams", 5.0),))
    for _ in range(5):
        await get(transport, "teams/1")
    assert clock.sleeps == []


async def test_requests_beyond_the_rate_wait_for_the_second_to_pass() -> None:
    transport, clock, stats = paced((("teams", 2.0),))
    for _ in range(6):
        await get(transport, "teams/1")
    assert clock.sleeps == [1.0, 1.0]
    assert stats.paced_wait == 2.0
    assert stats.requests == 6


async def test_a_request_counts_until_a_second_after_its_answer() -> None:
    clock, stats = FakeClock(), ClientStats()

    def slow(request: httpx.Request) -> httpx.Response:
        clock.time += 0.5  # Graph may count it anywhere between sending and answering
        return reply(200)

    network = httpx.MockTransport(slow)
    transport = PacingTransport(network, Pacing(rates=(("teams", 1.0),)), clock, stats)
    await get(transport, "teams/1")
    await get(transport, "teams/1")
    assert clock.sleeps == [1.0]
    assert clock.time == 2.0


async def test_requests_in_flight_fill_the_second_until_they_are_answered() -> None:
    clock, stats = FakeClock(), ClientStats()
    answer = asyncio.Event()

    async def held(request: httpx.Request) -> httpx.Response:
        await answer.wait()
        return reply(200)

    transport = PacingTransport(
        httpx.MockTransport(held), Pacing(rates=(("teams", 1.0),)), clock, stats
    )
    first = asyncio.create_task(get(transport, "teams/1"))
    second = asyncio.create_task(get(transport, "teams/1"))
    await asyncio.sleep(0)
    assert stats.requests == 1
    answer.set()
    await asyncio.gather(first, second)
    assert stats.requests == 2
    assert clock.sleeps == [1.0]


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


def test_mailbox_requests_draw_on_outlook_per_mailbox_not_on_the_directory() -> None:
    graph = "https://graph.test/v1.0"
    drawn = [
        [(c.budget, c.key) for c in charges_of(method, f"{graph}/{path}")]
        for method, path in (
            ("PATCH", "users/U1/mailboxSettings"),
            ("GET", "users/u1/mailboxSettings?$select=timeZone"),
            ("GET", "users/u2/outlook/supportedTimeZones"),
        )
    ]
    assert drawn == [
        [("outlook", "outlook:u1")],
        [("outlook", "outlook:u1")],
        [("outlook", "outlook:u2")],
    ]
    assert Pacing().rate("outlook") == 10_000 / 600


async def test_a_429_holds_its_workload_so_requests_in_flight_wait_instead_of_piling_up() -> None:
    clock, stats = FakeClock(), ClientStats()
    answers = [reply(429, headers={"Retry-After": "3"}), reply(200), reply(200)]
    network = httpx.MockTransport(lambda request: answers.pop(0))
    transport = PacingTransport(network, Pacing(rates=(("teams", 100.0),)), clock, stats)

    await get(transport, "teams/1")
    await get(transport, "users/1")
    await get(transport, "teams/2")

    assert clock.sleeps == [3.0]


def test_the_default_rates_are_graphs_published_limits_per_app_per_tenant() -> None:
    pacing = Pacing()
    assert pacing.rate("teams.create") == 10.0
    assert pacing.rate("teams.read") == 30.0
    assert pacing.rate("teams.perTeam") == 4.0
    assert pacing.rate("directory") * pacing.span("directory") == 3500.0
    assert pacing.rate("directory.writes") * pacing.span("directory.writes") == 3000.0
    assert pacing.rate("invitations") * pacing.span("invitations") == 150.0
    assert pacing.rate("sharepoint") * pacing.span("sharepoint") == 1200.0
    assert pacing.span("teams.read") == 1.0


def test_sharepoint_requests_cost_sharepoints_resource_units() -> None:
    graph, admin = "https://graph.test/v1.0", "https://contoso-admin.sharepoint.com"
    assert sharepoint_cost("GET", f"{graph}/groups/g1/sites/root?$select=id,webUrl") == 1.0
    assert sharepoint_cost("GET", f"{graph}/admin/sharepoint/settings") == 1.0
    assert sharepoint_cost("GET", f"{graph}/sites?search=finance") == 2.0
    assert sharepoint_cost("PATCH", f"{graph}/admin/sharepoint/settings") == 2.0
    assert sharepoint_cost("GET", f"{graph}/sites/s1/permissions") == 5.0
    assert sharepoint_cost("POST", f"{admin}/_api/$batch") == 2.0
    assert [(c.budget, c.cost) for c in charges_of("GET", f"{graph}/groups/g1/sites/root")] == [
        ("sharepoint", 1.0)
    ]


def test_a_budget_without_a_rate_of_its_own_takes_its_workloads() -> None:
    pacing = Pacing(rates=(("teams", 5.0),), default_rate=1.0)
    assert pacing.rate("teams.perTeam") == 5.0
    assert pacing.rate("sharepoint") == 1.0


def test_teams_requests_draw_on_their_request_type_and_on_their_team_or_channel() -> None:
    budgets = {
        (method, path): [(charge.budget, charge.key) for charge in charges_of(method, url)]
        for method, path in [
            ("POST", "teams"),
            ("GET", "teams('t1')/operations('op')"),
            ("GET", "groups/t1/team"),
            ("POST", "teams/t1/channels"),
            ("GET", "teams/t1/channels/c1"),
        ]
        for url in [f"https://graph.test/v1.0/{path}"]
    }
    assert budgets == {
        ("POST", "teams"): [("teams.create", "teams.create")],
        ("GET", "teams('t1')/operations('op')"): [
            ("teams.read", "teams.read"),
            ("teams.perTeam", "teams.perTeam:t1"),
        ],
        ("GET", "groups/t1/team"): [
            ("teams.read", "teams.read"),
            ("teams.perTeam", "teams.perTeam:t1"),
        ],
        ("POST", "teams/t1/channels"): [
            ("teams.write", "teams.write"),
            ("teams.perTeam", "teams.perTeam:t1"),
        ],
        ("GET", "teams/t1/channels/c1"): [
            ("teams.read", "teams.read"),
            ("teams.perTeam", "teams.perTeam:t1/c1"),
        ],
    }


def test_directory_requests_cost_graphs_resource_units_and_writes_draw_on_the_write_quota() -> None:
    assert directory_cost("GET", "https://graph.test/v1.0/users") == 2.0
    assert directory_cost("GET", "https://graph.test/v1.0/users?$select=id") == 1.0
    assert directory_cost("GET", "https://graph.test/v1.0/groups/g1/members") == 3.0
    assert directory_cost("GET", "https://graph.test/v1.0/subscribedSkus?$expand=x") == 4.0
    assert directory_cost("GET", "https://graph.test/v1.0/groups/g1") == 1.0
    post = charges_of("POST", "https://graph.test/v1.0/groups")
    assert [(charge.budget, charge.cost) for charge in post] == [
        ("directory", 1.0),
        ("directory.writes", 1.0),
    ]


async def test_one_team_is_paced_to_its_own_limit_while_other_teams_are_not_held_up() -> None:
    transport, clock, _ = paced((("teams.read", 100.0), ("teams.perTeam", 2.0)))
    for _ in range(3):
        await get(transport, "teams/1")
    await get(transport, "teams/2")
    assert clock.sleeps == [1.0]


async def test_a_budget_counted_over_a_longer_span_lets_its_units_go_at_once() -> None:
    clock, stats = FakeClock(), ClientStats()
    pacing = Pacing(rates=(("directory", 2.0),), spans=(("directory", 10.0),))
    network = httpx.MockTransport(lambda request: reply(200))
    transport = PacingTransport(network, pacing, clock, stats)
    for _ in range(21):
        await get(transport, "groups/1")
    assert clock.sleeps == [10.0]


async def batch(transport: PacingTransport, urls: list[str]) -> None:
    requests = [{"id": str(n), "method": "GET", "url": url} for n, url in enumerate(urls)]
    body = json.dumps({"requests": requests}).encode()
    await transport.handle_async_request(
        httpx.Request("POST", "https://graph.test/v1.0/$batch", content=body)
    )


async def test_a_batch_draws_on_the_budgets_of_each_request_it_carries() -> None:
    transport, clock, _ = paced((("teams.read", 30.0), ("teams.perTeam", 100.0)))
    await batch(transport, [f"/teams/{n}" for n in range(20)])
    assert clock.sleeps == []
    await batch(transport, [f"/teams/{n}" for n in range(20, 40)])  # 40 reads > 30 a second
    assert clock.sleeps == [1.0]


async def test_batches_carrying_the_same_teams_in_other_orders_both_go() -> None:
    """One team a second: the first batch fills team 1's window and waits for team 3's (a read
    in flight), the second fills team 2's and needs team 1's; were windows taken in each
    batch's own order, the first would then wait for team 2's, and neither would ever go."""
    clock, stats = FakeClock(), ClientStats()
    team_3_answers = asyncio.Event()

    async def network(request: httpx.Request) -> httpx.Response:
        if request.method == "GET":
            await team_3_answers.wait()
        return reply(200)

    pacing = Pacing(rates=(("teams.read", 100.0), ("teams.perTeam", 1.0)), spans=())
    transport = PacingTransport(httpx.MockTransport(network), pacing, clock, stats)
    in_flight = asyncio.create_task(get(transport, "teams/3"))
    await asyncio.sleep(0)
    first = asyncio.create_task(batch(transport, ["/teams/1", "/teams/3", "/teams/2"]))
    await asyncio.sleep(0)
    second = asyncio.create_task(batch(transport, ["/teams/2", "/teams/1"]))
    await asyncio.sleep(0)
    team_3_answers.set()
    await asyncio.wait_for(asyncio.gather(in_flight, first, second), timeout=5)
    assert stats.requests == 3


def test_a_batch_s_draws_on_one_bucket_are_added_up() -> None:
    body = {"requests": [{"id": "1", "method": "GET", "url": "/users/a?$select=id"}] * 3}
    assert [(c.budget, c.cost) for c in charges_of_batch(json.dumps(body).encode())] == [
        ("directory", 3.0)
    ]
    assert charges_of_batch(b"not json") == []


def test_a_share_of_the_budgets_scales_every_per_app_budget_not_the_per_team_one() -> None:
    whole, third = Pacing(), Pacing().shared(1 / 3)
    for budget in ("teams.create", "teams.read", "directory", "directory.writes", "sharepoint"):
        assert third.rate(budget) * 3 == pytest.approx(whole.rate(budget)), budget
        assert third.span(budget) == whole.span(budget)
    assert third.rate("teams.read") == pytest.approx(10.0)
    assert third.rate("anything.else") * 3 == pytest.approx(whole.rate("anything.else"))
    assert third.rate("teams.perTeam") == whole.rate("teams.perTeam") == 4.0


async def test_at_half_the_budget_a_burst_waits_for_the_second_half_as_often() -> None:
    clock, network = FakeClock(), httpx.MockTransport(lambda request: reply(200))
    half = Pacing(rates=(("teams", 30.0),), spans=()).shared(0.5)
    transport = PacingTransport(network, half, clock, ClientStats())
    await asyncio.gather(*(get(transport, "teams/t") for _ in range(15)))
    assert clock.now() == 0.0
    await get(transport, "teams/t")
    assert clock.now() >= 1.0


async def test_a_sharepoint_batch_draws_on_the_budget_for_each_operation_it_carries() -> None:
    admin = "https://contoso-admin.sharepoint.com"
    calls = [
        SharePointCall(f"{admin}/_api/GetSitePropertiesByUrl", {"url": f"{admin}/sites/s{n}"})
        for n in range(100)
    ]
    content_type, body = encode(calls)
    clock, stats = FakeClock(), ClientStats()
    network = httpx.MockTransport(lambda request: reply(200))
    pacing = Pacing(rates=(("sharepoint", 20.0),), spans=(("sharepoint", 60.0),))
    transport = PacingTransport(network, pacing, clock, stats)

    async def send() -> None:
        headers = {"Content-Type": content_type}
        request = httpx.Request("POST", f"{admin}/_api/$batch", content=body, headers=headers)
        await transport.handle_async_request(request)

    for _ in range(6):  # 6 x 100 operations x 2 units: the whole minute's 1,200
        await send()
    assert clock.sleeps == []
    await send()
    assert clock.sleeps == [60.0]  # the seventh waits for the minute to pass


async def test_a_budget_known_at_run_time_replaces_the_pacings() -> None:
    transport, clock, _ = paced((("teams", 1.0),))
    transport.set_limit("teams.read", 3.0, 1.0)
    for team in range(4):
        await get(transport, f"teams/{team}")
    assert clock.sleeps == [1.0]  # three a second, not one


async def test_a_budget_known_at_run_time_is_taken_at_the_pacings_share() -> None:
    clock, network = FakeClock(), httpx.MockTransport(lambda request: reply(200))
    third = Pacing(rates=(("teams", 1.0),), spans=()).shared(1 / 3)
    transport = PacingTransport(network, third, clock, ClientStats())
    transport.set_limit("teams.read", 9.0, 1.0)
    for team in range(4):
        await get(transport, f"teams/{team}")
    assert clock.sleeps == [1.0]  # three a second: a third of the nine learnt
