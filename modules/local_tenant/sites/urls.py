"""SharePoint routes (their permissions: `local_tenant.permissions.ROUTES`)."""

from __future__ import annotations

from local_tenant.router import Route, RouteSet
from local_tenant.sites import responses as r


def routes() -> list[Route]:
    s = RouteSet("sites", forbidden_code="accessDenied")
    s.add("GET", "/sites", r.search_sites, name="sites.search")
    s.add("GET", "/sites/{id}", r.get_site, name="sites.get")
    s.add("GET", "/groups/{id}/sites/root", r.group_root_site, name="groups.sites.root")
    s.add(
        "GET",
        "/admin/sharepoint/settings",
        r.get_settings,
        name="settings.get",
    )
    s.add(
        "PATCH",
        "/admin/sharepoint/settings",
        r.update_settings,
        name="settings.update",
    )
    return s.routes
