"""Groups and users read in bulk with delta queries, answering the reads that ask for them.

One full delta round (learn.microsoft.com/graph/delta-query-overview) per collection, at
Graph's largest page (`Prefer: odata.maxpagesize`), holds every group (with its members,
`members@delta`, except for dynamic groups) and every user; the pages are read one at a
time and only the objects the stack's reads need are kept. Reads of a group (its licences
too: delta takes any `$select`, learn.microsoft.com/graph/api/group-delta), of a static
group's members or of a user are then answered from it, without a request.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from tenantctl.drift.state import lower
from tenantctl.graph import BatchResult, GraphClient
from tenantctl.m365 import limits
from tenantctl.m365.mailbox import exchange_kind
from tenantctl.m365.reads import Read

READS = (Read("groups", "GroupMember.Read.All"), Read("users", "User.Read.All"))
"""The two rounds and their least application permissions
(learn.microsoft.com/graph/api/group-delta, user-delta)."""

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
MAX_PAGE = {"Prefer": f"odata.maxpagesize={limits.PAGE_SIZE_MAX}"}
OK, NOT_FOUND = 200, 404


@dataclass
class DirectorySnapshot:
    """The groups and users the declared resources' reads ask for, by id (users by lower-case
    UPN too), holding only the fields compared and each group's member ids.

    `wanted` names the objects to keep (declared ids, and the ids and user names their inputs
    name; the members of kept groups are kept too); None keeps every one. Groups whose
    mailNickname starts with one of `scopes` are kept as well, for the unmanaged groups. A
    read of an object outside what was kept goes to Graph, so the filter saves memory
    without changing an answer.
    """

    wanted: set[str] | None = None
    scopes: tuple[str, ...] = ()
    groups: dict[str, dict[str, Any]] = field(default_factory=dict)
    members: dict[str, list[str]] = field(default_factory=dict)
    """Member ids of the kept static groups (dynamic groups have none in a delta round)."""
    users: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    """Kept users' `USER_FIELDS` values, by id and by lower-case UPN."""
    exchange: Counter[str] = field(default_factory=Counter)
    """Groups Exchange Online manages (distribution lists, mail-enabled security groups), by
    kind: counted, never kept."""

    async def load(self, client: GraphClient) -> None:
        """Run one delta round of groups (with members), then one of users, page by page."""
        select = ",".join((*GROUP_FIELDS, "members"))
        async for group in _delta(client, "groups/delta", select):
            if "@removed" in group:
                continue
            if (kind := exchange_kind(group)) is not None:
                self.exchange[kind] += 1
            if self._keeps_group(group):
                self._keep_group(group)
        self._want_members()
        async for user in _delta(client, "users/delta", ",".join(USER_FIELDS)):
            if "@removed" not in user and self._keeps_user(user):
                kept = _compact(user)
                upn = lower(str(user.get("userPrincipalName", "")))
                self.users[str(user["id"])] = self.users[upn] = kept
                if self.wanted is not None:  # read back by name too (azuread names users by id)
                    self.wanted.add(upn)

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

    def _keeps_user(self, user: dict[str, Any]) -> bool:
        if self.wanted is None:
            return True
        upn = str(user.get("userPrincipalName", "")).lower()
        return self._wants(str(user["id"])) or upn in self.wanted

    def _wants(self, key: str) -> bool:
        return self.wanted is None or key.lower() in self.wanted

    def _want_members(self) -> None:
        """Keep the users who belong to a kept group too (their ids are read back)."""
        if self.wanted is not None:
            self.wanted.update(id_ for ids in self.members.values() for id_ in ids)

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

    def user(self, key: str) -> BatchResult | None:
        """A GET of user `key` (id or UPN; fields among `USER_FIELDS`), if the snapshot can
        answer."""
        if not self._wants(key):
            return None
        user = self.users.get(key) or self.users.get(key.lower())
        return _found(dict(zip(USER_FIELDS, user, strict=True))) if user else _gone()


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


def _compact(user: dict[str, Any]) -> tuple[Any, ...]:
    """A user's `USER_FIELDS` values; a mail equal to the UPN shares its string, and the user
    type (one of a few values) is interned."""
    upn = user.get("userPrincipalName")
    mail = user.get("mail")
    kind = user.get("userType")
    values = {
        **user,
        "mail": upn if mail == upn else mail,
        "userType": sys.intern(kind) if isinstance(kind, str) else kind,
    }
    return tuple(values.get(name) for name in USER_FIELDS)


def _found(body: dict[str, Any]) -> BatchResult:
    return BatchResult("", OK, {}, body)


def _gone() -> BatchResult:
    error = {"error": {"code": "Request_ResourceNotFound", "message": "not in the tenant"}}
    return BatchResult("", NOT_FOUND, {}, error)
