"""The guest sign-in conditional access policy through its provider, on the local tenant."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.graph_layer.conftest import MakeProvider, lifecycle, members
from tests.support.local_tenant_fixture import LocalTenantHandle

pytestmark = pytest.mark.integration

PATH = "/identity/conditionalAccess/policies"
PARTNER_TENANT = "3f2b8c1e-7d4a-4e6b-9a1c-5d8e2f0b7a64"
NAME = "Invités d'Éole : MFA"


def policy_inputs(break_glass: list[str], **changes: Any) -> dict[str, Any]:
    return {
        "display_name": NAME,
        "state": "enabledForReportingButNotEnforced",
        "guest_types": ["b2bCollaborationGuest", "b2bCollaborationMember"],
        "grant_controls": ["mfa"],
        "exclude_users": break_glass,
        **changes,
    }


def live(tenant: LocalTenantHandle, id_: str) -> dict[str, Any]:
    return dict(tenant.admin.graph("GET", f"{PATH}/{id_}"))


def test_the_policy_is_created_enforced_and_deleted(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    people = members(local_tenant, 3)
    seen: dict[str, Any] = {}
    policy = provider("ConditionalAccessPolicy")
    original_update = policy.update

    def watch(id_: str, olds: dict[str, Any], news: dict[str, Any]) -> Any:
        seen.update(live(local_tenant, id_))
        return original_update(id_, olds, news)

    policy.update = watch  # type: ignore[method-assign]
    outcome = lifecycle(
        policy,
        policy_inputs([people[0].upper(), people[1]]),
        {"state": "Enabled", "exclude_users": [people[2]], "external_tenants": [PARTNER_TENANT]},
    )
    users = seen["conditions"]["users"]
    assert seen["state"] == "enabledForReportingButNotEnforced"
    assert users["includeGuestsOrExternalUsers"]["guestOrExternalUserTypes"] == (
        "b2bCollaborationGuest,b2bCollaborationMember"
    )
    assert users["includeGuestsOrExternalUsers"]["externalTenants"]["membershipKind"] == "all"
    assert len(users["excludeUsers"]) == 2
    assert seen["grantControls"]["builtInControls"] == ["mfa"]
    assert seen["conditions"]["applications"]["includeApplications"] == ["All"]
    assert outcome.read["exclude_users"] == sorted([people[0].upper(), people[1]])
    assert outcome.reread["state"] == "Enabled"  # as given: Graph's spelling in any case
    assert outcome.reread["exclude_users"] == [people[2]]
    assert outcome.reread["external_tenants"] == [PARTNER_TENANT]
    assert local_tenant.admin.graph("GET", PATH)["value"] == []


def test_a_policy_switched_off_or_with_other_exclusions_by_hand_reads_as_drift(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    people = members(local_tenant, 3)
    policy = provider("ConditionalAccessPolicy")
    news = policy.check({}, policy_inputs(people[:2])).inputs
    created = policy.create(news)
    intruder = local_tenant.admin.graph("GET", f"/users/{people[2]}")["id"]
    local_tenant.admin.graph(
        "PATCH",
        f"{PATH}/{created.id}",
        {"state": "disabled", "conditions": {"users": {"excludeUsers": [intruder]}}},
    )
    read = policy.read(created.id, created.outs)
    assert read.outs["state"] == "disabled"
    assert read.outs["exclude_users"] == [people[2].lower()]
    diff = policy.diff(created.id, read.outs, news)
    assert diff.changes is True
    assert not diff.replaces
    policy.update(created.id, read.outs, news)
    repaired = policy.read(created.id, read.outs)
    assert policy.diff(created.id, repaired.outs, news).changes is False


def test_a_policy_deleted_by_hand_reads_as_gone(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    policy = provider("ConditionalAccessPolicy")
    news = policy.check({}, policy_inputs(members(local_tenant, 1))).inputs
    created = policy.create(news)
    local_tenant.admin.graph("DELETE", f"{PATH}/{created.id}")
    assert policy.read(created.id, created.outs).id in (None, "")


def test_an_existing_policy_of_that_name_is_adopted_not_duplicated(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    people = members(local_tenant, 1)
    policy = provider("ConditionalAccessPolicy")
    news = policy.check({}, policy_inputs(people)).inputs
    first = policy.create(news)
    again = policy.create(news)
    assert again.id == first.id
    assert len(local_tenant.admin.graph("GET", PATH)["value"]) == 1


@pytest.mark.parametrize(
    ("changes", "failure"),
    [
        ({"guest_types": ["partnerGuest"]}, "guest_types"),
        ({"grant_controls": ["block", "mfa"]}, "grant_controls"),
        ({"state": "on"}, "state"),
        ({"external_tenants": ["contoso.example"]}, "external_tenants"),
        ({"applications": ["Teams"]}, "applications"),
        ({"guest_types": []}, "guest_types"),
    ],
)
def test_what_graph_would_refuse_fails_in_check_without_a_request(
    local_tenant: LocalTenantHandle, provider: MakeProvider, changes: dict[str, Any], failure: str
) -> None:
    policy = provider("ConditionalAccessPolicy", roles=[])
    checked = policy.check({}, policy_inputs(["a@ville.example"], **changes))
    assert [f.property for f in checked.failures] == [failure]
