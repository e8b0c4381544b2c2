"""The guest sign-in policy: declared once in `tenant.guest_sign_in`, its emergency access
accounts people of the tenant, two to four of them, and Entra ID P1 somewhere."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tenantctl.model.schema import GuestSignInState

if TYPE_CHECKING:
    from conftest import Description


def sign_in(desc: Description, *lines: str) -> None:
    desc.replace(
        "tenant.yaml",
        "  default_domain: ville-test.fr\n",
        "  default_domain: ville-test.fr\n  guest_sign_in:\n"
        + "".join(f"    {line}\n" for line in lines),
    )


def test_a_report_only_policy_with_two_break_glass_accounts_loads_without_warning(
    desc: Description,
) -> None:
    sign_in(desc, "state: report-only", "break_glass: [alice@ville-test.fr, Bruno@Ville-Test.fr]")
    loaded = desc.load()
    policy = loaded.tenant.tenant.guest_sign_in
    assert policy is not None
    assert policy.state is GuestSignInState.REPORT_ONLY
    assert policy.break_glass == ("alice@ville-test.fr", "Bruno@Ville-Test.fr")
    assert loaded.warnings == ()


@pytest.mark.parametrize("state", ["on", "'on'"])
def test_an_enforced_policy_from_the_start_is_allowed(desc: Description, state: str) -> None:
    sign_in(desc, f"state: {state}", "break_glass: [alice@ville-test.fr, bruno@ville-test.fr]")
    loaded = desc.load()
    assert loaded.tenant.tenant.guest_sign_in is not None
    assert loaded.tenant.tenant.guest_sign_in.state is GuestSignInState.ON
    assert loaded.warnings == ()


def test_a_partner_s_guest_is_never_a_break_glass_account(desc: Description) -> None:
    sign_in(
        desc, "state: report-only", "break_glass: [alice@ville-test.fr, eva@transports.example.com]"
    )
    finding = desc.only()
    assert finding.key == "tenant.guest_sign_in.break_glass[1]"
    assert finding.message == (
        "'eva@transports.example.com' is a guest of partner 'transports', not a person of the "
        "tenant"
    )
    assert finding.source is not None
    assert finding.source.line == desc.line("tenant.yaml", "break_glass:")


def test_an_unknown_account_names_the_fix(desc: Description) -> None:
    sign_in(desc, "state: report-only", "break_glass: [alice@ville-test.fr, urgence@ville-test.fr]")
    finding = desc.only()
    assert finding.key == "tenant.guest_sign_in.break_glass[1]"
    assert finding.message == "unknown person 'urgence@ville-test.fr'"
    assert finding.fix == "add them to 'people', or correct the address"


def test_an_account_named_twice_in_any_case_is_refused(desc: Description) -> None:
    sign_in(desc, "state: report-only", "break_glass: [alice@ville-test.fr, ALICE@ville-test.fr]")
    finding = desc.only()
    assert finding.key == "tenant.guest_sign_in.break_glass[1]"
    assert finding.message == "'ALICE@ville-test.fr' is named twice"


def test_four_accounts_is_the_limit_five_are_refused(desc: Description) -> None:
    four = "alice@ville-test.fr, bruno@ville-test.fr, chloe@ville-test.fr, david@ville-test.fr"
    sign_in(desc, "state: report-only", f"break_glass: [{four}]")
    assert desc.load().warnings == ()
    desc.append(
        "people.yaml",
        "  - upn: o'neil@ville-test.fr",
        "    display_name: Seán O'Neil",
        "    directorate: DSI",
    )
    desc.replace("tenant.yaml", four, f"{four}, o'neil@ville-test.fr")
    finding = desc.only()
    assert finding.key == "tenant.guest_sign_in.break_glass"
    assert finding.message.startswith("5 emergency access accounts; at most 4")


def test_one_account_is_a_warning(desc: Description) -> None:
    sign_in(desc, "state: report-only", "break_glass: [alice@ville-test.fr]")
    (warning,) = desc.load().warnings
    assert warning.key == "tenant.guest_sign_in.break_glass"
    assert "Microsoft recommends 2 or more" in warning.message


def test_none_is_refused(desc: Description) -> None:
    sign_in(desc, "state: report-only", "break_glass: []")
    finding = desc.only()
    assert finding.key == "tenant.guest_sign_in.break_glass"


@pytest.mark.parametrize(
    ("line", "key"),
    [("state: enforced", "state"), ("require: block", "require")],
)
def test_unknown_values_and_keys_are_refused(desc: Description, line: str, key: str) -> None:
    lines = {"state": "state: report-only"}
    wanted = [lines[k] for k in lines if k != key]
    wanted += [line, "break_glass: [alice@ville-test.fr, bruno@ville-test.fr]"]
    sign_in(desc, *wanted)
    finding = desc.only()
    assert finding.key == f"tenant.guest_sign_in.{key}"
    assert finding.source is not None
    assert finding.source.line == desc.line("tenant.yaml", line)


def test_without_a_licence_that_carries_entra_id_p1_it_warns(desc: Description) -> None:
    sign_in(desc, "state: report-only", "break_glass: [alice@ville-test.fr, bruno@ville-test.fr]")
    desc.replace("licences.yaml", "disabled_plans: [SWAY]", "disabled_plans: [SWAY, AAD_PREMIUM]")
    desc.replace(
        "licences.yaml",
        "    frontline_only: true\n",
        "    frontline_only: true\n    disabled_plans: [AAD_PREMIUM]\n",
    )
    (warning,) = desc.load().warnings
    assert warning.key == "tenant.guest_sign_in"
    assert "Microsoft Entra ID P1" in warning.message
