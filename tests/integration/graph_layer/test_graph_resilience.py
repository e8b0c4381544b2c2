"""Throttling, transient errors, replication delay and interrupted creates, injected by the
local tenant's fault layer: survived with exactly the retries they call for, or failed loudly."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from tenantctl.graph import RetryBudgetExhausted
from tests.integration.graph_layer.conftest import (
    MakeProvider,
    client_stats,
    lifecycle,
    make_group,
    members,
    team_body,
)
from tests.support.local_tenant_fixture import LocalTenantHandle

pytestmark = pytest.mark.integration


def group_inputs(tenant: LocalTenantHandle, nickname: str) -> dict[str, Any]:
    people = members(tenant, 4)
    return {
        "display_name": nickname.title(),
        "mail_nickname": nickname,
        "owners": people[:2],
        "members": people[2:],
        "retain_on_delete": False,
    }


def answered(tenant: LocalTenantHandle, status: int) -> int:
    return int(tenant.admin.counters()["statuses"].get(str(status), 0))


def test_a_429_storm_is_paced_through_with_one_retry_per_429(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    group = provider("Group")
    local_tenant.admin.call("DELETE", "/_admin/counters")
    local_tenant.admin.set_faults(
        {"throttle": {"enabled": True, "budgets": {"directory.S": {"limit": 6, "window_s": 1}}}}
    )
    before = client_stats(group).retries["429"]

    lifecycle(group, group_inputs(local_tenant, "storm"), {"display_name": "Storm 2"})

    throttled = answered(local_tenant, 429)
    assert throttled > 0
    assert client_stats(group).retries["429"] - before == throttled


def test_503s_are_retried_once_each_and_the_resource_converges(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    group = provider("Group", retryBaseDelaySeconds="0.05")
    local_tenant.admin.call("DELETE", "/_admin/counters")
    local_tenant.admin.set_faults({"seed": 3, "transient": {"rate": 0.25, "statuses": [503]}})
    stats = client_stats(group)
    before = stats.retries["503"] + stats.retries["lost-create"]

    outcome = lifecycle(group, group_inputs(local_tenant, "flaky"), {"description": "Flaky"})

    failed = answered(local_tenant, 503)
    assert failed > 0
    assert stats.retries["503"] + stats.retries["lost-create"] - before == failed
    assert outcome.reread["description"] == "Flaky"


def test_unrelenting_unavailability_fails_with_the_retry_budget_named(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    group = provider("Group", retryBudgetSeconds="3")
    group_id = make_group(provider, local_tenant, "down")
    local_tenant.admin.set_faults({"transient": {"rate": 1.0, "statuses": [503]}})

    with pytest.raises(RetryBudgetExhausted, match=r"still 503 after \d+ retries"):
        group.read(group_id, {"owners": [], "members": []})


def test_a_team_on_a_group_teams_cannot_see_yet_waits_for_replication(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    local_tenant.admin.set_faults({"replication": {"teams_delay_s": 2}})
    group_id = make_group(provider, local_tenant, "fresh")
    team = provider("Team")
    before = client_stats(team).retries["not-found"]

    created = team.create(team.check({}, {"group_id": group_id, "body": team_body("Fresh")}).inputs)

    assert created.id == group_id
    assert client_stats(team).retries["not-found"] > before


def test_a_create_interrupted_after_graph_accepted_it_leaves_one_object(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    inputs = group_inputs(local_tenant, "interrupted")
    group = provider("Group", retryBudgetSeconds="2")
    checked = group.check({}, inputs).inputs
    local_tenant.admin.set_faults(
        {"workloads": {"directory": {"drop": {"after_commit_rate": 1.0}}}}
    )

    with pytest.raises(Exception):  # noqa: B017 - the first run dies with the connection
        group.create(checked)

    local_tenant.admin.set_faults({})
    again = group.create(checked)

    found = local_tenant.admin.graph("GET", "/groups?$filter=mailNickname eq 'interrupted'")
    assert [g["id"] for g in found["value"]] == [again.id]


def test_a_team_created_by_an_earlier_run_is_adopted(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    group_id = make_group(provider, local_tenant, "adopted")
    outside = local_tenant.admin.graph("PUT", f"/groups/{group_id}/team", {})
    team = provider("Team")

    created = team.create(
        team.check({}, {"group_id": group_id, "body": team_body("Adopted")}).inputs
    )

    assert created.id == group_id == outside["id"]
    live = local_tenant.admin.graph("GET", f"/teams/{group_id}")
    assert live["displayName"] == "Adopted"


def test_adopt_id_takes_over_a_channel_made_outside(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    group_id = make_group(provider, local_tenant, "outside")
    local_tenant.admin.graph("PUT", f"/groups/{group_id}/team", {})
    made = local_tenant.admin.graph(
        "POST", f"/teams/{group_id}/channels", {"displayName": "Legacy"}
    )
    channel = provider("Channel")
    inputs = {"team_id": group_id, "display_name": "Archive", "adopt_id": made["id"]}

    created = channel.create(channel.check({}, inputs).inputs)

    assert created.id == made["id"]
    names = [
        c["displayName"]
        for c in local_tenant.admin.graph("GET", f"/teams/{group_id}/channels")["value"]
    ]
    assert "Archive" in names and "Legacy" not in names


def test_resources_created_in_parallel_share_one_paced_client(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    group = provider("Group")
    local_tenant.admin.call("DELETE", "/_admin/counters")
    local_tenant.admin.set_faults(
        {"throttle": {"enabled": True, "budgets": {"directory.S": {"limit": 10, "window_s": 1}}}}
    )
    names = [f"parallel-{n}" for n in range(8)]
    inputs = [group.check({}, {"display_name": n, "mail_nickname": n}).inputs for n in names]
    before = client_stats(group).retries["429"]

    with ThreadPoolExecutor(max_workers=8) as pool:
        created = list(pool.map(group.create, inputs))

    assert len({c.id for c in created}) == 8
    assert client_stats(group).retries["429"] - before == answered(local_tenant, 429)
    for name in names:
        found = local_tenant.admin.graph("GET", f"/groups?$filter=mailNickname eq '{name}'")
        assert len(found["value"]) == 1


def test_a_channel_made_while_its_create_waited_on_a_429_is_adopted_not_refused(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    """Between the create's look-up and its POST the channel's name was taken (here by another
    writer while the POST waited out a 429; at scale, by an earlier attempt that landed late):
    Teams answers 409 NameAlreadyExists, and the create looks again and adopts that channel."""
    group_id = make_group(provider, local_tenant, "late")
    local_tenant.admin.graph("PUT", f"/groups/{group_id}/team", {})
    channel = provider("Channel")
    first = channel.check({}, {"team_id": group_id, "display_name": "Autre"}).inputs
    late = channel.check({}, {"team_id": group_id, "display_name": "Projets"}).inputs
    local_tenant.admin.call("DELETE", "/_admin/counters")
    local_tenant.admin.set_faults(
        {"throttle": {"enabled": True, "budgets": {"teams.write": {"limit": 1, "window_s": 3}}}}
    )
    channel.create(first)  # the app's one channel write of the window

    with ThreadPoolExecutor(max_workers=1) as pool:
        creating = pool.submit(channel.create, late)
        deadline = time.monotonic() + 10
        while not answered(local_tenant, 429):
            assert time.monotonic() < deadline, "the create's POST was never throttled"
            time.sleep(0.02)
        made = local_tenant.admin.graph(
            "POST", f"/teams/{group_id}/channels", {"displayName": "Projets"}
        )
        created = creating.result(30)

    assert created.id == made["id"]
    listed = local_tenant.admin.graph("GET", f"/teams/{group_id}/channels")["value"]
    assert sorted(c["displayName"] for c in listed) == ["Autre", "General", "Projets"]
