"""Groups read in bulk with a delta query, answering the reads that ask for them.

One full delta round of groups (learn.microsoft.com/graph/delta-query-overview), at Graph's
largest page (`Prefer: odata.maxpagesize`), holds every group with its members
(`members@delta`, except for dynamic groups; group-delta's `$select=members` returns members
only, not owners); the pages are read one at a time and only the groups the stack's reads
need, and those in its naming scopes, are kept. Reads of a group (its licences too: delta
takes any `$select`, learn.microsoft.com/graph/api/group-delta) or of a static group's
members are then answered from it, without a request. Users are not read in a round: the
stack names a few of the tenant's users, read by name (`tenantctl.drift.filtered`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from tenantctl.graph import BatchResult, GraphClient
from tenantctl.m365 import limits
from tenantctl.m365.mailbox import exchange_kind
from tenantctl.m365.reads import Read

READS = (Read("groups", "GroupMember.Read.All"), Read("users", "User.Read.All"))
"""The groups' round and the users' listings, and their least application permissions
(learn.microsoft.com/graph/api/group-delta, user-list)."""

GROUP_FIELDS = (
    "id",
    "displayName",
    "mailNickname",
    "description",
    "visibility",
    "membershipRule",
    "groupTypes",
    "createdDateTime",
    "assignedLicenses",
    "mailEnabled",
    "securityEnabled",
)
USER_FIELDS = ("id", "userPrincipalName", "mail", "displayName", "userType")
"""What a read of one user may select and still be answered from a listing."""
MAX_PAGE = {"Prefer": f"odata.maxpagesize={limits.PAGE_SIZE_MAX}"}
OK, NOT_FOUND = 200, 404


@dataclass
class DirectorySnapshot:
    """The groups the declared resources' reads ask for, by id, holding only the fields
    compared and each group's member ids.

    `wanted` names the groups to keep (declared ids, and the ids their inputs name); None
    keeps every one. Groups whose mailNickname starts with one of `scopes` are kept as well,
    for the unmanaged groups. A read of a group outside what was kept goes to Graph, so the
    filter saves memory without changing an answer.
    """

    wanted: set[str] | None = None
    scopes: tuple[str, ...] = ()
    groups: dict[str, dict[str, Any]] = field(default_factory=dict)
    members: dict[str, list[str]] = field(default_factory=dict)
    """Member ids of the kept static groups (dynamic groups have none in a delta round)."""
    exchange: Counter[str] = field(default_factory=Counter)
    """Groups Exchange Online manages (distribution lists, mail-enabled security groups), by
    kind: counted, never kept."""

    async def load(self, client: GraphClient) -> None:
        """Run one delta round of groups (with members), page by page."""
        select = ",".join((*GROUP_FIELDS, "members"))
        async for group in _delta(client, "groups/delta", select):
            if "@removed" in group:
                continue
            if (kind := exchange_kind(group)) is not None:
                self.exchange[kind] += 1
            if self._keeps_group(group):
                self._keep_group(group)

    def _keeps_group(self, group: dict[str, Any]) -> bool:
        nickname = str(group.get("mailNickname") or "").lower()
        return self._wants(str(group["id"])) or bool(
            self.scopes and nickname.startswith(self.scopes)
        )

    def _keep_group(self, group: dict[str, Any]) -> None:
        id_ = str(group["id"])
        self.groups[id_] = {k: v for k, v in group.items() if k in GROUP_FIELDS}
        members = group.get("members@delta")
        if members is not None:
            self.members[id_] = [str(m["id"]) for m in members if "@removed" not in m]

    def _wants(self, key: str) -> bool:
        return self.wanted is None or key.lower() in self.wanted

    def group(self, key: str) -> BatchResult | None:
        """A GET of group `key` (with fields among `GROUP_FIELDS`), if the snapshot can answer."""
        if not self._wants(key):
            return None
        group = self.groups.get(key)
        return _found(group) if group else _gone()

    def group_members(self, key: str) -> BatchResult | None:
        """A GET of group `key`'s members (their ids), if the snapshot holds them."""
        members = self.members.get(key) if self._wants(key) else None
        if members is None:
            return None
        return _found({"value": [{"id": id_} for id_ in members]})


async def _delta(client: GraphClient, path: str, select: str) -> AsyncIterator[dict[str, Any]]:
    """Every object of one full delta round, a page at a time, following `@odata.nextLink`."""
    page = await client.get(path, params={"$select": select}, headers=MAX_PAGE)
    while True:
        for item in page.get("value", []):
            yield item
        link = page.get("@odata.nextLink")
        if not link:
            return
        page = await client.get(link, headers=MAX_PAGE)


def _found(body: dict[str, Any]) -> BatchResult:
    return BatchResult("", OK, {}, body)


def _gone() -> BatchResult:
    error = {"error": {"code": "Request_ResourceNotFound", "message": "not in the tenant"}}
    return BatchResult("", NOT_FOUND, {}, error)
