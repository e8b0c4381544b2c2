"""Delegated administration: every organisation has its unit, and someone holds a role over it."""

from __future__ import annotations

from typing import Any

import pytest

from tenantctl.governance.baselines import CONTROLS
from tenantctl.governance.catalogue import RULES
from tenantctl.governance.plan import plan_resources
from tenantctl.governance.subject import Subject
from tests.unit.governance.conftest import TODAY, messages, small_tenant

RULE = "delegated-administration"


def planned(change: Any = None, provider: str = "graph") -> Subject:
    tenant = small_tenant(change)
    return Subject(tenant, plan_resources(tenant, provider), today=TODAY)  # type: ignore[arg-type]


@pytest.mark.parametrize("provider", ["graph", "azuread"])
def test_an_organisation_with_its_unit_and_helpdesk_breaks_nothing(provider: str) -> None:
    assert messages(planned(provider=provider), RULE) == []


def test_an_organisation_without_a_unit_is_reported() -> None:
    def without(data: dict[str, Any]) -> None:
        del data["organisations"][0]["administration"]

    assert messages(planned(without), RULE) == [
        "ville: has no administrative unit: its helpdesk can only be given tenant-wide roles"
    ]


@pytest.mark.parametrize("provider", ["graph", "azuread"])
def test_a_unit_nobody_administers_is_reported_whichever_the_provider(provider: str) -> None:
    def nobody(data: dict[str, Any]) -> None:
        data["organisations"][0]["administration"] = {"members": "directorates"}

    assert messages(planned(nobody, provider), RULE) == [
        "administration-ville: nobody holds a role over the organisation's unit"
    ]


def test_the_rule_names_the_scuba_control_it_maps() -> None:
    (control,) = RULES[RULE].scuba
    assert CONTROLS[control].startswith("Privileged users SHALL be provisioned with finer-grained")
