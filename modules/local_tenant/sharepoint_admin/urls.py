"""SharePoint tenant admin routes, under the admin host's `/_api` (Tenant.GetSitePropertiesByUrl,
SiteProperties update, and `$batch` of them). Their permissions: `local_tenant.permissions.ROUTES`;
`$batch` itself checks each operation it carries."""

from __future__ import annotations

from local_tenant.router import Route, RouteSet
from local_tenant.sharepoint_admin import responses as r
from local_tenant.sharepoint_admin.batch import run_batch

TENANT = "/_api/Microsoft.Online.SharePoint.TenantAdministration.Tenant"


def routes() -> list[Route]:
    s = RouteSet(
        "sharepointAdmin", forbidden_code="-2147024891, System.UnauthorizedAccessException"
    )
    s.add(
        "POST",
        f"{TENANT}/GetSitePropertiesByUrl",
        r.get_site_properties_by_url,
        name="sites.getByUrl",
    )
    s.add(
        "PATCH",
        f"{TENANT}/sites/{{id}}",
        r.update_site_properties,
        name="sites.update",
    )
    s.add("POST", "/_api/$batch", run_batch, name="batch", transactional=False)
    return s.routes
