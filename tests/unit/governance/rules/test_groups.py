"""Group creation rules: only the named creators create Microsoft 365 groups."""

from __future__ import annotations

from typing import Any

from tenantctl.governance.baselines import CONTROLS
from tenantctl.governance.catalogue import RULES
from tests.unit.governance.conftest import messages, small_tenant, subject_of


def test_group_creation_restricted_to_creators_breaks_nothing() -> None:
    assert messages(subject_of(small_tenant()), "group-creation-restricted") == []


def test_group_creation_open_to_every_user_is_reported() -> None:
    def open_to_all(data: dict[str, Any]) -> None:
        data["tenant"]["group_policy"] = {}

    found = messages(subject_of(small_tenant(open_to_all)), "group-creation-restricted")

    assert found == [
        "tenant-group-settings: every user may create Microsoft 365 groups (and so teams)"
    ]


def test_the_rule_names_the_cis_azure_control_it_maps() -> None:
    (control,) = RULES["group-creation-restricted"].cis
    assert CONTROLS[control].startswith("Ensure that 'Users can create Microsoft 365 groups")
