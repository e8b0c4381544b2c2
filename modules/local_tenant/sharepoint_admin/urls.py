"""SharePoint tenant admin routes, under the admin host's `/_api` (Tenant.GetSitePropertiesByUrl,
SiteProperties update). App-only callers need SharePoint's Sites.FullControl.All."""

from __future__ import annotations

from local_tenant.router import Route, RouteSet
from local_tenant.sharepoint_admin import responses as r

TENANT = "/_api/Microsoft.Online.SharePoint.TenantAdministration.Tenant"


def routes() -> list[Route]:
    s = RouteSet(
        "sharepointAdmin", forbidden_code="-2147024891, System.UnauthorizedAccessException"
    )
    s.add(
        "POST",
        f"{TENANT}/GetSitePropertiesByUrl",
        r.get_site_properties_by_url,
        "Sites.FullControl.All",
        name="sites.getByUrl",
    )
    s.add(
        "PATCH",
        f"{TENANT}/sites/{{id}}",
        r.update_site_properties,
        "Sites.FullControl.All",
        name="sites.update",
    )
    return s.routes
