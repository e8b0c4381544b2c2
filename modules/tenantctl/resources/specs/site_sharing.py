"""SiteSharing: external sharing of one group's SharePoint site.

Graph v1.0 has no per-site sharing setting, so this uses SharePoint's tenant admin REST
API, the documented home of a site's SharingCapability (Set-SPOSite -SharingCapability):
  POST {admin}/_api/Microsoft.Online.SharePoint.TenantAdministration.Tenant/GetSitePropertiesByUrl
  PATCH {admin}/_api/Microsoft.Online.SharePoint.TenantAdministration.Tenant/sites('{siteId}')
The site is found through Graph: GET /groups/{id}/sites/root.
A site keeps its own level, under the tenant's as a ceiling
(learn.microsoft.com/sharepoint/turn-external-sharing-on-or-off): the resource writes and
reads that level, SiteDefinedSharingCapability, never SharingCapability, which is what the
site allows once the tenant's level narrows it. A site whose own level differs is written even
when what it allows already matches, so widening the tenant later opens nothing
(learn.microsoft.com/sharepoint/change-external-sharing-site).
Bulk readers (drift, export) send many GetSitePropertiesByUrl calls in SharePoint REST
`$batch`es (`tenantctl.graph.sharepoint_batch`). Not the tenant's site listing
(GetSitePropertiesFromSharePointByFilters, Get-SPOSite without -Identity): SharePoint
documents that a listing leaves SharingCapability unpopulated, with a default value
(learn.microsoft.com/powershell/module/sharepoint-online/get-sposite, description notes).
"""

from __future__ import annotations

from typing import Any

import pulumi

from tenantctl.graph import GraphClient, GraphError
from tenantctl.graph.sharepoint_batch import SharePointCall
from tenantctl.m365.reads import Read
from tenantctl.m365.sharing import LEVELS, SHAREPOINT, level
from tenantctl.resources.context import Context
from tenantctl.resources.kind import (
    KindSpec,
    Props,
    StrInput,
    kind_args,
    prop,
)
from tenantctl.resources.resource import GraphResource, IdOutput
from tenantctl.resources.specs.common import one_of, text

TENANT = "_api/Microsoft.Online.SharePoint.TenantAdministration.Tenant"
NOMETADATA = {"Accept": "application/json;odata=nometadata"}


@kind_args
class SiteSharingArgs:
    """External sharing of the SharePoint site behind a group (the site's SharingCapability).

    `sharing` is one of disabled, existing_guests, guests, anyone. The site is found from the
    group (GET /groups/{id}/sites/root) unless `site_url` is given. Deleting the resource
    turns external sharing off again.
    """

    group_id: StrInput = prop(replace=True, normalise=text)
    sharing: StrInput = prop(default="disabled", normalise=level)
    site_url: pulumi.Input[str] | None = prop(default=None, diffed=False, normalise=text)


def _admin(ctx: Context) -> str:
    url = ctx.client.settings.sharepoint_admin_url
    if not url:
        raise GraphError(
            "PATCH",
            "SharingCapability",
            0,
            "sharepointAdminUrlMissing",
            "set m365-tenant:sharepointAdminUrl (or TENANTCTL_SHAREPOINT_ADMIN_URL) to the "
            "SharePoint admin centre, e.g. https://contoso-admin.sharepoint.com",
        )
    return url.rstrip("/")


def properties_call(admin: str, url: str) -> SharePointCall:
    """The tenant admin call that reads a site's properties by its URL."""
    return SharePointCall(
        f"{admin}/{TENANT}/GetSitePropertiesByUrl", {"url": url, "includeDetail": False}
    )


def site_level(properties: dict[str, Any]) -> int:
    """The site's own sharing level (SharePoint's number) in its SiteProperties."""
    return int(properties["SiteDefinedSharingCapability"])


