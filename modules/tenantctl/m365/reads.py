"""A Graph read and the least application permission it takes, as each call's reference page
says under "Permissions" (learn.microsoft.com/graph/permissions-reference).

Reads are declared where they are made (a resource kind's spec, a job's module); the sets
`tenantctl permissions --read` prints and the permission a refused read names (403) both come
from those declarations.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlsplit

ROOTS = ("/v1.0/", "/beta/")
"""Graph's version roots, which a read's path is relative to."""
SHAREPOINT_API = "_api"
"""The first segment of SharePoint's REST API (its admin site's), after the site's URL."""


@dataclass(frozen=True)
class Read:
    """A call that reads, and its least permission. `path`: relative to Graph's version root,
    `{id}` standing for any one segment; `_api/...` is SharePoint's REST API, whatever the
    site. `permission`: `SharePoint:` prefixed for a permission of the SharePoint API."""

    path: str
    permission: str

    def matches(self, segments: list[str]) -> bool:
        """Whether a call's path (its segments) starts with this read's."""
        wanted = self.path.split("/")
        return len(wanted) <= len(segments) and all(
            want in ("{id}", got) for want, got in zip(wanted, segments, strict=False)
        )

    def url(self, *ids: str) -> str:
        """This read's path with `ids` (quoted) in its `{id}` segments, in order."""
        filled = iter(ids)
        path = "/".join(
            quote(next(filled), safe="") if part == "{id}" else part
            for part in self.path.split("/")
        )
        if next(filled, None) is not None:
            raise ValueError(f"{self.path} takes fewer ids than {ids}")
        return path

    def ids_in(self, url: str) -> tuple[str, ...] | None:
        """The ids (unquoted) a call of exactly this read's path puts in its `{id}` segments;
        None for a call of another path."""
        called = segments(url)
        wanted = self.path.split("/")
        if len(called) != len(wanted) or not self.matches(called):
            return None
        return tuple(
            unquote(got) for want, got in zip(wanted, called, strict=True) if want == "{id}"
        )


def segments(url: str) -> list[str]:
    """The segments of a call's path under Graph's version root, or from SharePoint's `_api`;
    `url` absolute or relative to the version root."""
    path = urlsplit(url).path
    for root in ROOTS:
        path = path.split(root, 1)[-1]
    marker = f"/{SHAREPOINT_API}/"
    if marker in f"/{path}":
        path = SHAREPOINT_API + "/" + f"/{path}".split(marker, 1)[1]
    return path.strip("/").split("/")


def declared(url: str, reads: Iterable[Read]) -> Read | None:
    """The read whose path matches most of `url`'s (the first of equals); None when none does."""
    called = segments(url)
    found = [read for read in reads if read.matches(called)]
    return max(found, key=lambda read: len(read.path.split("/")), default=None)


def permission_of(url: str, reads: Iterable[Read]) -> str | None:
    """The permission of the read whose path matches most of `url`'s; None when none does."""
    read = declared(url, reads)
    return None if read is None else read.permission


def permissions(reads: Iterable[Read]) -> tuple[str, ...]:
    """The reads' permissions, each once, in order."""
    return tuple(dict.fromkeys(read.permission for read in reads))


# The single-object reads several resource kinds make, and drift answers in bulk
# (tenantctl.drift.bulk): learn.microsoft.com/graph/api/group-get, group-list-members,
# group-list-owners, conversationmember-get,
# user-get, team-get, channel-get, channel-list, subscribedsku-list.
GROUP = Read("groups/{id}", "GroupMember.Read.All")
GROUP_MEMBERS = Read("groups/{id}/members", "GroupMember.Read.All")
GROUP_OWNERS = Read("groups/{id}/owners", "GroupMember.Read.All")
USER = Read("users/{id}", "User.Read.All")
TEAM = Read("teams/{id}", "Team.ReadBasic.All")
TEAM_MEMBER = Read("teams/{id}/members/{id}", "TeamMember.Read.All")
CHANNELS = Read("teams/{id}/channels", "Channel.ReadBasic.All")
CHANNEL = Read("teams/{id}/channels/{id}", "Channel.ReadBasic.All")
SUBSCRIBED_SKUS = Read("subscribedSkus", "LicenseAssignment.Read.All")
