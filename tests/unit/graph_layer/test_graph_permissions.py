"""The least Graph application permissions for a set of resource kinds."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tenantctl.cli import main
from tenantctl.resources import required_permissions
from tenantctl.resources.registry import SPECS


def test_every_kind_declares_the_permissions_of_its_operations() -> None:
    declared = {kind: spec.permissions for kind, spec in SPECS.items() if kind != "GraphObject"}
    assert all(declared.values())


def test_permissions_are_merged_and_sorted_without_repeats() -> None:
    assert required_permissions(["TeamMember", "GuestInvitation", "GuestInvitation"]) == [
        "TeamMember.ReadWrite.All",
        "User.Invite.All",
        "User.ReadWrite.All",
    ]


def test_a_permission_another_needed_one_grants_is_dropped() -> None:
    needed = required_permissions(["Channel", "GuestInvitation", "Group"])
    assert "User.ReadWrite.All" in needed
    assert "User.Read.All" not in needed
    assert "Group.ReadWrite.All" in needed
    assert "Channel.Create" not in needed


def test_a_teams_only_stack_keeps_the_narrow_teams_permissions() -> None:
    assert required_permissions(["TeamMember", "TeamSettings"]) == [
        "TeamMember.ReadWrite.All",
        "TeamSettings.ReadWrite.All",
        "User.Read.All",
    ]


def test_an_unknown_kind_is_an_error_naming_the_known_ones() -> None:
    with pytest.raises(KeyError, match="unknown Graph resource kind 'Teem'; known: Channel"):
        required_permissions(["Teem"])


def test_the_command_prints_one_permission_a_line() -> None:
    result = CliRunner().invoke(
        main, ["permissions", "CrossTenantPartner", "TenantSharingSettings"]
    )
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "Policy.ReadWrite.CrossTenantAccess",
        "SharePointTenantSettings.ReadWrite.All",
    ]


def test_the_command_refuses_unknown_kinds() -> None:
    result = CliRunner().invoke(main, ["permissions", "Teem"])
    assert result.exit_code == 2
    assert "unknown kinds Teem" in result.output


def test_explain_shows_each_kinds_calls_and_what_delete_does() -> None:
    result = CliRunner().invoke(main, ["permissions", "Team", "--explain"])
    assert "Team: Team.Create, TeamSettings.ReadWrite.All, Group.ReadWrite.All" in result.output
    assert "calls: POST /teams;" in result.output
    assert "delete: keeps the team" in result.output
