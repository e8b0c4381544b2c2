"""The governance endpoints at the size of the real stack (stacks/city_metropolis: two
organisations, 35 directorates and 53 spaces, here with 3,500 people and 300 partner guests):
every Microsoft 365 group expires under a policy for all, each organisation's dynamic
administrative unit holds exactly its people, and a review of a partner space's 300 guests
removes the ones nobody approved."""

from __future__ import annotations

import time
from datetime import datetime

import httpx
import pytest

from tenantctl.stack.project import load_stack
from tests.support.local_tenant_fixture import LocalTenantHandle

pytestmark = [pytest.mark.integration]

CITY = load_stack("city_metropolis").tenant
ORGANISATIONS = [o.company_name for o in CITY.organisations]
GROUPS = len(CITY.spaces) + len(CITY.directorates)
PEOPLE, GUESTS = 3500, 300


@pytest.fixture
def city(local_tenant: LocalTenantHandle) -> httpx.Client:
    local_tenant.admin.reset(
        {"seed": 11, "users": PEOPLE, "guests": GUESTS, "organisations": ORGANISATIONS}
    )
    headers = {"Authorization": f"Bearer {local_tenant.token()}"}
    return httpx.Client(base_url=local_tenant.base_url, headers=headers, timeout=60)


def unified(http: httpx.Client, n: int, owner: str) -> str:
    answered = http.post(
        "/groups",
        json={
            "displayName": f"Espace n°{n} d'équipe",
            "mailEnabled": True,
            "mailNickname": f"espace{n}",
            "securityEnabled": False,
            "groupTypes": ["Unified"],
            "owners@odata.bind": [f"https://graph.microsoft.com/v1.0/users/{owner}"],
        },
    )
    assert answered.status_code == 201, answered.text
    return str(answered.json()["id"])


def people(local_tenant: LocalTenantHandle) -> list[dict[str, object]]:
    return [u["body"] for u in local_tenant.admin.objects("user")]


def test_every_group_of_the_city_expires_and_the_units_hold_each_organisation(
    local_tenant: LocalTenantHandle, city: httpx.Client
) -> None:
    users = people(local_tenant)
    owner = str(next(u["id"] for u in users if u["userType"] == "Member"))
    groups = [unified(city, n, owner) for n in range(GROUPS)]
    policy = city.post(
        "/groupLifecyclePolicies", json={"groupLifetimeInDays": 180, "managedGroupTypes": "All"}
    )
    assert policy.status_code == 201
    started = time.perf_counter()
    moved = local_tenant.admin.call("POST", "/_admin/clock", {"days": 181})
    expiring_s = time.perf_counter() - started
    assert moved.status_code == 200
    deleted = city.get("/directory/deletedItems/microsoft.graph.group?$top=999").json()["value"]
    assert sorted(g["id"] for g in deleted) == sorted(groups)
    for organisation in ORGANISATIONS:
        created = city.post(
            "/directory/administrativeUnits",
            json={
                "displayName": organisation,
                "membershipType": "Dynamic",
                "membershipRule": f'(user.companyName -eq "{organisation}")',
                "membershipRuleProcessingState": "On",
            },
        )
        assert created.status_code == 201, created.text
        started = time.perf_counter()
        members = _all(city, f"/directory/administrativeUnits/{created.json()['id']}/members")
        listing_s = time.perf_counter() - started
        expected = {u["id"] for u in users if u.get("companyName") == organisation}
        assert {m["id"] for m in members} == expected and expected
    print(f"\n{GROUPS} groups expired in {expiring_s:.2f} s; a unit's members in {listing_s:.2f} s")


def _all(http: httpx.Client, path: str) -> list[dict[str, object]]:
    items, url = [], f"{path}?$top=999"
    while url:
        page = http.get(url).json()
        items += page["value"]
        url = page.get("@odata.nextLink", "").replace(str(http.base_url), "")
    return items


def test_a_review_of_300_guests_removes_those_not_approved(
    local_tenant: LocalTenantHandle, city: httpx.Client
) -> None:
    users = people(local_tenant)
    owner = str(next(u["id"] for u in users if u["userType"] == "Member"))
    guests = [str(u["id"]) for u in users if u["userType"] == "Guest"]
    group = unified(city, 1, owner)
    for start in range(0, len(guests), 20):
        binds = [f"https://graph.microsoft.com/v1.0/users/{g}" for g in guests[start : start + 20]]
        answered = city.patch(f"/groups/{group}", json={"members@odata.bind": binds})
        assert answered.status_code == 204, answered.text
    today = datetime.fromisoformat(local_tenant.admin.call("GET", "/_admin/clock").json()["now"])
    created = city.post(
        "/identityGovernance/accessReviews/definitions",
        json={
            "displayName": "Invités partenaires",
            "scope": {
                "@odata.type": "#microsoft.graph.accessReviewQueryScope",
                "query": f"/groups/{group}/transitiveMembers/microsoft.graph.user/"
                "?$count=true&$filter=(userType eq 'Guest')",
                "queryType": "MicrosoftGraph",
            },
            "reviewers": [{"query": f"/groups/{group}/owners", "queryType": "MicrosoftGraph"}],
            "settings": {
                "defaultDecisionEnabled": True,
                "defaultDecision": "Deny",
                "autoApplyDecisionsEnabled": True,
                "instanceDurationInDays": 14,
                "recurrence": {
                    "pattern": {"type": "absoluteMonthly", "interval": 3},
                    "range": {"type": "noEnd", "startDate": today.date().isoformat()},
                },
            },
        },
    )
    assert created.status_code == 201, created.text
    definition = created.json()["id"]
    instance = city.get(
        f"/identityGovernance/accessReviews/definitions/{definition}/instances"
    ).json()["value"][0]["id"]
    for guest in guests[:100]:
        decided = local_tenant.admin.call(
            "POST",
            "/_admin/accessReviews/decisions",
            {"instanceId": instance, "principalId": guest, "decision": "Approve"},
        )
        assert decided.status_code == 200
    started = time.perf_counter()
    local_tenant.admin.call("POST", "/_admin/clock", {"days": 14})
    ending_s = time.perf_counter() - started
    members = _all(city, f"/groups/{group}/members")
    assert {m["id"] for m in members} == set(guests[:100])
    print(f"\nan instance of {len(guests)} decisions ended and applied in {ending_s:.2f} s")
