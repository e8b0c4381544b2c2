"""Site properties as the tenant admin API shows them, over the local tenant's sites.

SharingCapability is SharePoint's SharingCapabilities enum: 0 Disabled, 1
ExternalUserSharingOnly, 2 ExternalUserAndGuestSharing, 3 ExistingExternalUserSharingOnly.
A site cannot be more open than the tenant (Set-SPOSite -SharingCapability).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from local_tenant.sharepoint_admin.exceptions import InvalidSharing, SiteNotFound
from local_tenant.storage import Document

if TYPE_CHECKING:
    from local_tenant.tenant import Tenant

CAPABILITIES = {
    0: "disabled",
    1: "externalUserSharingOnly",
    2: "externalUserAndGuestSharing",
    3: "existingExternalUserSharingOnly",
}
OPENNESS = (0, 3, 1, 2)
"""Capabilities from closed to open."""


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

    def capability(self, site: Document) -> int:
        name = self.tenant.sites.sharing_capability(site["id"])
        return next(number for number, known in CAPABILITIES.items() if known == name)

    def properties(self, site: Document) -> dict[str, Any]:
        """SiteProperties, as `odata=nometadata` JSON."""
        own = site.get("_sharingCapability")
        return {
            "Url": str(site["webUrl"]).rstrip("/"),
            "SiteId": site["id"].split(",")[1],
            "Title": site.get("displayName"),
            "GroupId": site.get("_groupId") or "00000000-0000-0000-0000-000000000000",
            "Template": "GROUP#0" if site.get("_groupId") else "SITEPAGEPUBLISHING#0",
            "Status": "Active",
            "LockState": "Unlock",
            "SharingCapability": self.capability(site),
            "SiteDefinedSharingCapability": next(
                (n for n, name in CAPABILITIES.items() if name == own), self.capability(site)
            ),
        }

    def set_sharing(self, site: Document, capability: Any) -> None:
        """Set the site's SharingCapability, refusing values more open than the tenant's."""
        if not isinstance(capability, int) or capability not in CAPABILITIES:
            raise InvalidSharing(f"Invalid value '{capability}' for SharingCapability.")
        tenant = self.tenant.sites.settings()["sharingCapability"]
        ceiling = next(n for n, name in CAPABILITIES.items() if name == tenant)
        if OPENNESS.index(capability) > OPENNESS.index(ceiling):
            raise InvalidSharing(
                "The sharing capability of a site cannot be more permissive than the "
                f"tenant's ({CAPABILITIES[ceiling]})."
            )
        self.tenant.sites.set_sharing_capability(site["id"], CAPABILITIES[capability])
