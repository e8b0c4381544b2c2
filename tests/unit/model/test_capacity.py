"""Microsoft 365's limits in a description: exactly at each limit it loads, one past it the
description is refused with one finding naming the file, line, key and fix."""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tenantctl.m365 import limits
from tenantctl.model import TenantDescriptionError, load_tenant
from tenantctl.model.derive import department_rule
from tenantctl.stack.project import load_stack, project_root

if TYPE_CHECKING:
    from conftest import Description


def people(count: int, directorate: str = "DRH", tag: str = "agent") -> str:
    """A `people:` section of `count` agents of a directorate (apostrophes and accents in
    their names, as the directory has them)."""
    lines = ["people:"]
    for n in range(count):
        lines += [
            f"  - upn: {tag}.{n}@ville-test.fr",
            f'    display_name: "Agnès D\'Almeida {n}"',
            f"    directorate: {directorate}",
        ]
    return "\n".join(lines) + "\n"


def upns(count: int, tag: str = "agent") -> str:
    return "[" + ", ".join(f"{tag}.{n}@ville-test.fr" for n in range(count)) + "]"


def space_with_channels(count: int, kind: str = "standard") -> str:
    lines = [
        "spaces:",
        "  - key: grand-projet",
        "    kind: intra",
        "    display_name: Grand projet",
        "    directorates: [DRH]",
        "    channels:",
    ]
    for n in range(count):
        lines.append(f"      - name: Chantier n°{n} de l\u2019été")
    return "\n".join(lines) + "\n"


# -- channels per team ------------------------------------------------------------------------


def test_a_team_holds_999_channels_besides_general(desc: Description) -> None:
    desc.write("big.yaml", space_with_channels(limits.TEAM_CHANNELS_MAX - 1))
    space = next(s for s in desc.load().tenant.spaces if s.key == "grand-projet")
    assert len(space.channels) == 999


def test_a_thousandth_channel_and_general_are_one_too_many(desc: Description) -> None:
    desc.write("big.yaml", space_with_channels(limits.TEAM_CHANNELS_MAX))
    finding = desc.only()
    assert (str(finding.source), finding.key, finding.message, finding.fix) == (
        f"big.yaml:{desc.line('big.yaml', 'channels:')}",
        "spaces[grand-projet].channels",
        "the team would have 1,001 channels with General; Teams allows 1,000 per team, "
        "deleted ones included for 30 days",
        "keep at most 999 channels here, or split the space in two",
    )


def test_a_space_with_20000_channels_is_refused_at_once(desc: Description) -> None:
    desc.write("big.yaml", space_with_channels(20_000))
    started = time.perf_counter()
    finding = desc.only()
    elapsed = time.perf_counter() - started
    assert finding.key == "spaces[grand-projet].channels"
    assert finding.message.startswith("the team would have 20,001 channels with General")
    assert elapsed < 60, f"validating 20,000 channels took {elapsed:.1f} s"


def test_the_city_stack_with_one_space_too_many_channels_reports_only_that(
    tmp_path: Path,
) -> None:
    city = load_stack("city_metropolis").tenant
    data = shutil.copytree(project_root() / "stacks/city_metropolis/data", tmp_path / "data")
    directorate = city.directorates[0]
    channels = "".join(f"      - name: Réunion n°{n}\n" for n in range(limits.TEAM_CHANNELS_MAX))
    (data / "spaces" / "big.yaml").write_text(
        "spaces:\n"
        "  - key: grand-chantier\n"
        "    kind: intra\n"
        "    display_name: Grand chantier\n"
        f"    directorates: [{directorate.code}]\n"
        f"    channels:\n{channels}",
        encoding="utf-8",
    )
    with pytest.raises(TenantDescriptionError) as refused:
        load_tenant(data, relative_to=tmp_path)
    assert [(str(f.source), f.key) for f in refused.value.findings] == [
        ("data/spaces/big.yaml:6", "spaces[grand-chantier].channels")
    ]


