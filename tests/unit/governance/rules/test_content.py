"""Content rule: teams and their groups are protected unless the space allows destroy."""

from __future__ import annotations

from typing import Any

from tenantctl.governance import PlannedResource
from tests.unit.governance.conftest import messages, small_tenant, space, subject_of, with_resource


def test_space_teams_and_groups_are_planned_protected() -> None:
    subject = subject_of(small_tenant())

    protected = {r.name for r in subject.resources if r.protect}

    assert protected == {
        "space-drh-equipe-group",
        "space-drh-equipe-team",
        "space-port-logistique-group",
        "space-port-logistique-team",
    }
    assert messages(subject, "content-protected") == []


def test_allow_destroy_lifts_the_protection_of_that_space_only() -> None:
    def allow(data: dict[str, Any]) -> None:
        space(data, "drh-equipe")["allow_destroy"] = True

    subject = subject_of(small_tenant(allow))

    assert {r.name for r in subject.resources if r.protect} == {
        "space-port-logistique-group",
        "space-port-logistique-team",
    }
    assert messages(subject, "content-protected") == []


def test_an_unprotected_team_of_a_space_without_allowance_is_refused() -> None:
    team = PlannedResource(
        "Team", "space-drh-equipe-extra-team", {}, "TeamSpace", "space-drh-equipe", protect=False
    )

    found = messages(with_resource(subject_of(small_tenant()), team), "content-protected")

    assert found == [
        "space-drh-equipe-extra-team: a team or its group can be deleted or replaced without "
        "the stack's allowance"
    ]
