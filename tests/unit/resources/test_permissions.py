"""The least Graph application permissions for a set of resource kinds."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tenantctl.cli import main
from tenantctl.m365.permissions import read_only
from tenantctl.resources import required_permissions
from tenantctl.resources.permissions import read_set
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


def test_group_write_grants_no_team_or_channel_membership() -> None:
    # team-list-members, team-post-members and channel-post-members accept only the
    # TeamMember.* and ChannelMember.* permissions, not Group.ReadWrite.All
    needed = required_permissions(["Group", "Team", "TeamMember", "Channel"])
    assert {"TeamMember.ReadWrite.All", "ChannelMember.ReadWrite.All"} <= set(needed)
    assert "Group.ReadWrite.All" in needed and "Channel.Create" not in needed


def test_a_teams_only_stack_keeps_the_narrow_teams_permissions() -> None:
    assert required_permissions(["TeamMember", "TeamSettings"]) == [
        "TeamMember.ReadWrite.All",
        "TeamSettings.ReadWrite.All",
        "User.Read.All",
    ]


def test_an_unknown_kind_is_an_error_naming_the_known_ones() -> None:
    with pytest.raises(
        KeyError, match="unknown Graph resource kind 'Teem'; known: AdministrativeUnit, "
    ):
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


def test_every_kind_declares_the_permissions_of_its_read() -> None:
    declared = {kind: spec.reads for kind, spec in SPECS.items() if kind != "GraphObject"}
    assert all(declared.values())


def test_every_read_is_read_only_but_a_sites_sharing_in_sharepoints_admin_api() -> None:
    writes = {
        kind: [p for p in spec.reads if not read_only(p)]
        for kind, spec in SPECS.items()
        if not all(read_only(p) for p in spec.reads)
    }
    assert writes == {"SiteSharing": ["SharePoint:Sites.FullControl.All"]}


@pytest.mark.parametrize(
    ("permission", "reads_only"),
    [
        ("Group.Read.All", True),
        ("Team.ReadBasic.All", True),
        ("SharePoint:Sites.Read.All", True),
        ("Group.ReadWrite.All", False),
        ("Team.Create", False),
        ("User.Invite.All", False),
        ("SharePoint:Sites.FullControl.All", False),
        ("Policy.ReadWrite.CrossTenantAccess", False),
    ],
)
def test_a_permission_reads_only_when_its_action_is_read(permission: str, reads_only: bool) -> None:
    assert read_only(permission) is reads_only


def test_a_read_set_keeps_the_least_read_permissions_and_names_the_unreadable_kinds() -> None:
    found = read_set(
        {"Group": ("Group.Read.All",), "SiteSharing": ("Sites.Read.All", "SharePoint:X.Write")},
        also=("GroupMember.Read.All", "User.Read.All"),
    )

    assert found.permissions == ["Group.Read.All", "Sites.Read.All", "User.Read.All"]
    assert found.unreadable == {"SiteSharing": ["SharePoint:X.Write"]}


def test_the_read_command_prints_the_read_set_and_names_what_it_cannot_read() -> None:
    result = CliRunner().invoke(main, ["permissions", "Team", "SiteSharing", "--read"])

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Channel.ReadBasic.All",  # a team's channels: drift reports those made by hand
        "GroupMember.Read.All",
        "LicenseAssignment.Read.All",
        "Sites.Read.All",
        "Team.ReadBasic.All",
        "User.Read.All",
    ]
    assert result.stderr.splitlines() == [
        "note: SiteSharing is not read by a read-only identity: its read takes "
        "SharePoint:Sites.FullControl.All; drift reports it as not checked"
    ]
