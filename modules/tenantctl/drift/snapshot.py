"""Groups and users read in bulk with delta queries, answering the reads that ask for them.

One full delta round (learn.microsoft.com/graph/delta-query-overview) per collection, at
Graph's largest page (`Prefer: odata.maxpagesize`), holds every group (with its members,
`members@delta`, except for dynamic groups) and every user. Reads of a group, of a static
group's members or of a user are then answered from it, without a request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from tenantctl.graph import BatchResult, GraphClient

GROUP_FIELDS = (
    "id",
    "displayName",
    "mailNickname",
    "description",
    "visibility",
    "membershipRule",
    "groupTypes",
    "createdDateTime",
)
USER_FIELDS = ("id", "userPrincipalName", "mail", "displayName", "userType")
MAX_PAGE = {"Prefer": "odata.maxpagesize=999"}
OK, NOT_FOUND = 200, 404


@dataclass
class Snapshot:
    """Every group and user of the tenant, by id (users by lower-case UPN too)."""

    groups: dict[str, dict[str, Any]] = field(default_factory=dict)
    users: dict[str, dict[str, Any]] = field(default_factory=dict)

    async def load(self, client: GraphClient) -> None:
        """Run one delta round of groups (with members) and one of users."""
        select = ",".join((*GROUP_FIELDS, "members"))
        for group in await _delta(client, "groups/delta", select):
            if "@removed" not in group:
                self.groups[str(group["id"])] = group
        for user in await _delta(client, "users/delta", ",".join(USER_FIELDS)):
            if "@removed" not in user:
                self.users[str(user["id"])] = user
                self.users[str(user.get("userPrincipalName", "")).lower()] = user

    def answer(self, url: str) -> BatchResult | None:
        """The answer to a GET of `url` (relative to the version root), if the snapshot has it."""
        parts = urlsplit(url)
        segments = [unquote(s) for s in parts.path.strip("/").split("/")]
        select = {
            name.strip()
            for value in parse_qs(parts.query).get("$select", [])
            for name in value.split(",")
        }
        if segments[0] == "groups" and len(segments) == 2 and select <= set(GROUP_FIELDS):
            group = self.groups.get(segments[1])
            return _found({k: v for k, v in group.items() if "@" not in k}) if group else _gone()
        if segments[0] == "groups" and len(segments) == 3 and segments[2] == "members":
            members = (self.groups.get(segments[1]) or {}).get("members@delta")
            if members is None:
                return None
            return _found({"value": [{"id": m["id"]} for m in members if "@removed" not in m]})
        if segments[0] == "users" and len(segments) == 2 and select <= set(USER_FIELDS):
            user = self.users.get(segments[1]) or self.users.get(segments[1].lower())
            return _found(user) if user else _gone()
        return None


async def _delta(client: GraphClient, path: str, select: str) -> list[dict[str, Any]]:
    """Every object of one full delta round, following `@odata.nextLink`."""
    items: list[dict[str, Any]] = []
    page = await client.get(path, params={"$select": select}, headers=MAX_PAGE)
    while True:
        items.extend(page.get("value", []))
        link = page.get("@odata.nextLink")
        if not link:
            return items
        page = await client.get(link, headers=MAX_PAGE)


def _found(body: dict[str, Any]) -> BatchResult:
    return BatchResult("", OK, {}, body)


def _gone() -> BatchResult:
    error = {"error": {"code": "Request_ResourceNotFound", "message": "not in the tenant"}}
    return BatchResult("", NOT_FOUND, {}, error)
