"""Naming rule: organisation and directorate prefixes, allowed characters, Graph's limits."""

from __future__ import annotations

from typing import Any

from tenantctl.governance import GovernanceConfig, evaluate
from tests.unit.governance.conftest import messages, small_tenant, space, subject_of


def test_a_space_nickname_without_its_prefix_is_refused() -> None:
    def custom(data: dict[str, Any]) -> None:
        space(data, "drh-equipe")["mail_nickname"] = "equipe-rh"

    found = messages(subject_of(small_tenant(custom)), "naming-convention")

    assert found == ["spaces[drh-equipe].mail_nickname: 'equipe-rh' does not start with 'VT-DRH-'"]


def test_a_licence_nickname_over_graphs_limit_is_refused() -> None:
    def long(data: dict[str, Any]) -> None:
        data["licence_groups"][0]["mail_nickname"] = "VT-LIC-" + "x" * 60

    found = messages(subject_of(small_tenant(long)), "naming-convention")

    assert found == [
        f"licence_groups[e3-drh].mail_nickname: 'VT-LIC-{'x' * 60}' is 67 characters long, "
        "over Graph's limit of 64"
    ]


def test_allowed_characters_are_a_parameter() -> None:
    config = GovernanceConfig({"naming-convention": {"allowed": "[A-Z0-9-]+"}})

    found = [v.subject for v in evaluate(subject_of(small_tenant()), config)]

    # derived nicknames carry the lower-case space and licence keys
    assert found == [
        "spaces[drh-equipe].mail_nickname",
        "spaces[port-logistique].mail_nickname",
        "directorates[DRH].mail_nickname",
        "directorates[DSI].mail_nickname",
        "licence_groups[e3-drh].mail_nickname",
        "licence_groups[e3-dsi].mail_nickname",
    ]
