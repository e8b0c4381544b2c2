"""Read a live tenant in bulk: pages at Graph's largest size, full `$batch`es, `$select` only
the properties the model uses.

Collections (users, groups) are paged at `limits.PAGE_SIZE_MAX`; per-object reads (owners,
members, team settings, channels, sites, channel rosters) go in JSON batches; each site's
sharing is read through the SharePoint admin API, which Graph cannot batch, in full SharePoint
REST batches.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from tenantctl.export.kinds import OTHER, group_kind, is_team
from tenantctl.graph import BatchItem, GraphClient, GraphError, sharepoint_batch
from tenantctl.m365 import limits
from tenantctl.m365.reads import Read
from tenantctl.resources.specs.administrative_unit import PATH as UNITS
from tenantctl.resources.specs.conditional_access_policy import PATH as SIGN_IN_POLICIES
from tenantctl.resources.specs.guest_access_review import PATH as REVIEWS
from tenantctl.resources.specs.mailbox_settings import SETTINGS as MAILBOX_SETTINGS
from tenantctl.resources.specs.site_sharing import properties_call, site_level

PAGE = limits.PAGE_SIZE_MAX
PARALLEL_BATCHES = 4
USER_FIELDS = "id,userPrincipalName,displayName,mail,department,jobTitle,userType"
GROUP_FIELDS = (
    "id,displayName,mailNickname,description,groupTypes,membershipRule,visibility,"
    "securityEnabled,mailEnabled,mail,assignedLicenses,resourceProvisioningOptions,"
    "expirationDateTime"
)
MAILBOX_FIELDS = "language,timeZone,dateFormat,timeFormat,workingHours"
TEAM_FIELDS = "id,isArchived,memberSettings,guestSettings,messagingSettings,funSettings"
CHANNEL_FIELDS = "id,displayName,description,membershipType"

Progress = Callable[[str, int, int], None]
"""Called as (phase, done, total) while reading."""
Take = Callable[[str, dict[str, Any]], Awaitable[None]]
"""Called with a batch item's id and body as its batch returns."""
INTERNED = ("id", "department", "jobTitle", "userType")
"""User fields whose values repeat across users or recur as member ids."""

READS = (
    Read("organization", "Organization.Read.All"),
    Read("admin/sharepoint/settings", "SharePointTenantSettings.Read.All"),
    Read("groupSettings", "GroupSettings.Read.All"),
    Read("groupLifecyclePolicies", "Directory.Read.All"),
    Read("subscribedSkus", "LicenseAssignment.Read.All"),
    Read("policies/crossTenantAccessPolicy", "Policy.Read.All"),
    Read("groups", "GroupMember.Read.All"),
    Read("users", "User.Read.All"),
    Read("teams/{id}", "Team.ReadBasic.All"),
    Read("teams/{id}/channels", "Channel.ReadBasic.All"),
    Read("teams/{id}/channels/{id}/members", "ChannelMember.Read.All"),
    Read("groups/{id}/sites", "Sites.Read.All"),
    Read("_api", "SharePoint:Sites.FullControl.All"),
    Read(REVIEWS, "AccessReview.Read.All"),
    Read(SIGN_IN_POLICIES, "Policy.Read.All"),
    Read(UNITS, "AdministrativeUnit.Read.All"),
    Read(f"{UNITS}/{{id}}/scopedRoleMembers", "RoleManagement.Read.Directory"),
    Read("directoryRoles", "RoleManagement.Read.Directory"),
    MAILBOX_SETTINGS,
)
"""The export's reads and their least application permissions (learn.microsoft.com/graph/api/
organization-list, sharepointsettings-get, groupsetting-list, grouplifecyclepolicy-list,
subscribedsku-list, crosstenantaccesspolicy-list-partners, accessreviewset-list-definitions,
directory-list-administrativeunits, administrativeunit-list-members,
administrativeunit-list-scopedrolemembers, directoryrole-list, group-list, group-list-members,
group-list-owners, user-list, team-get, channel-list, channel-list-members, site-get,
conditionalaccessroot-list-policies, user-get-mailboxsettings); a site's own sharing is read
through SharePoint's admin API, which only its Sites.FullControl.All allows."""


