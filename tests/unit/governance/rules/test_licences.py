"""Licence rules: SKUs the tenant has, enough seats, nobody licensed twice for a SKU."""

from __future__ import annotations

from typing import Any

from tenantctl.governance import GovernanceConfig, Subject, evaluate
from tests.unit.governance.conftest import TODAY, messages, small_tenant, subject_of


def test_a_sku_outside_the_catalogue_is_refused() -> None:
    def unknown(data: dict[str, Any]) -> None:
        data["licence_groups"][1]["sku"] = "SPE_E9"

    # components cannot resolve an unknown SKU, so the model alone is checked
    found = messages(Subject(small_tenant(unknown), today=TODAY), "licence-known-sku")

    assert found == ["licence_groups[e3-dsi].sku: 'SPE_E9' is not a known SKU"]


def test_a_sku_the_tenant_does_not_subscribe_to_is_refused_live() -> None:
    seats = {"SPE_F1": 100}

    found = messages(subject_of(small_tenant(), seats=seats), "licence-known-sku")

    assert found == [
        "licence_groups[e3-drh].sku: the tenant has no subscription to SPE_E3",
        "licence_groups[e3-dsi].sku: the tenant has no subscription to SPE_E3",
    ]


def test_more_members_than_live_seats_is_refused() -> None:
    # DRH counts 40 agents by headcount, DSI lists 2: 42 agents for 41 seats
    short = messages(subject_of(small_tenant(), seats={"SPE_E3": 41}), "licence-seats")
    enough = messages(subject_of(small_tenant(), seats={"SPE_E3": 42}), "licence-seats")

    assert short == [
        "licence_groups(sku SPE_E3): at least 42 agents would need SPE_E3, but only 41 seats "
        "are purchased"
    ]
    assert enough == []


def test_offline_seats_come_from_the_rule_parameter() -> None:
    config = GovernanceConfig({"licence-seats": {"seats": {"SPE_E3": 10}}})

    found = [v.rule for v in evaluate(subject_of(small_tenant()), config)]

    assert found == ["licence-seats"]


def test_two_groups_of_one_sku_on_the_same_directorate_are_refused() -> None:
    def overlap(data: dict[str, Any]) -> None:
        data["licence_groups"][1]["directorates"] = ["DSI", "DRH"]

    found = messages(subject_of(small_tenant(overlap)), "licence-overlap")

    assert len(found) == 1
    assert found[0].startswith("licence_groups[e3-dsi]: covers department 'DRH - Formation', ")
    assert "directorate DRH" in found[0]
    assert found[0].endswith("for SPE_E3, as licence group 'e3-drh' does")


def test_a_department_rule_overlapping_a_directorate_is_refused() -> None:
    def rule(data: dict[str, Any]) -> None:
        data["licence_groups"][1]["rule"] = '(user.department -in ["DRH - Paie","DSI - Réseau"])'

    found = messages(subject_of(small_tenant(rule)), "licence-overlap")

    assert found == [
        "licence_groups[e3-dsi]: covers department 'DRH - Paie' for SPE_E3, as licence group "
        "'e3-drh' does"
    ]


def test_a_named_user_in_two_groups_of_one_sku_is_refused() -> None:
    def named(data: dict[str, Any]) -> None:
        data["licence_groups"][0]["users"] = ["chloe@ville-test.fr"]

    found = messages(subject_of(small_tenant(named)), "licence-overlap")

    assert found == [
        "licence_groups[e3-dsi]: covers user chloe@ville-test.fr for SPE_E3, as licence group "
        "'e3-drh' does"
    ]


def test_groups_of_different_skus_may_cover_the_same_agents() -> None:
    def other_sku(data: dict[str, Any]) -> None:
        data["licence_groups"][1].update(sku="POWER_BI_PRO", directorates=["DRH"])

    assert messages(subject_of(small_tenant(other_sku)), "licence-overlap") == []
