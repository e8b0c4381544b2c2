"""The least set of Graph application permissions a set of resource kinds needs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from tenantctl.resources.registry import spec_of

SHAREPOINT = "SharePoint:"
"""The prefix of a permission of the SharePoint API (`SharePoint:Sites.FullControl.All`)."""

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
    ),
    "Group.Read.All": ("GroupMember.Read.All",),
    "GroupMember.ReadWrite.All": ("GroupMember.Read.All",),
    "User.ReadWrite.All": ("User.Read.All",),
    "LicenseAssignment.ReadWrite.All": ("LicenseAssignment.Read.All",),
    "Sites.FullControl.All": ("Sites.ReadWrite.All",),
    "Sites.ReadWrite.All": ("Sites.Read.All",),
}
"""Broader permissions and the narrower ones they grant, from the "higher privileged
permissions" columns of the Graph reference's permission tables. Group.ReadWrite.All grants
no team or channel membership: team-list-members, team-post-members and channel-post-members
accept only TeamMember.* and ChannelMember.* permissions."""


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
    return least(perm for kind in resource_kinds for perm in spec_of(kind).permissions)


def read_only(permission: str) -> bool:
    """Whether a permission only reads: Graph's and SharePoint's `*.Read.*` and
    `*.ReadBasic.*` (`Group.Read.All`), not `*.ReadWrite.*`, `*.Create` or `*.FullControl.*`."""
    parts = permission.removeprefix(SHAREPOINT).split(".")
    return len(parts) > 1 and parts[1] in ("Read", "ReadBasic")


def least(permissions: Iterable[str]) -> list[str]:
    """Sorted `permissions`, less those another of them grants."""
    needed = set(permissions)
    redundant = {narrower for perm in needed for narrower in granted_by(perm)}
    return sorted(needed - redundant)


@dataclass(frozen=True)
class ReadSet:
    """What a read-only identity needs to read some resources: `permissions`, and the kinds it
    cannot read (`unreadable`: kind → the write-capable permissions their read takes)."""

    permissions: list[str]
    unreadable: dict[str, list[str]]


def read_set(reads: Mapping[str, Iterable[str]], also: Iterable[str] = ()) -> ReadSet:
    """The read set of resource kinds given with the permissions of their reads, and of the
    other reads (`also`) the jobs make."""
    wanted = {kind: list(perms) for kind, perms in reads.items()}
    unreadable = {
        kind: writes
        for kind, perms in sorted(wanted.items())
        if (writes := [p for p in perms if not read_only(p)])
    }
    found = [p for perms in wanted.values() for p in perms if read_only(p)]
    return ReadSet(least([*found, *also]), unreadable)