# -- channel rosters --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "most"),
    [
        ("private", limits.PRIVATE_CHANNEL_MEMBERS_MAX),
        ("shared", limits.SHARED_CHANNEL_MEMBERS_MAX),
    ],
)
@pytest.mark.parametrize("past", [False, True])
def test_a_channel_roster_stops_at_its_limit(
    desc: Description, kind: str, most: int, past: bool
) -> None:
    count = most + past
    desc.write("crowd.yaml", people(count))
    desc.replace(
        "spaces.yaml",
        "        kind: private\n        owners: [alice@ville-test.fr]",
        f"        kind: {kind}\n        owners: [alice@ville-test.fr]\n"
        f"        members: {upns(count - 1)}",
    )
    if not past:
        channel = next(s for s in desc.load().tenant.spaces if s.key == "drh-equipe").channels[1]
        assert len({*channel.owners, *channel.members}) == most
        return
    finding = desc.only()
    assert (str(finding.source), finding.key, finding.message, finding.fix) == (
        f"spaces.yaml:{desc.line('spaces.yaml', 'members: [agent.0')}",
        "spaces[drh-equipe].channels[1].members",
        f"the {kind} channel has {most + 1:,} owners and members; Teams allows {most:,}",
        "move some of them to another channel",
    )


# -- owners -----------------------------------------------------------------------------------


@pytest.mark.parametrize("past", [False, True])
def test_a_directorate_group_has_at_most_100_owners(desc: Description, past: bool) -> None:
    count = limits.GROUP_OWNERS_MAX + past
    desc.write("crowd.yaml", people(count))
    desc.replace(
        "directorates.yaml",
        "owners: [alice@ville-test.fr, bruno@ville-test.fr]",
        f"owners: {upns(count)}",
    )
    if not past:
        assert len(desc.load().tenant.directorates[0].owners) == 100
        return
    finding = desc.only()
    assert (finding.key, finding.message, finding.fix) == (
        "directorates[DRH].owners",
        "has 101 owners; a group has at most 100",
        "keep the people who run the directorate as owners; the rest are members",
    )
    assert str(finding.source) == f"directorates.yaml:{desc.line('directorates.yaml', 'agent.0')}"


@pytest.mark.parametrize("past", [False, True])
def test_a_team_has_at_most_100_owners(desc: Description, past: bool) -> None:
    count = limits.TEAM_OWNERS_MAX + past
    desc.write("crowd.yaml", people(count))
    desc.replace(
        "spaces.yaml",
        "owners: [alice@ville-test.fr, chloe@ville-test.fr]",
        f"owners: {upns(count)}",
    )
    if not past:
        desc.load()
        return
    finding = desc.only()
    assert (finding.key, finding.message, finding.fix) == (
        "spaces[projet-commun].owners",
        "the team has 101 owners; Teams allows 100",
        "make the others members",
    )


# -- people per team --------------------------------------------------------------------------


@pytest.mark.parametrize("past", [False, True])
def test_a_team_holds_at_most_25000_people(desc: Description, past: bool) -> None:
    desc.replace("directorates.yaml", "headcount: 40", f"headcount: {25_000 + past}")
    if not past:
        desc.load()
        return
    finding = desc.only()
    assert (str(finding.source), finding.key, finding.message, finding.fix) == (
        f"spaces.yaml:{desc.line('spaces.yaml', 'key: drh-equipe')}",
        "spaces[drh-equipe].members",
        "the team would have at least 25,001 people (the headcount of DRH); Teams allows 25,000",
        "split the space, one team per part of the directorate",
    )


# -- membership rules -------------------------------------------------------------------------


def rule_of_length(length: int) -> list[str]:
    """Departments whose rule (`user.department -in [...]`) is exactly `length` long."""
    names = [f"Service d'accueil n°{n:03d} — état civil" for n in range(90)]
    while len(department_rule(names) or "") > length:
        names.pop()
    names[-1] += "x" * (length - len(department_rule(names) or ""))
    assert len(department_rule(names) or "") == length
    return names


