"""The least set of Graph application permissions a set of resource kinds needs."""

from __future__ import annotations

from collections.abc import Iterable

from tenantctl.resources.registry import spec_of

IMPLIES: dict[str, tuple[str, ...]] = {
    "Directory.ReadWrite.All": (
        "Group.ReadWrite.All",
        "GroupSettings.ReadWrite.All",
        "User.ReadWrite.All",
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
        "ChannelMember.ReadWrite.All",
        "TeamMember.ReadWrite.All",
    ),
    "Group.Read.All": ("GroupMember.Read.All",),
    "GroupMember.ReadWrite.All": ("GroupMember.Read.All",),
    "User.ReadWrite.All": ("User.Read.All",),
    "LicenseAssignment.ReadWrite.All": ("LicenseAssignment.Read.All",),
    "Sites.FullControl.All": ("Sites.ReadWrite.All",),
    "Sites.ReadWrite.All": ("Sites.Read.All",),
}
"""Broader permissions and the narrower ones they grant, from the "higher privileged
permissions" columns of the Graph reference's permission tables."""


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


def required_permissions(resource_kinds: Iterable[str]) -> list[str]:
    """Sorted permissions of the kinds' operations, less those another needed one grants.

    Entries prefixed `SharePoint:` are permissions of the SharePoint API, not Graph.
    """
    needed = {perm for kind in resource_kinds for perm in spec_of(kind).permissions}
    redundant = {narrower for perm in needed for narrower in granted_by(perm)}
    return sorted(needed - redundant)
