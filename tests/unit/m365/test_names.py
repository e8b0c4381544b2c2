"""Microsoft 365's naming rules at their boundaries."""

from __future__ import annotations

import pytest

from tenantctl.m365 import limits
from tenantctl.m365.names import channel_name_problem, mail_nickname_problem


@pytest.mark.parametrize(
    "nickname",
    ["VV-DRH-agents", "a", "n" * limits.MAIL_NICKNAME_MAX, "x.y_z", "VM-EAU-2027", "o'neil"],
)
def test_acceptable_mail_nicknames(nickname: str) -> None:
    assert mail_nickname_problem(nickname) is None


@pytest.mark.parametrize(
    ("nickname", "problem"),
    [
        ("", "is empty"),
        ("n" * 65, "is 65 characters long, over Graph's limit of 64"),
        ("équipe", "contains characters Graph refuses in a mailNickname: 'é'"),
        ("a b", "contains characters Graph refuses in a mailNickname: ' '"),
        ("a@b;c", "contains characters Graph refuses in a mailNickname: ';', '@'"),
        ("[rh](x)", "contains characters Graph refuses in a mailNickname: '(', ')', '[', ']'"),
        ("tab\there", "contains characters Graph refuses in a mailNickname: '\\t'"),
    ],
)
def test_mail_nicknames_graph_refuses(nickname: str, problem: str) -> None:
    assert mail_nickname_problem(nickname) == problem


@pytest.mark.parametrize(
    "name",
    [
        "Paie",
        "Qualité de l\u2019eau",
        "c" * limits.CHANNEL_NAME_MAX,
        "Budget 2027 (arbitrages)",
        "Généraux",
        "Forms review",
        "Réunions 🗓",
    ],
)
def test_acceptable_channel_names(name: str) -> None:
    assert channel_name_problem(name) is None


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("c" * 51, "is 51 characters long, over Teams' limit of 50"),
        ("   ", "is empty"),
        ("Qualité de l'eau", 'contains characters Teams refuses: "\'"'),
        ("a/b\\c", "contains characters Teams refuses: '/', '\\\\'"),
        ("Budget, achats", "contains characters Teams refuses: ','"),
        ("tab\there", "contains characters Teams refuses: '\\t'"),
        ("c1\x85", "contains characters Teams refuses: '\\x85'"),
        ("a..b", "contains '..', which Teams refuses"),
        (".cache", "starts with '_' or '.', or ends with '.', which Teams refuses"),
        ("fin.", "starts with '_' or '.', or ends with '.', which Teams refuses"),
        ("x_vti_y", "contains '_vti_', which Teams refuses"),
        ("general", "is a name Teams reserves"),
        ("GENERAL ", "is a name Teams reserves"),
        ("Forms", "is a name Teams reserves"),
        ("LPT1", "is a name Teams reserves"),
        ("conin$", "is a name Teams reserves"),
    ],
)
def test_channel_names_teams_refuses(name: str, problem: str) -> None:
    assert channel_name_problem(name) == problem