@dataclass
class CollaborationSnapshot:
    """What the tenant holds, as Graph returned it (only the selected properties)."""

    organisation: dict[str, Any]
    sharepoint: dict[str, Any]
    group_settings: list[dict[str, Any]]
    lifecycle_policies: list[dict[str, Any]]
    skus: list[dict[str, Any]]
    partners: list[dict[str, Any]]
    users: dict[str, dict[str, Any]]
    groups: list[dict[str, Any]]
    reviews: list[dict[str, Any]] = field(default_factory=list)
    """The access review definitions (partner spaces' guest reviews among them)."""
    sign_in_policies: list[dict[str, Any]] = field(default_factory=list)
    """The conditional access policies (the guest sign-in policy among them)."""
    units: list[dict[str, Any]] = field(default_factory=list)
    """The administrative units, each with its `members` (ids, assigned units only) and
    `scopedRoleMembers` as Graph lists them."""
    roles: list[dict[str, Any]] = field(default_factory=list)
    """The tenant's activated directory roles (their ids and template ids)."""
    selected: set[str] = field(default_factory=set)
    """Ids of the groups the export describes (the kind and name filters)."""
    owners: dict[str, list[str]] = field(default_factory=dict)
    members: dict[str, list[str]] = field(default_factory=dict)
    teams: dict[str, dict[str, Any]] = field(default_factory=dict)
    channels: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    rosters: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    site_urls: dict[str, str] = field(default_factory=dict)
    site_sharing: dict[str, int] = field(default_factory=dict)
    mailboxes: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Member users' mailbox settings by user id (users without a mailbox are absent)."""
    listed: dict[str, int] = field(default_factory=dict)
    batched: int = 0
    batched_after: int = 0
    extra_pages: int = 0

    def minimum_requests(self) -> int:
        """The fewest requests these reads can take: one per page of each collection at the
        largest page size, one full batch per round of dependent items (channel rosters need
        the channels), and one full SharePoint admin batch per round of sites read."""
        pages = sum(max(1, -(-n // PAGE)) for n in self.listed.values())
        batch = limits.BATCH_REQUESTS_MAX
        batches = -(-self.batched // batch) + -(-self.batched_after // batch)
        # organization, SharePoint, group settings, lifecycle, SKUs, partners, units, roles,
        # conditional access policies
        singles = 9 + sum(1 + ("members" in unit) for unit in self.units)  # and per unit
        sites = -(-len(self.site_sharing) // limits.SHAREPOINT_BATCH_OPERATIONS_MAX)
        return singles + pages + batches + self.extra_pages + sites


def _page(fields: str) -> dict[str, str]:
    return {"$select": fields, "$top": str(PAGE)}


class TenantReader:
    """Bulk reads through the shared Graph client, reporting progress per phase."""

    def __init__(self, client: GraphClient, progress: Progress | None = None) -> None:
        self.client = client
        self.progress = progress or (lambda phase, done, total: None)

    async def read(
        self, selected: Callable[[dict[str, Any]], bool], mailboxes: bool = False
    ) -> CollaborationSnapshot:
        """The tenant; per-object details only for the groups `selected` keeps; with
        `mailboxes`, every member user's mailbox settings.

        Nothing waits for what it does not need: the per-group reads start once the groups
        are listed, while the users' pages (one after another) are still coming, and channel
        rosters and site sharing, which draw on different budgets, are read together."""
        users, listed = await asyncio.gather(self._users(), self._groups(selected))
        snapshot: CollaborationSnapshot = listed
        snapshot.users = users
        snapshot.listed = {"users": len(users), "groups": len(snapshot.groups)}
        if mailboxes:
            await self._mailboxes(snapshot)
        return snapshot

    async def _mailboxes(self, snap: CollaborationSnapshot) -> None:
        """Each member user's mailbox settings, in batches; a user without a mailbox (Graph's
        404 MailboxNotEnabledForRESTAPI) has none to describe, and is skipped as every
        refused item is."""
        items = [
            BatchItem(uid, "GET", f"{MAILBOX_SETTINGS.url(uid)}?$select={MAILBOX_FIELDS}")
            for uid, user in snap.users.items()
            if user.get("userType") == "Member"
        ]
        snap.batched_after += len(items)

        async def take(key: str, body: dict[str, Any]) -> None:
            snap.mailboxes[key] = {k: v for k, v in body.items() if not k.startswith("@")}

        await self._batched("mailboxes", items, take)

    async def _groups(self, selected: Callable[[dict[str, Any]], bool]) -> CollaborationSnapshot:
        """Everything but the users: settings, groups and their per-object reads."""
        client = self.client
        (
            org,
            sharepoint,
            group_settings,
            lifecycle,
            skus,
            partners,
            groups,
            reviews,
            sign_in,
            units,
            roles,
        ) = await asyncio.gather(
            client.get("organization", params={"$select": "id,displayName,verifiedDomains"}),
            client.get("admin/sharepoint/settings"),
            client.list_all("groupSettings"),
            client.list_all("groupLifecyclePolicies"),
            client.list_all(
                "subscribedSkus", params={"$select": "skuId,skuPartNumber,servicePlans"}
            ),
            client.list_all("policies/crossTenantAccessPolicy/partners"),
            client.list_all("groups", params=_page(GROUP_FIELDS)),
            client.list_all(REVIEWS),
            client.list_all(SIGN_IN_POLICIES),
            client.list_all(UNITS),
            client.list_all("directoryRoles", params={"$select": "id,roleTemplateId"}),
        )
        await asyncio.gather(*(self._unit(unit) for unit in units))
        snapshot = CollaborationSnapshot(
            organisation=(org.get("value") or [{}])[0],
            sharepoint=sharepoint,
            group_settings=group_settings,
            lifecycle_policies=lifecycle,
            skus=skus,
            partners=partners,
            users={},
            groups=groups,
            reviews=reviews,
            sign_in_policies=sign_in,
            units=units,
            roles=roles,
            selected={g["id"] for g in groups if selected(g)},
        )
        await self._details(snapshot)
        await asyncio.gather(self._rosters(snapshot), self._sites(snapshot))
        return snapshot

    async def _unit(self, unit: dict[str, Any]) -> None:
        """A unit's scoped role members and, unless its rule gives them, its members' ids."""
        path = f"{UNITS}/{unit['id']}"
        unit["scopedRoleMembers"] = await self.client.list_all(f"{path}/scopedRoleMembers")
        if str(unit.get("membershipType") or "").lower() != "dynamic":
            members = await self.client.list_all(f"{path}/members", params={"$select": "id"})
            unit["members"] = [str(m["id"]) for m in members]

    async def _users(self) -> dict[str, dict[str, Any]]:
        """Every user by id, a page at a time, compact: the repeated values (department, job
        title, user type) and the ids are interned, so members' ids share their strings."""
        users: dict[str, dict[str, Any]] = {}
        page = await self.client.get("users", params=_page(USER_FIELDS))
        while True:
            for user in page.get("value", []):
                compact = {k: _intern(k, v) for k, v in user.items() if not k.startswith("@")}
                users[compact["id"]] = compact
            if not page.get("@odata.nextLink"):
                return users
            page = await self.client.get(str(page["@odata.nextLink"]))

    async def _details(self, snap: CollaborationSnapshot) -> None:
        """Owners, static members, and each team's settings, channels and site, all in the
        same run of batches, a group's reads together: each batch then draws on the directory's
        and Teams' budgets at once instead of exhausting one before the other."""
        items = [
            item
            for group in snap.groups
            if group["id"] in snap.selected
            for item in _group_reads(group)
        ]
        snap.batched += len(items)

        async def take(key: str, body: dict[str, Any]) -> None:
            kind, id_ = key.split("|", 1)
            if kind in ("owners", "members"):
                target = snap.owners if kind == "owners" else snap.members
                target[id_] = [sys.intern(m["id"]) for m in await self._rest_of(snap, body)]
            elif kind == "team":
                snap.teams[id_] = body
            elif kind == "channels":
                snap.channels[id_] = await self._rest_of(snap, body)
            else:
                snap.site_urls[id_] = str(body.get("webUrl", ""))

        await self._batched("groups and teams", items, take)

    async def _rosters(self, snap: CollaborationSnapshot) -> None:
        items = [
            BatchItem(
                f"{tid}|{channel['id']}", "GET", f"teams/{tid}/channels/{channel['id']}/members"
            )
            for tid, channels in snap.channels.items()
            for channel in channels
            if channel.get("membershipType") in ("private", "shared")
        ]
        snap.batched_after += len(items)

        async def take(key: str, body: dict[str, Any]) -> None:
            snap.rosters[key.split("|", 1)[1]] = await self._rest_of(snap, body)

        await self._batched("channel rosters", items, take)

    async def _sites(self, snap: CollaborationSnapshot) -> None:
        """Each site's own sharing level through the SharePoint admin API, in SharePoint
        REST batches (Graph's `$batch` cannot reach it)."""
        admin = self.client.settings.sharepoint_admin_url
        sites = [(tid, url) for tid, url in snap.site_urls.items() if url]
        if not admin or not sites:
            return
        root, limit, done = admin.rstrip("/"), asyncio.Semaphore(PARALLEL_BATCHES), 0
        size = limits.SHAREPOINT_BATCH_OPERATIONS_MAX

        async def send(chunk: list[tuple[str, str]]) -> None:
            nonlocal done
            calls = [properties_call(root, url) for _, url in chunk]
            async with limit:
                run = await sharepoint_batch.send(self.client, root, calls)
            for (tid, _), call, answer in zip(chunk, calls, run.answers, strict=True):
                if answer.status >= 400:
                    raise GraphError.from_body("POST", call.url, answer.status, answer.body)
                snap.site_sharing[tid] = site_level(answer.body or {})
            done += len(chunk)
            self.progress("sites", done, len(sites))

        await asyncio.gather(*(send(sites[i : i + size]) for i in range(0, len(sites), size)))

    async def _batched(self, phase: str, items: list[BatchItem], take: Take) -> None:
        """Send the items in batches packed as the client packs them, a few batches at a
        time, handing each successful item's body to `take` as its batch returns: no batch's
        answers outlive it."""
        chunks = iter(self.client.batches(items))
        done = 0
        self.progress(phase, 0, len(items))

        async def sender() -> None:
            nonlocal done
            for chunk in chunks:
                for result in (await self.client.batch(chunk)).values():
                    if 200 <= result.status < 300:
                        await take(result.id, result.body or {})
                done += len(chunk)
                self.progress(phase, done, len(items))

        await asyncio.gather(*(sender() for _ in range(PARALLEL_BATCHES)))

    async def _rest_of(
        self, snap: CollaborationSnapshot, page: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """A batched page's items, following `@odata.nextLink` for any further pages."""
        items = list(page.get("value") or [])
        if page.get("@odata.nextLink"):
            rest = await self.client.list_all(str(page["@odata.nextLink"]))
            snap.extra_pages += -(-len(rest) // PAGE)
            items.extend(rest)
        return items


def _group_reads(group: dict[str, Any]) -> list[BatchItem]:
    """The per-object reads of one listed group: owners and static members unless it is
    unclassifiable, and a team's settings, channels and site."""
    gid = group["id"]
    reads = []
    if group_kind(group) != OTHER:
        kinds = ("owners",) if group.get("membershipRule") else ("owners", "members")
        reads += [
            BatchItem(f"{kind}|{gid}", "GET", f"groups/{gid}/{kind}?$select=id&$top={PAGE}")
            for kind in kinds
        ]
    if is_team(group):
        reads += [
            BatchItem(f"team|{gid}", "GET", f"teams/{gid}?$select={TEAM_FIELDS}"),
            BatchItem(f"channels|{gid}", "GET", f"teams/{gid}/channels?$select={CHANNEL_FIELDS}"),
            BatchItem(f"site|{gid}", "GET", f"groups/{gid}/sites/root?$select=id,webUrl"),
        ]
    return reads


def _intern(key: str, value: Any) -> Any:
    return sys.intern(value) if key in INTERNED and isinstance(value, str) else value
