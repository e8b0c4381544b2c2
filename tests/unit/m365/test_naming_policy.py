"""The group naming policy's rules, as Entra documents them (groups-naming-policy)."""

from __future__ import annotations

import pytest

from tenantctl.m365.naming_policy import (
    AFFIXES_MAX,
    blocked_word_problem,
    blocked_words_in,
    matches_pattern,
    pattern_problem,
)


def test_a_pattern_holds_the_group_name_once() -> None:
    assert pattern_problem("VAL-[GroupName]") is None
    assert pattern_problem("VAL-") == "must contain [GroupName] exactly once"
    assert pattern_problem("[GroupName]-[GroupName]") == "must contain [GroupName] exactly once"


def test_fixed_text_may_reach_the_limit_exactly_but_not_pass_it() -> None:
    at_limit = "x" * AFFIXES_MAX + "[GroupName][Department]"
    assert pattern_problem(at_limit) is None
    assert pattern_problem("x" + at_limit) == (
        f"has {AFFIXES_MAX + 1} characters of prefix and suffix text, over the limit of 53"
    )


def test_an_unsupported_attribute_counts_as_fixed_text() -> None:
    pattern = "x" * (AFFIXES_MAX - len("[postalCode]")) + "[postalCode][GroupName]"
    assert pattern_problem(pattern) is None
    assert pattern_problem("y" + pattern) is not None
    assert matches_pattern("[postalCode]Voirie", "[postalCode][GroupName]")
    assert not matches_pattern("75001Voirie", "[postalCode][GroupName]")


@pytest.mark.parametrize(
    ("name", "follows"),
    [
        ("VAL-Voirie", True),
        ("VAL-L'Été des Tanneurs", True),
        ("VAL-", False),  # the group name itself is never empty
        ("val-Voirie", False),  # fixed text keeps its case
        ("Voirie", False),
    ],
)
def test_a_name_has_the_fixed_text_around_it(name: str, follows: bool) -> None:
    assert matches_pattern(name, "VAL-[GroupName]") is follows


def test_an_attribute_stands_for_any_value() -> None:
    assert matches_pattern("GRP Voirie DSI", "GRP [GroupName] [Department]")
    assert not matches_pattern("GRP Voirie", "GRP [GroupName] [Department]")


def test_an_alias_keeps_only_the_characters_a_mail_nickname_may_hold() -> None:
    assert matches_pattern("GRPVoirie", "GRP [GroupName]", alias=True)
    assert matches_pattern("VV-Voirie", "(VV) [GroupName]", alias=True)
    assert not matches_pattern("Voirie", "GRP [GroupName]", alias=True)


def test_blocked_words_match_whole_words_in_any_case() -> None:
    words = ["Paie", "Direction générale", "CEO"]
    assert blocked_words_in("Équipe PAIE", words) == ["Paie"]
    assert blocked_words_in("Paiement des fournisseurs", words) == []  # never a substring
    assert blocked_words_in("La direction  Générale", words) == ["Direction générale"]
    assert blocked_words_in("VV-DRH-ceo", words, alias=True) == ["CEO"]


def test_a_blocked_word_is_one_entry_of_the_comma_separated_list() -> None:
    assert blocked_word_problem("Paie") is None
    assert blocked_word_problem("  ") == "is empty"
    assert blocked_word_problem("Paie,RH") == "holds a comma, which separates the list's entries"
