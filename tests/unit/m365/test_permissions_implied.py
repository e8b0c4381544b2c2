"""What grants what: a broader permission stands for a narrower one only where Graph says so."""

from __future__ import annotations

from tenantctl.m365.permissions import granted_by, least


def test_a_broader_permission_drops_the_narrower_ones_it_grants() -> None:
    assert least(["Group.ReadWrite.All", "Group.Read.All", "GroupMember.Read.All"]) == [
        "Group.ReadWrite.All"
    ]
    assert "GroupMember.Read.All" in granted_by("Directory.ReadWrite.All")


def test_directory_write_keeps_user_write_which_alone_deletes_users() -> None:
    assert least(["Directory.ReadWrite.All", "User.ReadWrite.All", "User.Read.All"]) == [
        "Directory.ReadWrite.All",
        "User.ReadWrite.All",
    ]


def test_group_member_write_keeps_group_member_read_which_reads_a_group() -> None:
    assert least(["GroupMember.ReadWrite.All", "GroupMember.Read.All"]) == [
        "GroupMember.Read.All",
        "GroupMember.ReadWrite.All",
    ]
