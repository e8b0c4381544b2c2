"""Guest access reviews through the provider, on the local tenant: the series Graph holds, its
update and deletion, adoption, and a review that ended without any reviewer's decision."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.graph_layer.conftest import MakeProvider, lifecycle, make_group
from tests.support.local_tenant_fixture import LocalTenantHandle

pytestmark = pytest.mark.integration

DEFINITIONS = "/identityGovernance/accessReviews/definitions"


def advance(tenant: LocalTenantHandle, days: float) -> None:
    answered = tenant.admin.call("POST", "/_admin/clock", {"days": days})
    assert answered.status_code == 200, answered.text


def group_with_guest(tenant: LocalTenantHandle, provider: MakeProvider, nickname: str) -> tuple:
    """A group with two owners, two members and one invited guest: (group id, guest id)."""
    group_id = make_group(provider, tenant, nickname)
    invitation = provider("GuestInvitation")
    guest = invitation.create(
        invitation.check(
            {}, {"email": f"o'brien.{nickname}@partner.example", "display_name": "Seán O'Brien"}
        ).inputs
    ).id
    tenant.admin.graph(
        "POST",
        f"/groups/{group_id}/members/$ref",
        {"@odata.id": f"{tenant.base_url}/directoryObjects/{guest}"},
    )
    return group_id, guest


def review_inputs(group_id: str, **changes: Any) -> dict[str, Any]:
    return {"group_id": group_id, "display_name": "Invités — Atelier d'été", **changes}


def member_ids(tenant: LocalTenantHandle, group_id: str) -> set[str]:
    found = tenant.admin.graph("GET", f"/groups/{group_id}/members?$select=id")
    return {m["id"] for m in found["value"]}


def test_a_guest_review_by_the_owners_applied_automatically(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    group_id = make_group(provider, local_tenant, "revue-invites")
    review = provider("GuestAccessReview")
    created = review.create(review.check({}, review_inputs(group_id)).inputs)

    held = local_tenant.admin.graph("GET", f"{DEFINITIONS}/{created.id}")
    settings = held["settings"]
    assert held["scope"]["query"] == (
        f"/groups/{group_id}/transitiveMembers/microsoft.graph.user/"
        "?$count=true&$filter=(userType eq 'Guest')"
    )
    assert held["reviewers"] == [
        {"query": f"/groups/{group_id}/owners", "queryType": "MicrosoftGraph"}
    ]
    assert (settings["defaultDecisionEnabled"], settings["defaultDecision"]) == (True, "Deny")
    assert settings["autoApplyDecisionsEnabled"] is True
    assert settings["instanceDurationInDays"] == 14
    assert settings["recurrence"]["pattern"] == {"type": "absoluteMonthly", "interval": 3}
    review.delete(created.id, created.outs)


def test_a_guest_review_changes_in_place_and_is_deleted(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    group_id = make_group(provider, local_tenant, "revue-change")
    outcome = lifecycle(
        provider("GuestAccessReview"),
        review_inputs(group_id),
        {"every_months": 12, "duration_days": 28 * 12},
    )

    assert outcome.read["review_id"] == outcome.id
    assert (outcome.reread["every_months"], outcome.reread["duration_days"]) == (12, 336)
    assert local_tenant.admin.graph("GET", DEFINITIONS)["value"] == []


def test_a_guest_review_created_twice_is_one_series(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    group_id = make_group(provider, local_tenant, "revue-deux-fois")
    review = provider("GuestAccessReview")
    inputs = review.check({}, review_inputs(group_id)).inputs
    first, second = review.create(inputs), review.create(inputs)

    assert first.id == second.id
    assert len(local_tenant.admin.graph("GET", DEFINITIONS)["value"]) == 1


def test_a_review_nobody_decided_is_overdue_and_its_guests_leave(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    group_id, guest = group_with_guest(local_tenant, provider, "revue-oubliee")
    review = provider("GuestAccessReview")
    created = review.create(review.check({}, review_inputs(group_id, duration_days=7)).inputs)
    assert review.read(created.id, created.outs).outs["overdue"] is False

    advance(local_tenant, 8)

    read = review.read(created.id, created.outs).outs
    assert read["overdue"] is True
    assert guest not in member_ids(local_tenant, group_id)
    assert review.diff(created.id, read, created.outs).changes is True


def test_a_review_an_owner_decided_is_not_overdue_and_keeps_the_approved_guest(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    group_id, guest = group_with_guest(local_tenant, provider, "revue-faite")
    review = provider("GuestAccessReview")
    created = review.create(review.check({}, review_inputs(group_id, duration_days=7)).inputs)
    owner = local_tenant.admin.graph("GET", f"/groups/{group_id}/owners?$select=id")["value"][0]
    instance = local_tenant.admin.graph("GET", f"{DEFINITIONS}/{created.id}/instances")["value"][0]
    decided = local_tenant.admin.call(
        "POST",
        "/_admin/accessReviews/decisions",
        {
            "instanceId": instance["id"],
            "principalId": guest,
            "decision": "Approve",
            "reviewerId": owner["id"],
        },
    )
    assert decided.status_code == 200, decided.text

    advance(local_tenant, 8)

    assert review.read(created.id, created.outs).outs["overdue"] is False
    assert guest in member_ids(local_tenant, group_id)


@pytest.mark.parametrize(
    ("changes", "failure"),
    [
        ({"every_months": 13}, ("every_months", "every_months is 13; expected 1 to 12")),
        ({"every_months": 0}, ("every_months", "every_months is 0; expected 1 to 12")),
        ({"duration_days": 0}, ("duration_days", "duration_days is 0; expected 1 or more")),
    ],
)
def test_check_refuses_a_recurrence_graph_cannot_run(
    provider: MakeProvider, changes: dict[str, Any], failure: tuple[str, str]
) -> None:
    checked = provider("GuestAccessReview").check({}, review_inputs("g", **changes))
    assert [(f.property, f.reason) for f in checked.failures] == [
        (failure[0], f'GuestAccessReview "Invités — Atelier d\'été": {failure[1]}')
    ]
