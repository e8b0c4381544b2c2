"""TenantSharingSettings: tenant-wide SharePoint and OneDrive sharing, a singleton.

Graph: GET/PATCH /admin/sharepoint/settings (learn.microsoft.com/graph/api/
sharepointsettings-get, sharepointsettings-update).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pulumi

from tenantctl.m365.reads import Read
from tenantctl.m365.sharing import GRAPH, LEVELS, level
from tenantctl.resources.context import Context
from tenantctl.resources.kind import (
    BoolInput,
    Failure,
    KindSpec,
    Props,
    StrInput,
    kind_args,
    prop,
)
from tenantctl.resources.resource import GraphResource
from tenantctl.resources.specs.common import flag, one_of

PATH = "admin/sharepoint/settings"
ID = "sharepoint-settings"


def _domains(value: Any) -> list[str]:
    return sorted({str(item).strip().lower() for item in value or ()})


@kind_args
class TenantSharingSettingsArgs:
    """Tenant-wide SharePoint and OneDrive sharing (/admin/sharepoint/settings), a singleton.

    Deleting the resource leaves the tenant settings as they are.
    """

    sharing: StrInput = prop(default="disabled", normalise=level)
    resharing_by_external_users: BoolInput = prop(default=False, normalise=flag)
    allowed_domains: pulumi.Input[Sequence[pulumi.Input[str]]] = prop(
        default=(), normalise=_domains
    )
    blocked_domains: pulumi.Input[Sequence[pulumi.Input[str]]] = prop(
        default=(), normalise=_domains
    )


def _check_domains(props: Props) -> Iterable[Failure]:
    if props.get("allowed_domains") and props.get("blocked_domains"):
        yield (
            "blocked_domains",
            "is given with allowed_domains; SharePoint takes one list or the other",
        )


def _body(props: Props) -> dict[str, Any]:
    allowed, blocked = _domains(props["allowed_domains"]), _domains(props["blocked_domains"])
    return {
        "sharingCapability": GRAPH[level(props["sharing"])],
        "isResharingByExternalUsersEnabled": flag(props["resharing_by_external_users"]),
        "sharingDomainRestrictionMode": "allowList"
        if allowed
        else "blockList"
        if blocked
        else "none",
        "sharingAllowedDomainList": allowed,
        "sharingBlockedDomainList": blocked,
    }


class TenantSharingOps:
    """The singleton: create and update PATCH it, delete leaves it."""

    async def find(self, ctx: Context, props: Props) -> str | None:
        return ID

    async def create(self, ctx: Context, props: Props) -> tuple[str, Props]:
        return ID, await self.update(ctx, ID, {}, props)

    async def read(self, ctx: Context, id_: str, props: Props) -> Props | None:
        live = await ctx.client.get(PATH)
        return {
            "sharing": level(live.get("sharingCapability")),
            "resharing_by_external_users": flag(live.get("isResharingByExternalUsersEnabled")),
            "allowed_domains": _domains(live.get("sharingAllowedDomainList")),
            "blocked_domains": _domains(live.get("sharingBlockedDomainList")),
        }

    async def update(self, ctx: Context, id_: str, olds: Props, news: Props) -> Props:
        await ctx.client.request("PATCH", PATH, _body(news))
        return {}

    async def delete(self, ctx: Context, id_: str, props: Props) -> None:
        return None


SPEC = KindSpec(
    kind="TenantSharingSettings",
    args=TenantSharingSettingsArgs,
    ops=TenantSharingOps(),
    permissions=("SharePointTenantSettings.ReadWrite.All",),
    # learn.microsoft.com/graph/api/sharepointsettings-get
    read_calls=(Read("admin/sharepoint/settings", "SharePointTenantSettings.Read.All"),),
    endpoints=("GET /admin/sharepoint/settings", "PATCH /admin/sharepoint/settings"),
    deletes="nothing: the tenant keeps its settings",
    validators=(one_of("sharing", LEVELS), _check_domains),
    retain_by_default=lambda props: True,
)


class TenantSharingSettings(GraphResource[TenantSharingSettingsArgs], spec=SPEC):
    """Tenant-wide SharePoint and OneDrive sharing settings."""

    _kind = "TenantSharingSettings"
