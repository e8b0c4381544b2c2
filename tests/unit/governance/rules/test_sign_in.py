"""Guests sign in with multifactor authentication: a tenant with guests declares the guest
sign-in policy, never off, and on once the stack says the rollout is done (`enforced`)."""

from __future__ import annotations

from typing import Any

from tenantctl.governance.baselines import CONTROLS
from tenantctl.governance.catalogue import RULES
from tenantctl.governance.config import GovernanceConfig
from tenantctl.governance.evaluate import evaluate
from tests.unit.governance.conftest import messages, small_tenant, subject_of

RULE = "guest-sign-in-mfa"


def sign_in(state: str) -> Any:
    def change(data: dict[str, Any]) -> None:
        data["tenant"]["guest_sign_in"] = {"state": state, "break_glass": ["a@ville-test.fr"]}

    return change


def without_policy(data: dict[str, Any]) -> None:
    del data["tenant"]["guest_sign_in"]


def test_an_enforced_or_report_only_policy_breaks_nothing() -> None:
    for state in ("on", "report-only"):
        assert messages(subject_of(small_tenant(sign_in(state))), RULE) == []


def test_a_tenant_with_guests_and_no_policy_is_reported() -> None:
    assert messages(subject_of(small_tenant(without_policy)), RULE) == [
        "tenant.guest_sign_in: guests sign in without multifactor authentication"
    ]


def test_a_switched_off_policy_is_reported() -> None:
    assert messages(subject_of(small_tenant(sign_in("off"))), RULE) == [
        "tenant.guest_sign_in: the guest sign-in policy is off: guests are not asked for "
        "multifactor authentication"
    ]


def test_once_enforced_report_only_is_reported_too() -> None:
    subject = subject_of(small_tenant(sign_in("report-only")))
    found = evaluate(subject, GovernanceConfig({RULE: {"enforced": True}}))
    assert [f"{v.subject}: {v.message}" for v in found if v.rule == RULE] == [
        "tenant.guest_sign_in: the guest sign-in policy is report-only: guests are not asked "
        "for multifactor authentication"
    ]


def test_a_tenant_without_guests_needs_no_policy() -> None:
    def no_guests(data: dict[str, Any]) -> None:
        for item in (*data["partners"], *data["spaces"]):
            item["guests"] = []

    assert messages(subject_of(small_tenant(no_guests)), RULE) == []


def test_the_rule_names_the_scuba_and_cis_mfa_controls() -> None:
    rule = RULES[RULE]
    assert [CONTROLS[c] for c in rule.scuba] == [
        "If phishing-resistant MFA has not been enforced, an alternative MFA method SHALL be "
        "enforced for all users."
    ]
    assert [CONTROLS[c] for c in rule.cis] == [
        "Ensure multifactor authentication is enabled for all users."
    ]
