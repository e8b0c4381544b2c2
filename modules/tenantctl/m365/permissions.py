"""Application permissions: which one grants which, and which only read.

The toolkit's facts, used to print the least set a stack needs (`tenantctl permissions`): a
broader permission and the narrower ones it grants, from the "higher privileged permissions"
columns of the Graph reference's permission tables (learn.microsoft.com/graph/permissions-
reference; each call's page, e.g. learn.microsoft.com/graph/api/team-update, "Permissions").
The local tenant keeps its own table, route by route, from the same pages
(`local_tenant.permissions`); tests/unit/local_tenant/test_permissions.py checks each against
the other.
"""

from __future__ import annotations

from collections.abc import Iterable

SHAREPOINT = "SharePoint:"
"""The prefix of a permission of the SharePoint API (`SharePoint:Sites.FullControl.All`), as
opposed to Graph's (learn.microsoft.com/sharepoint/dev/solution-guidance/
security-apponly-azuread)."""

IMPLIES: dict[str, tuple[str, ...]] = {
    "Directory.ReadWrite.All": (
        "Group.ReadWrite.All",
        "GroupSettings.ReadWrite.All",
        "User.Read.All",
        "LicenseAssignment.ReadWrite.All",
    ),
    "Group.ReadWrite.All": (
        "Group.Read.All",
        "GroupMember.ReadWrite.All",
        "Team.Create",
        "TeamSettings.ReadWrite.All",
        "Channel.Create",
        "Channel.Delete.All",
        "ChannelSettings.ReadWrite.All",
    ),
    "Group.Read.All": ("GroupMember.Read.All",),
    "User.ReadWrite.All": ("User.Read.All",),
    "LicenseAssignment.ReadWrite.All": ("LicenseAssignment.Read.All",),
    "AdministrativeUnit.ReadWrite.All": ("AdministrativeUnit.Read.All",),
    "RoleManagement.ReadWrite.Directory": ("RoleManagement.Read.Directory",),
    "Sites.FullControl.All": ("Sites.ReadWrite.All",),
    "Sites.ReadWrite.All": ("Sites.Read.All",),
}
"""Broader permissions and the narrower ones they grant, on every call the toolkit makes that
accepts the narrower one. Group.ReadWrite.All grants no team or channel membership:
team-list-members, team-post-members and channel-post-members accept only TeamMember.* and
ChannelMember.* permissions. Directory.ReadWrite.All reads users but does not stand for
User.ReadWrite.All: user-delete accepts User.ReadWrite.All alone. GroupMember.ReadWrite.All
does not stand for GroupMember.Read.All: group-get does not accept it."""


def granted_by(permission: str) -> set[str]:
    """Everything `permission` grants, itself excluded."""
    out: set[str] = set()
    stack = list(IMPLIES.get(permission, ()))
    while stack:
        narrower = stack.pop()
        if narrower not in out:
            out.add(narrower)
            stack.extend(IMPLIES.get(narrower, ()))
    return out


def least(permissions: Iterable[str]) -> list[str]:
    """Sorted `permissions`, less those another of them grants."""
    needed = set(permissions)
    redundant = {narrower for perm in needed for narrower in granted_by(perm)}
    return sorted(needed - redundant)


def read_only(permission: str) -> bool:
    """Whether a permission only reads: Graph's and SharePoint's `*.Read.*` and
    `*.ReadBasic.*` (`Group.Read.All`), not `*.ReadWrite.*`, `*.Create` or `*.FullControl.*`."""
    parts = permission.removeprefix(SHAREPOINT).split(".")
    return len(parts) > 1 and parts[1] in ("Read", "ReadBasic")
