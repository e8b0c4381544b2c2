"""A Graph read and the least application permission it takes, as each call's reference page
says under "Permissions" (learn.microsoft.com/graph/permissions-reference).

Reads are declared where they are made (a resource kind's spec, a job's module); the sets
`tenantctl permissions --read` prints and the permission a refused read names (403) both come
from those declarations.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

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


def permission_of(url: str, reads: Iterable[Read]) -> str | None:
    """The permission of the read whose path matches most of `url`'s; None when none does."""
    called = segments(url)
    found = [(len(read.path.split("/")), read.permission) for read in reads if read.matches(called)]
    return max(found)[1] if found else None


def permissions(reads: Iterable[Read]) -> tuple[str, ...]:
    """The reads' permissions, each once, in order."""
    return tuple(dict.fromkeys(read.permission for read in reads))
