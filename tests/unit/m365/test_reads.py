"""A refused call's permission is found among the declared reads by its path: the longest
declared prefix, `{id}` any one segment, SharePoint's `_api` whatever the site; and the reads
the commands declare are one table, every path naming one permission."""

from __future__ import annotations

import pytest

from tenantctl.governance.permissions import COMMAND_CALLS, command_reads, read_permission
from tenantctl.m365.permissions import granted_by, read_only
from tenantctl.m365.reads import Read, permission_of, permissions

READS = (
    Read("groups", "GroupMember.Read.All"),
    Read("groups/{id}/settings", "GroupSettings.Read.All"),
    Read("teams/{id}/channels/{id}/members", "ChannelMember.Read.All"),
    Read("_api", "SharePoint:Sites.FullControl.All"),
)


@pytest.mark.parametrize(
    ("url", "permission"),
    [
        ("groups/delta?$select=id", "GroupMember.Read.All"),
        ("https://graph.microsoft.com/v1.0/groups/0b1c/settings", "GroupSettings.Read.All"),
        ("http://127.0.0.1:8080/v1.0/groups/0b1c/owners", "GroupMember.Read.All"),
        ("/beta/teams/t1/channels/c%27été/members", "ChannelMember.Read.All"),
        ("https://ville-admin.sharepoint.com/_api/$batch", "SharePoint:Sites.FullControl.All"),
        ("teams/t1/channels", None),
        ("groupSettings", None),
    ],
)
def test_a_call_takes_the_permission_of_its_longest_declared_prefix(
    url: str, permission: str | None
) -> None:
    assert permission_of(url, READS) == permission


def test_permissions_are_listed_once_in_order() -> None:
    twice = (*READS, Read("users", "User.Read.All"), Read("groups", "GroupMember.Read.All"))
    assert permissions(twice) == (
        "GroupMember.Read.All",
        "GroupSettings.Read.All",
        "ChannelMember.Read.All",
        "SharePoint:Sites.FullControl.All",
        "User.Read.All",
    )


def test_every_declared_read_path_names_one_permission() -> None:
    named: dict[str, set[str]] = {}
    for call in COMMAND_CALLS:
        named.setdefault(call.path, set()).add(call.permission)
    assert {path: found for path, found in named.items() if len(found) > 1} == {}


@pytest.mark.parametrize(
    ("url", "permission"),
    [
        ("https://graph.microsoft.com/v1.0/groups/delta", "GroupMember.Read.All"),
        ("/v1.0/subscribedSkus", "LicenseAssignment.Read.All"),
        ("/v1.0/groups/0b1c/settings", "GroupSettings.Read.All"),
        ("/v1.0/reports/getOffice365ActiveUserDetail(period='D30')", "Reports.Read.All"),
        ("/v1.0/admin/sharepoint/settings", "SharePointTenantSettings.Read.All"),
        ("/v1.0/invitations", None),
    ],
)
def test_the_commands_reads_name_the_permission_of_a_refused_call(
    url: str, permission: str | None
) -> None:
    assert read_permission(url) == permission


def test_the_commands_read_set_covers_every_read_and_writes_only_through_sharepoint() -> None:
    listed = command_reads()
    granted = set(listed) | {narrower for p in listed for narrower in granted_by(p)}
    assert set(permissions(COMMAND_CALLS)) <= granted
    assert [p for p in listed if not read_only(p)] == ["SharePoint:Sites.FullControl.All"]
