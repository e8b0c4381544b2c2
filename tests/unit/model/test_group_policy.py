"""The tenant's group policy: its values checked by the schema, the stack's spaces by it."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import stacks
from tenantctl.m365.naming_policy import BLOCKED_WORDS_MAX
from tenantctl.model import TenantDescriptionError, load_tenant
from tenantctl.stack.project import load_stack

if TYPE_CHECKING:
    from conftest import Description


def policy(desc: Description, *lines: str) -> None:
    desc.replace(
        "tenant.yaml",
        "  default_domain: ville-test.fr\n",
        "  default_domain: ville-test.fr\n  group_policy:\n"
        + "".join(f"    {line}\n" for line in lines),
    )


def rename_spaces(desc: Description, prefix: str) -> None:
    for name in ("Équipe RH", "Projet commun", "Mobilité"):
        desc.replace("spaces.yaml", f"display_name: {name}\n", f"display_name: {prefix}{name}\n")


def test_a_policy_the_spaces_follow_loads(desc: Description) -> None:
    policy(
        desc,
        "naming: 'VT-[GroupName]'",
        "blocked_words: [Paie, Direction générale]",
        "users_can_create: false",
        "creators: DSI",
        "usage_guidelines_url: https://intranet.ville-test.fr/groupes",
    )
    rename_spaces(desc, "VT-")
    loaded = desc.load().tenant.tenant.group_policy
    assert loaded.naming == "VT-[GroupName]"
    assert loaded.creators == "DSI"


def test_a_space_named_outside_the_pattern_is_refused_with_the_expected_form(
    desc: Description,
) -> None:
    policy(desc, "naming: 'VT-[GroupName]'")
    rename_spaces(desc, "VT-")
    desc.replace("spaces.yaml", "display_name: VT-Mobilité", "display_name: Mobilité")
    finding = desc.only()
    assert (finding.key, finding.message) == (
        "spaces[mobilite].display_name",
        "display name 'Mobilité' does not follow the tenant's naming policy 'VT-[GroupName]'",
    )
    assert finding.source is not None
    assert finding.source.line == desc.line("spaces.yaml", "display_name: Mobilité")
    assert finding.fix.startswith("name it 'VT-<name>'")


def test_the_mail_nickname_follows_the_pattern_too(desc: Description) -> None:
    policy(desc, "naming: '[GroupName] (VT)'")
    rename_spaces(desc, "")
    for name in ("Équipe RH", "Projet commun", "Mobilité"):
        desc.replace("spaces.yaml", f"display_name: {name}\n", f"display_name: {name} (VT)\n")
    keys = [f.key for f in desc.findings()]
    # the derived nicknames (VT-DRH-drh-equipe...) do not end in "(VT)" made alias-safe: "VT"
    assert keys == [
        "spaces[drh-equipe].mail_nickname",
        "spaces[projet-commun].mail_nickname",
        "spaces[mobilite].mail_nickname",
    ]


def test_a_blocked_word_in_a_name_or_alias_is_refused(desc: Description) -> None:
    policy(desc, "blocked_words: [rh, Commun]")
    seen = sorted((f.key, f.message) for f in desc.findings())
    assert seen == [
        ("spaces[drh-equipe].display_name", "display name 'Équipe RH' holds the blocked word 'rh'"),
        (
            "spaces[projet-commun].display_name",
            "display name 'Projet commun' holds the blocked word 'Commun'",
        ),
        (
            "spaces[projet-commun].mail_nickname",
            "mail nickname 'VT-DRH-projet-commun' holds the blocked word 'Commun'",
        ),
    ]


def test_creators_must_be_a_declared_directorate(desc: Description) -> None:
    policy(desc, "users_can_create: false", "creators: DAF")
    finding = desc.only()
    assert (finding.key, finding.message) == (
        "tenant.group_policy.creators",
        "unknown directorate 'DAF'",
    )
    assert finding.source is not None
    assert finding.source.line == desc.line("tenant.yaml", "creators: DAF")


def test_creators_without_restricting_creation_is_refused(desc: Description) -> None:
    policy(desc, "creators: DSI")
    finding = desc.only()
    assert finding.key == "tenant.group_policy"
    assert "'creators' matters only when users cannot create groups" in finding.message


def test_a_pattern_without_the_group_name_is_refused(desc: Description) -> None:
    policy(desc, "naming: 'VT-'")
    finding = desc.only()
    assert finding.key == "tenant.group_policy"
    assert "'naming' must contain [GroupName] exactly once" in finding.message


def test_blocked_words_up_to_the_limit_exactly(desc: Description) -> None:
    words = ", ".join(f"mot{n}" for n in range(BLOCKED_WORDS_MAX))
    policy(desc, f"blocked_words: [{words}]")
    assert len(desc.load().tenant.tenant.group_policy.blocked_words) == BLOCKED_WORDS_MAX
    policy_line = f"blocked_words: [{words}, mot{BLOCKED_WORDS_MAX}]"
    desc.replace("tenant.yaml", f"blocked_words: [{words}]", policy_line)
    finding = desc.only()
    assert finding.key == "tenant.group_policy.blocked_words"


def test_the_city_stack_under_a_prefix_pattern_names_every_space_once_per_name(
    tmp_path: Path,
) -> None:
    data = tmp_path / "city"
    shutil.copytree(Path(stacks.__file__).parent / "city_metropolis" / "data", data)
    tenant_yaml = data / "tenant.yaml"
    text = tenant_yaml.read_text(encoding="utf-8")
    blocked = "blocked_words: [Confidentiel, Salaires, Essai, Test]"
    assert blocked in text
    tenant_yaml.write_text(
        text.replace(
            blocked,
            "naming: 'VAL-[GroupName]'\n    blocked_words: [Direction générale, Festival]",
        ),
        encoding="utf-8",
    )
    with pytest.raises(TenantDescriptionError) as caught:
        load_tenant(data, relative_to=data)
    findings = caught.value.findings
    spaces = load_stack("city_metropolis").tenant.spaces
    unnamed = [f for f in findings if "does not follow the tenant's naming policy" in f.message]
    assert len(unnamed) == 2 * len(spaces)  # each display name and each mail nickname
    assert sorted(f.key for f in findings if "blocked word" in f.message) == [
        "spaces[dgsm-direction].display_name",
        "spaces[festival-ete].display_name",
        "spaces[festival-ete].mail_nickname",  # VV-…-festival-ete: the word, between dashes
    ]
    assert all(f.source is not None and f.source.line for f in findings)