async def site_properties(client: GraphClient, admin: str, url: str) -> dict[str, Any] | None:
    """A site's SharePoint properties (SiteId, SharingCapability, ...) by its URL; None when
    no site has that URL (SharePoint's 404 "Cannot get site": deleted, with its group or not)."""
    call = properties_call(admin, url)
    answer = await client.request(
        "POST", call.url, call.body, headers=NOMETADATA, retry_safe=True, allow_not_found=True
    )
    return None if answer.status == 404 else dict(answer.body or {})


class SiteSharingOps:
    """Read and set the site's SharingCapability; delete sets it back to Disabled."""

    async def _site_url(self, ctx: Context, props: Props) -> str:
        if text(props.get("site_url")):
            return text(props["site_url"])
        site = await ctx.client.get(
            f"groups/{text(props['group_id'])}/sites/root",
            params={"$select": "id,webUrl"},
            consistent=True,
        )
        return str(site["webUrl"])

    async def _properties(self, ctx: Context, url: str) -> dict[str, Any] | None:
        site = await site_properties(ctx.client, _admin(ctx), url)
        if site and site.get("SiteId"):
            ctx.site_ids[url] = str(site["SiteId"])
        return site

    async def _set(self, ctx: Context, url: str, sharing: str) -> Props:
        """PATCH the site's SharingCapability, by the SiteId this call read, else a fresh one."""
        site_id = ctx.site_ids.get(url) or await self._site_id(ctx, url)
        capability = SHAREPOINT[level(sharing)]
        await ctx.client.request(
            "PATCH",
            f"{_admin(ctx)}/{TENANT}/sites('{site_id}')",
            {"SharingCapability": capability},
            headers=NOMETADATA,
        )
        return {"resolved_site_url": url, "sharing_capability": capability}

    async def _site_id(self, ctx: Context, url: str) -> str:
        site = await self._properties(ctx, url)
        if site is None:
            raise GraphError("POST", url, 404, "siteNotFound", f"no site at {url}")
        return str(site["SiteId"])

    async def find(self, ctx: Context, props: Props) -> str | None:
        return await self._site_url(ctx, props)

    async def create(self, ctx: Context, props: Props) -> tuple[str, Props]:
        url = await self._site_url(ctx, props)
        return url, await self._set(ctx, url, props["sharing"])

    async def read(self, ctx: Context, id_: str, props: Props) -> Props | None:
        site = await self._properties(ctx, id_)
        if site is None:
            return None
        capability = site_level(site)
        return {
            "sharing": level(capability),
            "resolved_site_url": id_,
            "sharing_capability": capability,
        }

    async def update(self, ctx: Context, id_: str, olds: Props, news: Props) -> Props:
        return await self._set(ctx, id_, news["sharing"])

    async def delete(self, ctx: Context, id_: str, props: Props) -> None:
        await self._set(ctx, id_, "disabled")


SPEC = KindSpec(
    kind="SiteSharing",
    args=SiteSharingArgs,
    ops=SiteSharingOps(),
    permissions=("Sites.Read.All", "SharePoint:Sites.FullControl.All"),
    # Graph site-get; SharePoint's admin API takes only Sites.FullControl.All from app-only
    # callers (learn.microsoft.com/sharepoint/dev/sp-add-ins/
    # sharepoint-admin-apis-authentication-and-authorization)
    read_calls=(
        Read("groups/{id}/sites", "Sites.Read.All"),
        Read("_api", "SharePoint:Sites.FullControl.All"),
    ),
    endpoints=(
        "GET /groups/{id}/sites/root",
        f"POST {{admin}}/{TENANT}/GetSitePropertiesByUrl",
        f"PATCH {{admin}}/{TENANT}/sites('{{siteId}}')",
    ),
    deletes="turns the site's external sharing off (SharingCapability Disabled)",
    outputs=("resolved_site_url", "sharing_capability"),
    validators=(one_of("sharing", LEVELS),),
    label=lambda props: f"of group {props.get('group_id')}",
)


class SiteSharing(GraphResource[SiteSharingArgs], spec=SPEC):
    """External sharing of a group's SharePoint site."""

    resolved_site_url = IdOutput()
    sharing_capability: pulumi.Output[int]
