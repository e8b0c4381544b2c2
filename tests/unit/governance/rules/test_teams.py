"""Team rules: enough owners of the organisation, private teams, reviewed partner spaces."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tenantctl.governance import GovernanceConfig, Subject, evaluate
from tests.unit.governance.conftest import TODAY, messages, small_tenant, space, subject_of


def test_a_team_with_one_owner_is_refused() -> None:
    def one_owner(data: dict[str, Any]) -> None:
        space(data, "port-logistique")["owners"] = ["chloe@ville-test.fr"]

    found = messages(subject_of(small_tenant(one_owner)), "team-owners")

    assert found == [
        "spaces[port-logistique].owners: the team has 1 owner(s); the policy asks for 2"
    ]


def test_a_guest_owner_is_refused() -> None:
    def guest_owner(data: dict[str, Any]) -> None:
        space(data, "port-logistique")["owners"].append("jean@port-test.fr")

    found = messages(subject_of(small_tenant(guest_owner)), "team-owners")

    assert found == ["spaces[port-logistique].owners: guest 'jean@port-test.fr' owns the team"]


def test_owners_must_be_described_people_offline() -> None:
    def stranger(data: dict[str, Any]) -> None:
        space(data, "port-logistique")["owners"][1] = "eve@ville-test.fr"

    found = messages(subject_of(small_tenant(stranger)), "team-owners")

    assert found == [
        "spaces[port-logistique].owners: owner 'eve@ville-test.fr' is not among the described "
        "people"
    ]


def test_owners_must_exist_in_the_tenant_when_checked_live() -> None:
    directory = frozenset({"alice@ville-test.fr", "bruno@ville-test.fr", "chloe@ville-test.fr"})

    found = messages(subject_of(small_tenant(), directory=directory), "team-owners")

    assert found == [
        "spaces[port-logistique].owners: owner 'david@ville-test.fr' is not in the tenant's "
        "directory"
    ]


def test_the_minimum_of_owners_is_a_parameter() -> None:
    config = GovernanceConfig({"team-owners": {"min_owners": 3}})

    found = [v.subject for v in evaluate(subject_of(small_tenant()), config)]

    assert found == ["spaces[drh-equipe].owners", "spaces[port-logistique].owners"]


def test_a_public_team_is_advised_against() -> None:
    def public(data: dict[str, Any]) -> None:
        space(data, "drh-equipe")["visibility"] = "public"

    found = messages(subject_of(small_tenant(public)), "team-private")

    assert found == [
        "spaces[drh-equipe].visibility: a public team lets any agent join it and read its files"
    ]


def test_a_partner_space_without_owners_or_guest_review_is_refused() -> None:
    def unreviewed(data: dict[str, Any]) -> None:
        partner_space = space(data, "port-logistique")
        partner_space["owners"] = []
        del partner_space["review"]

    # the partner template names the review's recurrence, so the model alone is checked
    found = messages(Subject(small_tenant(unreviewed), today=TODAY), "partner-space-review")

    assert found == [
        "spaces[port-logistique].owners: a partner space names no owner accountable for the "
        "partnership",
        "spaces[port-logistique].review: a partner space has no access review of its guests",
    ]


def test_guests_are_reviewed_at_most_max_review_days_apart() -> None:
    def every(months: int) -> Any:
        def change(data: dict[str, Any]) -> None:
            space(data, "port-logistique")["review"] = {"every_months": months}

        return change

    yearly = subject_of(small_tenant(every(12)))

    def found(most: int) -> list[str]:
        config = GovernanceConfig({"partner-space-review": {"max_review_days": most}})
        return [
            f"{v.subject}: {v.message}"
            for v in evaluate(yearly, config)
            if v.rule == "partner-space-review"
        ]

    assert messages(yearly, "partner-space-review") == []
    assert found(12 * 31) == []
    assert found(12 * 31 - 1) == [
        "spaces[port-logistique].review.every_months: guests reviewed every 12 months can go "
        "up to 372 days unreviewed; the policy allows 371"
    ]


def test_a_passed_date_no_longer_blocks_a_deployment() -> None:
    found = messages(Subject(small_tenant(), today=dt.date(2099, 1, 1)), "partner-space-review")
    assert found == []


def test_a_plan_without_the_partner_space_s_guest_review_is_refused() -> None:
    planned = subject_of(small_tenant())
    without = Subject(
        planned.tenant,
        tuple(r for r in planned.resources if r.kind != "GuestAccessReview"),
        today=TODAY,
    )

    assert [r.component_name for r in planned.of_kind("GuestAccessReview")] == [
        "space-port-logistique"
    ]
    assert messages(planned, "partner-space-review") == []
    assert messages(without, "partner-space-review") == [
        "space-port-logistique: the plan declares no access review of this partner space's guests"
    ]
