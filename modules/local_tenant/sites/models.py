"""SharePoint sites: the root site, one team site per Microsoft 365 group, tenant settings.

Shapes follow learn.microsoft.com/graph/api/resources/site, /graph/api/site-get,
/graph/api/site-search and /graph/api/sharepointsettings-get|update.

Each site keeps its own sharing level (not part of Graph v1.0; SharePoint's admin API exposes
it), given when the site is created, and the tenant's level is a ceiling over it
(learn.microsoft.com/sharepoint/turn-external-sharing-on-or-off: "each site has its own
sharing setting ... at the same or more restrictive setting as the organization";
/sharepoint/change-external-sharing-site). A new site takes its type's default, "Default site
sharing settings" of change-external-sharing-site: a group-connected site "New and existing
guests" when the Microsoft 365 Groups setting that lets owners add guests (Group.Unified
AllowToAddGuests) is on, else "Existing guests only"; the root site "Anyone"; never above the
tenant's level at that moment. Lowering the tenant's level narrows what every site above it
allows; raising it changes no site's own level, and a site narrowed earlier returns to its own
("the site sharing setting will return to what it was before", change-external-sharing-site).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from local_tenant.collection import Shape, merge, require
from local_tenant.directory.models import is_unified
from local_tenant.protocol import now_iso
from local_tenant.sites.exceptions import InvalidSettings, SiteNotFound
from local_tenant.storage import Document
from tenantctl.m365 import sharing
from tenantctl.m365.sharing import SharingLevel

if TYPE_CHECKING:
    from local_tenant.sites.host import SitesHost

SITE = "site"
SETTINGS_KEY = "sharepointSettings"
SHARING_CAPABILITIES = tuple(sharing.GRAPH[level] for level in sharing.LEVELS)
"""Graph's sharingCapabilities, from the most closed to the most open."""
GROUP_SITE_SHARING = {
    True: sharing.GRAPH[SharingLevel.GUESTS],
    False: sharing.GRAPH[SharingLevel.EXISTING_GUESTS],
}
"""A new group-connected site's level, by whether owners may add guests to groups."""
ROOT_SITE_SHARING = sharing.GRAPH[SharingLevel.ANYONE]
DEFAULT_SETTINGS: dict[str, Any] = {
    "allowedDomainGuidsForSyncApp": [],
    "availableManagedPathsForSiteCreation": ["/sites/", "/teams/"],
    "deletedUserPersonalSiteRetentionPeriodInDays": 30,
    "excludedFileExtensionsForSyncApp": [],
    "idleSessionSignOut": {"isEnabled": False, "signOutAfterInSeconds": 0, "warnAfterInSeconds": 0},
    "imageTaggingOption": "basic",
    "isCommentingOnSitePagesEnabled": True,
    "isFileActivityNotificationEnabled": True,
    "isLegacyAuthProtocolsEnabled": True,
    "isLoopEnabled": True,
    "isMacSyncAppEnabled": True,
    "isRequireAcceptingUserToMatchInvitedUserEnabled": True,
    "isResharingByExternalUsersEnabled": False,
    "isSharePointMobileNotificationEnabled": True,
    "isSharePointNewsfeedEnabled": False,
    "isSiteCreationEnabled": True,
    "isSiteCreationUIEnabled": True,
    "isSitePagesCreationEnabled": True,
    "isSitesStorageLimitAutomatic": True,
    "isSyncButtonHiddenOnPersonalSite": False,
    "isUnmanagedSyncAppForTenantRestricted": False,
    "personalSiteDefaultStorageLimitInMB": 1048576,
    "sharingAllowedDomainList": [],
    "sharingBlockedDomainList": [],
    "sharingCapability": "externalUserAndGuestSharing",
    "sharingDomainRestrictionMode": "none",
    "siteCreationDefaultManagedPath": "/sites/",
    "siteCreationDefaultStorageLimitInMB": 26214400,
    "tenantDefaultTimezone": "(UTC) Coordinated Universal Time",
}
_ENUMS = {
    "sharingCapability": SHARING_CAPABILITIES,
    "sharingDomainRestrictionMode": ("none", "allowList", "blockList"),
    "imageTaggingOption": ("disabled", "basic", "enhanced"),
}
SETTINGS_SHAPE = Shape(
    "sharepointSettings",
    {k: (type(v) if not isinstance(v, bool) else bool) for k, v in DEFAULT_SETTINGS.items()},
    error=InvalidSettings,
)
SITE_SHAPE = Shape("site", {})


