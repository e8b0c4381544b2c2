"""SharePoint routes (permissions per site-get, site-search, sharepointsettings-get|update)."""

from __future__ import annotations

from local_tenant.router import Route, RouteSet
from local_tenant.sites import responses as r

READ_SITES = ("Sites.Read.All",)


def routes() -> list[Route]:
    s = RouteSet("sites", forbidden_code="accessDenied")
    s.add("GET", "/sites", r.search_sites, *READ_SITES, name="sites.search")
    s.add("GET", "/sites/{id}", r.get_site, *READ_SITES, name="sites.get")
    s.add(
        "GET", "/groups/{id}/sites/root", r.group_root_site, *READ_SITES, name="groups.sites.root"
    )
    s.add(
        "GET",
        "/admin/sharepoint/settings",
        r.get_settings,
        "SharePointTenantSettings.Read.All",
        name="settings.get",
    )
    s.add(
        "PATCH",
        "/admin/sharepoint/settings",
        r.update_settings,
        "SharePointTenantSettings.ReadWrite.All",
        name="settings.update",
    )
    return s.routes
