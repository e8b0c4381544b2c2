"""The least set of Graph application permissions a set of resource kinds needs."""

from __future__ import annotations

from collections.abc import Iterable

from tenantctl.resources.registry import spec_of

IMPLIED = {
    "Group.Read.All": "Group.ReadWrite.All",
    "User.Read.All": "User.ReadWrite.All",
    "Sites.Read.All": "Sites.ReadWrite.All",
}
"""A permission made redundant by a broader one also needed (read by read-write)."""


def required_permissions(resource_kinds: Iterable[str]) -> list[str]:
    """Sorted permissions of the kinds' operations, with reads covered by writes dropped.

    Entries prefixed `SharePoint:` are permissions of the SharePoint API, not Graph.
    """
    needed = {perm for kind in resource_kinds for perm in spec_of(kind).permissions}
    return sorted(perm for perm in needed if IMPLIED.get(perm) not in needed)