class Sites:
    """Sites and the tenant's SharePoint settings."""

    def __init__(self, tenant: SitesHost) -> None:
        self.tenant = tenant
        self.store = tenant.store
        tenant.directory.on_group_created.append(self.provision_group_site)
        tenant.directory.on_group_deleted.append(self._group_deleted)

    @property
    def host(self) -> str:
        return self.tenant.organisation.sharepoint_host

    def _new(
        self, key: str, name: str, display: str, url: str, group_id: str | None, sharing: str
    ) -> Document:
        collection = self.tenant.stable_id("site-collection", key)
        web = self.tenant.stable_id("site-web", key)
        now = now_iso()
        doc: Document = {
            "id": f"{self.host},{collection},{web}",
            "name": name,
            "displayName": display,
            "description": None,
            "webUrl": url,
            "createdDateTime": now,
            "lastModifiedDateTime": now,
            "siteCollection": {"hostname": self.host},
            "_groupId": group_id,
            "_sharingCapability": narrowest(sharing, self.settings()["sharingCapability"]),
        }
        self.store.put(SITE, doc["id"], doc, parent=group_id)
        return doc

    def root(self) -> Document:
        """The tenant root site, created on first use (looked up in SQL among the sites with
        an empty name, so that no group site is decoded)."""
        for _, row in self.store.scan(SITE, equals=("name", "")):
            if row.body["name"] == "" and row.body["_groupId"] is None:
                return row.body
        return self._new(
            "root", "", "Communication site", f"https://{self.host}/", None, ROOT_SITE_SHARING
        )

    def provision_group_site(self, group: Document) -> None:
        """Create the team site of a Microsoft 365 group."""
        if not is_unified(group) or self.store.list(SITE, parent=group["id"]):
            return
        nickname = group["mailNickname"]
        guests = self.tenant.policies.tenant_value("AllowToAddGuests").lower() == "true"
        self._new(
            group["id"],
            nickname,
            group["displayName"],
            f"https://{self.host}/sites/{nickname}",
            group["id"],
            GROUP_SITE_SHARING[guests],
        )

    def _group_deleted(self, group: Document) -> None:
        for site in self.store.list(SITE, parent=group["id"]):
            self.store.delete(SITE, site["id"])

    def set_read_only_for_members(self, group_id: str, read_only: bool) -> None:
        """Make a group's site read-only for the group's members, or writable again (what
        team-archive's ``shouldSetSpoSiteReadOnlyForMembers`` and team-unarchive do; kept as
        the site's ``_membersReadOnly``: Graph v1.0 shows it on no property)."""
        for site in self.store.list(SITE, parent=group_id):
            if site.get("_membersReadOnly", False) != read_only:
                self.store.put(
                    SITE, site["id"], {**site, "_membersReadOnly": read_only}, parent=group_id
                )

    def site(self, id: str) -> Document:
        """A site by its composite id, or ``root``."""
        if id.lower() == "root":
            return self.root()
        return require(self.store, SITE, id, SiteNotFound.for_id)

    def group_site(self, group_id: str) -> Document:
        """The root site of a group."""
        self.tenant.directory.group(group_id)
        sites = self.store.list(SITE, parent=group_id)
        if not sites:
            raise SiteNotFound.for_id(f"{group_id}/sites/root")
        return sites[0]

    def by_url(self, url: str) -> Document | None:
        """The site at ``url`` (any case, with or without a trailing slash), looked up in SQL
        so that a tenant of many sites decodes only the match."""
        self.root()
        wanted = url.rstrip("/").lower()
        for candidate in (wanted, f"{wanted}/"):
            for _, row in self.store.scan(SITE, equals=("webUrl", candidate)):
                return row.body
        return None

    def search(self, text: str) -> list[Document]:
        """Sites whose name, display name or description contains ``text`` (``*`` for all)."""
        self.root()
        sites = self.store.list(SITE)
        term = text.strip().strip('"').lower()
        if term in ("", "*"):
            return sites
        return [
            s
            for s in sites
            if any(
                term in str(s.get(k) or "").lower() for k in ("name", "displayName", "description")
            )
        ]

    def render(self, site: Document, select: tuple[str, ...] = ()) -> dict[str, Any]:
        """Public JSON of a site."""
        return SITE_SHAPE.render(site, select)

    def own_sharing(self, site: Document) -> str:
        """The sharing level the site itself holds.

        A site stored by an earlier local tenant, which let sites without a level of their own
        follow the tenant's, is given the level it showed: the tenant's, from now on its own.
        """
        own = site.get("_sharingCapability")
        if own is None:
            own = str(self.settings()["sharingCapability"])
            self.set_sharing_capability(site, own)
        return str(own)

    def effective_sharing(self, site: Document) -> str:
        """What the site allows: its own level, narrowed by the tenant's."""
        return narrowest(self.own_sharing(site), self.settings()["sharingCapability"])

    def set_sharing_capability(self, site: Document, value: str) -> None:
        """Set a site's own sharing level."""
        if value not in SHARING_CAPABILITIES:
            raise InvalidSettings(f"Invalid value '{value}' for sharingCapability.")
        self.store.put(
            SITE, site["id"], {**site, "_sharingCapability": value}, parent=site["_groupId"]
        )

    def settings(self) -> dict[str, Any]:
        """The tenant's sharepointSettings."""
        return merge(DEFAULT_SETTINGS, self.store.meta_get(SETTINGS_KEY, {}))

    def update_settings(self, changes: dict[str, Any]) -> dict[str, Any]:
        """PATCH /admin/sharepoint/settings."""
        clean = SETTINGS_SHAPE.validate(changes, creating=False)
        for key, allowed in _ENUMS.items():
            if key in clean and clean[key] not in allowed:
                raise InvalidSettings(f"Invalid value '{clean[key]}' for property '{key}'.")
        self.store.meta_set(SETTINGS_KEY, merge(self.store.meta_get(SETTINGS_KEY, {}), clean))
        return self.settings()


def narrowest(*levels: str) -> str:
    """The most closed of some sharing levels."""
    return min(levels, key=SHARING_CAPABILITIES.index)
