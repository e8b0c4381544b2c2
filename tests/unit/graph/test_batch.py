"""The batching layer: 20 per batch, dependent requests together, throttled items retried."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenantctl.graph import BatchItem, ClientStats, RetryBudgetExhausted, RetryPolicy
from tenantctl.graph.batch import Batcher, BatchShare, split
from tenantctl.graph.settings import Pacing
from tests.unit.graph.fakes import FakeClock

SHARE = BatchShare(Pacing())
"""Graph's published budgets: a batch carries at most half of any."""


def items(count: int, prefix: str = "r") -> list[BatchItem]:
    return [BatchItem(f"{prefix}{n}", "GET", f"/users/{n}") for n in range(count)]


def test_45_requests_make_three_batches_of_at_most_20() -> None:
    assert [len(batch) for batch in split(items(45), SHARE)] == [20, 20, 5]


def test_requests_linked_by_depends_on_stay_in_one_batch() -> None:
    head = items(19)
    chain = [
        BatchItem("a", "POST", "/groups", {}),
        BatchItem("b", "POST", "/groups/x/owners/$ref", {}, depends_on=("a",)),
    ]
    batches = split(head + chain, SHARE)
    assert [len(batch) for batch in batches] == [19, 2]
    assert [item.id for item in batches[1]] == ["a", "b"]


def test_a_batch_carries_at_most_half_of_a_teams_budget_and_mixes_in_other_reads() -> None:
    teams = [BatchItem(f"t{n}", "GET", f"/teams/{n}") for n in range(20)]
    lists = [BatchItem(f"c{n}", "GET", f"/teams/{n}/channels") for n in range(20)]
    batches = split(teams + lists + items(5), SHARE)
    # Teams allows 30 team reads and 60 list reads a second: 15 and 30 per batch.
    assert [len(batch) for batch in batches] == [20, 20, 5]
    first = [item.id for item in batches[0]]
    assert first == [f"t{n}" for n in range(15)] + [f"c{n}" for n in range(5)]
    assert sum(item.id.startswith("t") for batch in batches for item in batch) == 20


def test_a_batch_reads_one_team_at_most_twice() -> None:
    """Teams allows 4 requests a second on one team or channel."""
    same_team = [BatchItem(f"m{n}", "GET", f"/teams/one/members/{n}") for n in range(5)]
    assert [len(batch) for batch in split(same_team, SHARE)] == [2, 2, 1]


def test_a_dependency_chain_longer_than_a_batch_is_refused() -> None:
    chain = [BatchItem("0", "GET", "/x")] + [
        BatchItem(str(n), "GET", "/x", depends_on=(str(n - 1),)) for n in range(1, 21)
    ]
    with pytest.raises(ValueError, match="21 requests depend on each other"):
        split(chain, SHARE)


def test_depending_on_an_unknown_request_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown item 'zz'"):
        split([BatchItem("a", "GET", "/x", depends_on=("zz",))], SHARE)


def test_the_json_form_is_graphs_batch_request_shape() -> None:
    item = BatchItem("2", "POST", "groups/1/owners/$ref", {"@odata.id": "u"}, depends_on=("1",))
    assert item.to_json() == {
        "id": "2",
        "method": "POST",
        "url": "/groups/1/owners/$ref",
        "body": {"@odata.id": "u"},
        "headers": {"Content-Type": "application/json"},
        "dependsOn": ["1"],
    }


class BatchServer:
    """Answers batches from per-round verdicts: {id: (status, headers)}; default 200."""

    def __init__(self, rounds: list[dict[str, tuple[int, dict[str, str]]]]) -> None:
        self.rounds = rounds
        self.sent: list[list[str]] = []

    async def __call__(self, requests: list[dict[str, Any]]) -> list[dict[str, Any]]:
        self.sent.append([r["id"] for r in requests])
        verdicts = self.rounds.pop(0) if self.rounds else {}
        return [
            {
                "id": r["id"],
                "status": verdicts.get(r["id"], (200, {}))[0],
                "headers": verdicts.get(r["id"], (200, {}))[1],
                "body": {"id": r["id"]},
            }
            for r in requests
        ]


async def test_throttled_items_alone_are_sent_again_after_the_longest_retry_after() -> None:
    server = BatchServer([{"r1": (429, {"Retry-After": "3"}), "r2": (429, {"Retry-After": "5"})}])
    clock, stats = FakeClock(), ClientStats()

    results = await Batcher(server, RetryPolicy(), clock, stats, SHARE).run(items(4))

    assert server.sent == [["r0", "r1", "r2", "r3"], ["r1", "r2"]]
    assert clock.sleeps == [5.0]
    assert {r.status for r in results.values()} == {200}
    assert stats.retries == {"429": 2}
    assert stats.batches == 2


async def test_a_request_that_failed_because_its_dependency_was_throttled_is_retried_with_it() -> (
    None
):
    chain = [BatchItem("a", "POST", "/groups", {}), BatchItem("b", "GET", "/x", depends_on=("a",))]
    server = BatchServer([{"a": (429, {"Retry-After": "1"}), "b": (424, {})}])

    results = await Batcher(server, RetryPolicy(), FakeClock(), ClientStats(), SHARE).run(chain)

    assert server.sent == [["a", "b"], ["a", "b"]]
    assert results["b"].status == 200


async def test_items_still_throttled_past_the_budget_fail_the_batch() -> None:
    server = BatchServer([{"r0": (429, {"Retry-After": "30"})}] * 5)

    with pytest.raises(RetryBudgetExhausted):
        await Batcher(server, RetryPolicy(budget=60), FakeClock(), ClientStats(), SHARE).run(
            items(1)
        )


@given(st.lists(st.integers(min_value=1, max_value=20), min_size=1, max_size=12))
def test_any_mix_of_chains_packs_into_full_batches_that_keep_each_chain_whole(
    chain_lengths: list[int],
) -> None:
    chains = [
        [
            BatchItem(f"{c}-{n}", "GET", "/x", depends_on=(f"{c}-{n - 1}",) if n else ())
            for n in range(length)
        ]
        for c, length in enumerate(chain_lengths)
    ]
    batches = split([item for chain in chains for item in chain], SHARE)

    assert all(len(batch) <= 20 for batch in batches)
    where = {item.id: i for i, batch in enumerate(batches) for item in batch}
    assert all(len({where[item.id] for item in chain}) == 1 for chain in chains)
    assert sum(map(len, batches)) == sum(chain_lengths)