@pytest.mark.parametrize("past", [False, True])
def test_a_directorates_rule_has_at_most_3072_characters(desc: Description, past: bool) -> None:
    departments = rule_of_length(limits.MEMBERSHIP_RULE_MAX + past)
    listed = "".join(f'        - "{d}"\n' for d in departments).rstrip("\n")
    desc.replace(
        "directorates.yaml", "departments: [DRH - Paie, DRH - Formation]", f"departments:\n{listed}"
    )
    desc.replace("licences.yaml", "directorates: [DRH, DSI]", "directorates: [DSI]")
    if not past:
        desc.load()
        return
    finding = desc.only()
    assert (finding.key, finding.message) == (
        "directorates[DRH].membership.departments",
        "the membership rule of its departments is 3,073 characters, over Entra ID's limit of "
        "3,072",
    )
    assert finding.fix == "split the directorate, or shorten the department names in the directory"


def test_an_intra_spaces_named_members_count_in_its_rule(desc: Description) -> None:
    desc.write("crowd.yaml", people(130))
    desc.replace(
        "spaces.yaml",
        "    directorates: [DRH]\n    channels:",
        f"    directorates: [DRH]\n    members: {upns(130)}\n    channels:",
    )
    finding = desc.only()
    assert finding.key == "spaces[drh-equipe].members"
    assert finding.message.startswith(
        "the team's membership rule (its directorate's, with the 130 members named here) is "
    )
    assert finding.message.endswith("characters, over Entra ID's limit of 3,072")
    assert finding.fix == "name fewer members here; the directorate's departments bring the rest"


# -- names and texts --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "most"),
    [("display_name", limits.DISPLAY_NAME_MAX), ("description", limits.DESCRIPTION_MAX)],
)
@pytest.mark.parametrize("past", [False, True])
def test_a_spaces_texts_stop_at_their_lengths(
    desc: Description, field: str, most: int, past: bool
) -> None:
    text = ("L'été à Noël — " * most)[: most + past]
    desc.replace("spaces.yaml", "display_name: Projet commun", f'{field}: "{text}"')
    if field == "description":
        desc.replace("spaces.yaml", "    kind: inter\n", "    kind: inter\n    display_name: P\n")
    if not past:
        space = next(s for s in desc.load().tenant.spaces if s.key == "projet-commun")
        assert getattr(space, field) == text
        return
    finding = desc.only()
    written = desc.line("spaces.yaml", field + ': "L')
    assert (str(finding.source), finding.key, finding.message, finding.fix) == (
        f"spaces.yaml:{written}",
        f"spaces[projet-commun].{field}",
        f"is {most + 1:,} characters long, over the limit of {most:,}",
        f"shorten it to {most:,} characters or fewer",
    )


@pytest.mark.parametrize("past", [False, True])
def test_a_user_principal_name_has_at_most_113_characters(desc: Description, past: bool) -> None:
    local = "a" * 64
    domain = "d" * (limits.USER_PRINCIPAL_NAME_MAX - 64 - 1 - 3 + past) + ".fr"
    upn = f"{local}@{domain}"
    desc.replace("people.yaml", "upn: bruno@ville-test.fr", f"upn: {upn}")
    desc.replace("directorates.yaml", "bruno@ville-test.fr", upn)
    desc.replace("spaces.yaml", "bruno@ville-test.fr", upn)
    if not past:
        assert len(desc.load().tenant.people[1].upn) == limits.USER_PRINCIPAL_NAME_MAX
        return
    finding = next(f for f in desc.findings() if f.key.startswith("people"))
    assert (finding.message, finding.fix) == (
        "is 114 characters long, over the limit of 113",
        "shorten it to 113 characters or fewer",
    )
