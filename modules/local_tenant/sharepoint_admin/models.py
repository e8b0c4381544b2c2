"""Site properties as the tenant admin API shows them, over the local tenant's sites.

SharingCapability is SharePoint's SharingCapabilities enum, a number (`tenantctl.m365.sharing`).
A site's properties show both what it allows, `SharingCapability` (its own level narrowed by
the tenant's), and its own level, `SiteDefinedSharingCapability` (SiteProperties,
learn.microsoft.com/previous-versions/office/sharepoint-csom/mt813180). A site cannot be set
more open than the tenant (learn.microsoft.com/sharepoint/change-external-sharing-site: "The
settings available are dependent on your organization-level setting").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from local_tenant.sharepoint_admin.exceptions import InvalidSharing, SiteNotFound
from local_tenant.sites.models import SHARING_CAPABILITIES
from local_tenant.storage import Document
from tenantctl.m365 import sharing

if TYPE_CHECKING:
    from local_tenant.tenant import Tenant

CAPABILITIES = {number: sharing.GRAPH[level] for level, number in sharing.SHAREPOINT.items()}
"""Graph's sharingCapabilities value of each SharingCapabilities number."""
NUMBERS = {name: number for number, name in CAPABILITIES.items()}


class SharePointAdmin:
    """Reads and sets site properties by URL or site collection id."""

    def __init__(self, tenant: Tenant) -> None:
        self.tenant = tenant

    def site_by_url(self, url: str) -> Document:
        site = self.tenant.sites.by_url(url)
        if site is None:
            raise SiteNotFound(f"Cannot get site {url}.")
        return site

    def site_by_id(self, site_id: str) -> Document:
        for site in self.tenant.sites.search("*"):
            if site["id"].split(",")[1].lower() == site_id.lower():
                return site
        raise SiteNotFound(f"Cannot get site {site_id}.")

    def properties(self, site: Document) -> dict[str, Any]:
        """SiteProperties, as `odata=nometadata` JSON."""
        sites = self.tenant.sites
        return {
            "Url": str(site["webUrl"]).rstrip("/"),
            "SiteId": site["id"].split(",")[1],
            "Title": site.get("displayName"),
            "GroupId": site.get("_groupId") or "00000000-0000-0000-0000-000000000000",
            "Template": "GROUP#0" if site.get("_groupId") else "SITEPAGEPUBLISHING#0",
            "Status": "Active",
            "LockState": "Unlock",
            "SharingCapability": NUMBERS[sites.effective_sharing(site)],
            "SiteDefinedSharingCapability": NUMBERS[sites.own_sharing(site)],
        }

    def set_sharing(self, site: Document, capability: Any) -> None:
        """Set the site's own SharingCapability, refusing values more open than the tenant's."""
        if not isinstance(capability, int) or capability not in CAPABILITIES:
            raise InvalidSharing(f"Invalid value '{capability}' for SharingCapability.")
        wanted, tenant = CAPABILITIES[capability], self.tenant.sites.settings()["sharingCapability"]
        if SHARING_CAPABILITIES.index(wanted) > SHARING_CAPABILITIES.index(tenant):
            raise InvalidSharing(
                "The sharing capability of a site cannot be more permissive than the "
                f"tenant's ({tenant})."
            )
        self.tenant.sites.set_sharing_capability(site, wanted)
