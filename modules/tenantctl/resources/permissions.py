"""The least set of Graph application permissions a set of resource kinds needs, and the
permission each read of the read-only jobs needs."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

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


READS: tuple[tuple[str, str], ...] = (
    ("users", "User.Read.All"),
    ("groups", "GroupMember.Read.All"),
    ("directory/deletedItems", "GroupMember.Read.All"),
    ("groups/{id}/settings", "GroupSettings.Read.All"),
    ("groups/{id}/sites", "Sites.Read.All"),
    ("sites", "Sites.Read.All"),
    ("groups/{id}/team", "Team.ReadBasic.All"),
    ("teams", "Team.ReadBasic.All"),
    ("teams/{id}/channels", "Channel.ReadBasic.All"),
    ("teams/{id}/channels/{id}/members", "ChannelMember.Read.All"),
    ("teams/{id}/members", "TeamMember.Read.All"),
    ("subscribedSkus", "Organization.Read.All"),
    ("organization", "Organization.Read.All"),
    ("reports", "Reports.Read.All"),
    ("admin/reportSettings", "ReportSettings.Read.All"),
    ("admin/sharepoint/settings", "SharePointTenantSettings.Read.All"),
    ("policies/crossTenantAccessPolicy", "Policy.Read.All"),
    ("_api", "SharePoint:Sites.FullControl.All"),
)
"""The reads of the read-only jobs (drift, export, reports, `check --live`), by path prefix
under the Graph version root (`{id}` is any one segment; `_api` is SharePoint's admin API),
and the least tenant-wide application permission each needs, from the "Least privileged
permissions" of the Graph reference pages: learn.microsoft.com/graph/api/user-list, user-get,
user-delta, group-list, group-get, group-delta, group-list-members, group-list-owners,
directory-deleteditems-list, group-list-settings, site-get, team-get, channel-list,
channel-list-members, team-list-members, subscribedsku-list, organization-list,
reportroot-getoffice365activeuserdetail (and the other usage reports), adminreportsettings-get,
sharepointsettings-get, crosstenantaccesspolicy-list-partners; SharePoint's admin API takes
Sites.FullControl.All of the SharePoint API. Resource-specific (`*.Group`) permissions are
left out: they are consented team by team."""


def read_permission(url: str) -> str | None:
    """The permission a GET of `url` (absolute, or relative to the Graph version root) needs,
    by its longest matching prefix in READS; None when no job reads it."""
    path = urlsplit(url).path
    for root in ("/v1.0/", "/beta/"):
        path = path.split(root, 1)[-1]
    if "/_api/" in f"/{path}":
        path = "_api/" + f"/{path}".split("/_api/", 1)[1]
    segments = path.strip("/").split("/")
    best: tuple[int, str] | None = None
    for prefix, permission in READS:
        wanted = prefix.split("/")
        if len(wanted) <= len(segments) and all(
            want in ("{id}", got) for want, got in zip(wanted, segments, strict=False)
        ):
            best = max(best or (0, ""), (len(wanted), permission))
    return best[1] if best else None


def read_permissions() -> list[str]:
    """Every permission the read-only jobs need, less those another needed one grants."""
    needed = {permission for _, permission in READS}
    redundant = {narrower for perm in needed for narrower in granted_by(perm)}
    return sorted(needed - redundant)
