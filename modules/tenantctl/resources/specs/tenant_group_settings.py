"""TenantGroupSettings: whether owners may add guests to any Microsoft 365 group, tenant-wide.

The tenant's one directory setting from the Group.Unified template, value AllowToAddGuests
(learn.microsoft.com/graph/group-directory-settings; meaning and default True in
learn.microsoft.com/entra/identity/users/groups-settings-cmdlets: when it is False for the
tenant, a group's own Group.Unified.Guest value is ignored). A tenant has no such object until
one is created; until then the template's defaults apply, and a stack that wants the default
writes nothing.
Graph: GET/POST /groupSettings (group-list-settings, group-post-settings), PATCH
/groupSettings/{id} (groupsetting-update). An update must carry "the entire
collection set" of values, so it sends the setting's other values as they are.
pulumi-azuread has no directory settings resource: both group providers use this one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from tenantctl.m365.reads import Read
from tenantctl.resources.context import Context
from tenantctl.resources.kind import (
    BoolInput,
    KindSpec,
    Props,
    kind_args,
    prop,
)
from tenantctl.resources.resource import GraphResource
from tenantctl.resources.specs.common import flag, lower

PATH = "groupSettings"
TEMPLATE = "62375ab9-6b52-47ed-826b-58e47e0e304b"
"""The id of the Group.Unified directory setting template."""
ID = "group-unified"
GUESTS = "AllowToAddGuests"
GUESTS_DEFAULT = "True"
"""AllowToAddGuests's default in the Group.Unified template."""


@kind_args
class TenantGroupSettingsArgs:
    """Whether owners may add guests to the tenant's Microsoft 365 groups (the tenant-wide
    Group.Unified directory setting's AllowToAddGuests; when False, no group's own setting
    lets guests in). The setting's other values are left as they are. Deleting the resource
    leaves the setting as it is.
    """

    allow_to_add_guests: BoolInput = prop(default=False, normalise=flag)


def _guests(props: Props) -> str:
    return "true" if flag(props["allow_to_add_guests"]) else "false"


def _allows_guests(setting: dict[str, Any]) -> bool:
    values = {v.get("name"): v.get("value") for v in setting.get("values") or ()}
    return lower(values.get(GUESTS, GUESTS_DEFAULT)) == "true"


def tenant_allows_guests(settings: Iterable[dict[str, Any]]) -> bool:
    """Whether owners may add guests to groups, from the tenant's directory settings
    (GET /groupSettings): its Group.Unified setting's value, else the template's default."""
    unified = (s for s in settings if s.get("templateId") == TEMPLATE)
    return _allows_guests(next(unified, {}))


class TenantGroupSettingsOps:
    """The tenant's Group.Unified setting, a singleton: read from the tenant's directory
    settings; written by creating the setting, or by updating the one the tenant has."""

    async def _unified(self, ctx: Context) -> dict[str, Any] | None:
        found = await ctx.client.list_all(PATH, consistent=True)
        return next((s for s in found if s.get("templateId") == TEMPLATE), None)

    async def find(self, ctx: Context, props: Props) -> str | None:
        return ID

    async def create(self, ctx: Context, props: Props) -> tuple[str, Props]:
        return ID, await self.update(ctx, ID, {}, props)

    async def read(self, ctx: Context, id_: str, props: Props) -> Props | None:
        return {"allow_to_add_guests": _allows_guests(await self._unified(ctx) or {})}

    async def update(self, ctx: Context, id_: str, olds: Props, news: Props) -> Props:
        guests = {"name": GUESTS, "value": _guests(news)}
        setting = await self._unified(ctx)
        if setting is None:
            body = {"templateId": TEMPLATE, "values": [guests]}
            await ctx.client.request("POST", PATH, body, consistent=True)
            return {}
        others = [
            {"name": v["name"], "value": v.get("value")}
            for v in setting.get("values") or ()
            if v.get("name") != GUESTS
        ]
        path = f"{PATH}/{quote(str(setting['id']))}"
        await ctx.client.request("PATCH", path, {"values": [*others, guests]}, consistent=True)
        return {}

    async def delete(self, ctx: Context, id_: str, props: Props) -> None:
        return None


SPEC = KindSpec(
    kind="TenantGroupSettings",
    args=TenantGroupSettingsArgs,
    ops=TenantGroupSettingsOps(),
    permissions=("GroupSettings.ReadWrite.All",),
    read_calls=(Read("groupSettings", "GroupSettings.Read.All"),),
    endpoints=("GET /groupSettings", "POST /groupSettings", "PATCH /groupSettings/{id}"),
    deletes="nothing: the tenant keeps its group settings",
    retain_by_default=lambda props: True,
)


class TenantGroupSettings(GraphResource[TenantGroupSettingsArgs], spec=SPEC):
    """Whether owners may add guests to any Microsoft 365 group (tenant-wide Group.Unified)."""

    _kind = "TenantGroupSettings"
