"""The group lifecycle policy and its selected groups through the providers, on the local tenant."""

from __future__ import annotations

import pytest

from tests.integration.graph_layer.conftest import MakeProvider, lifecycle, make_group
from tests.support.local_tenant_fixture import LocalTenantHandle

pytestmark = pytest.mark.integration


def test_the_policy_is_created_changed_and_deleted(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    outcome = lifecycle(
        provider("GroupLifecyclePolicy"),
        {
            "lifetime_days": 30,  # the least Entra accepts
            "managed_group_types": "selected",
            "notification_emails": ["DSI@ville.example", "o'neil@ville.example"],
        },
        {"lifetime_days": 365, "notification_emails": ["dsi@ville.example"]},
    )
    assert outcome.read["notification_emails"] == ["DSI@ville.example", "o'neil@ville.example"]
    assert outcome.reread["lifetime_days"] == 365
    assert local_tenant.admin.graph("GET", "/groupLifecyclePolicies")["value"] == []


def test_an_existing_policy_is_adopted_not_duplicated(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    existing = local_tenant.admin.graph(
        "POST",
        "/groupLifecyclePolicies",
        {"groupLifetimeInDays": 180, "managedGroupTypes": "All"},
    )
    policy = provider("GroupLifecyclePolicy")
    news = policy.check({}, {"lifetime_days": 180, "managed_group_types": "All"}).inputs
    assert policy.create(news).id == existing["id"]


def test_a_lifetime_under_30_whole_days_fails_in_check_without_a_request(
    provider: MakeProvider,
) -> None:
    policy = provider("GroupLifecyclePolicy")

    def failures(days: float) -> list[tuple[str, str]]:
        checked = policy.check({}, {"lifetime_days": days, "managed_group_types": "Selected"})
        return [(f.property, f.reason) for f in checked.failures]

    assert failures(30.0) == []  # the engine sends numbers as floats
    reason = "GroupLifecyclePolicy: lifetime_days is {}; Entra needs at least 30 whole days"
    assert failures(29) == [("lifetime_days", reason.format(29))]
    assert failures(30.5) == [("lifetime_days", reason.format(30.5))]


def test_a_selected_group_expires_until_it_is_removed(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    policies = provider("GroupLifecyclePolicy")
    declared = policies.check({}, {"lifetime_days": 180, "managed_group_types": "Selected"})
    policy = policies.create(declared.inputs).id
    group = make_group(provider, local_tenant, "expiring")
    member = provider("GroupLifecyclePolicyGroup")
    news = member.check({}, {"policy_id": policy, "group_id": group}).inputs

    created = member.create(news)
    assert local_tenant.admin.graph("GET", f"/groups/{group}")["expirationDateTime"] is not None
    assert member.read(created.id, created.outs).outs == {"policy_id": policy, "group_id": group}
    assert member.create(news).id == created.id  # found managed: adopted

    local_tenant.admin.graph(
        "POST", f"/groupLifecyclePolicies/{policy}/removeGroup", {"groupId": group}
    )
    gone = member.read(created.id, created.outs)
    assert (gone.id, gone.outs) == ("", {})  # removed by hand: drift, and up adds it again
    member.create(news)
    member.delete(created.id, created.outs)
    assert local_tenant.admin.graph("GET", f"/groups/{group}")["expirationDateTime"] is None
