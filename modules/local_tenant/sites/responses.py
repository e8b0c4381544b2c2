"""SharePoint handlers."""

from __future__ import annotations

from local_tenant.odata import Paging, Query, page
from local_tenant.protocol import Response, entity
from local_tenant.router import Call
from local_tenant.sites.host import SitesHost

SITE_PAGING = Paging(default=200)


def get_site(call: Call[SitesHost]) -> Response:
    query = Query.parse(call.request)
    return entity(
        call.request,
        "sites",
        call.tenant.sites.render(call.tenant.sites.site(call.param("id")), query.select),
    )


def group_root_site(call: Call[SitesHost]) -> Response:
    query = Query.parse(call.request)
    sites = call.tenant.sites
    return entity(
        call.request, "sites", sites.render(sites.group_site(call.param("id")), query.select)
    )


def search_sites(call: Call[SitesHost]) -> Response:
    query = Query.parse(call.request)
    sites = call.tenant.sites
    text = call.request.query.get("search") or query.search or "*"
    items = [sites.render(s) for s in sites.search(text)]
    return Response(
        200,
        page(
            call.request,
            "/sites",
            items,
            query,
            SITE_PAGING,
            "sites",
        ),
    )


def get_settings(call: Call[SitesHost]) -> Response:
    return entity(call.request, "admin/sharepoint/settings", call.tenant.sites.settings())


def update_settings(call: Call[SitesHost]) -> Response:
    return entity(
        call.request,
        "admin/sharepoint/settings",
        call.tenant.sites.update_settings(call.request.json()),
    )
