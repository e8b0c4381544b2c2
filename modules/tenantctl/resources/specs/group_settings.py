"""GroupDirectorySettings: guest access to one Microsoft 365 group (Group.Unified.Guest).

Graph: POST/GET/PATCH/DELETE /groups/{id}/settings (learn.microsoft.com/graph/api/
group-post-settings, directorysetting-update, directorysetting-delete). One per group.
Least privileged application permission: GroupSettings.ReadWrite.All (group-post-settings).
"""

from __future__ import annotations

from urllib.parse import quote

import pulumi

from tenantctl.m365.reads import Read
from tenantctl.resources.context import Context
from tenantctl.resources.kind import (
    BoolInput,
    KindSpec,
    Props,
    StrInput,
    kind_args,
    prop,
)
from tenantctl.resources.resource import GraphResource, IdOutput
from tenantctl.resources.specs.common import flag, lower, text

GUEST_TEMPLATE = "08d542b9-071f-4e16-94b0-74abb372e3d9"
"""The id of the Group.Unified.Guest directory setting template."""


@kind_args
class GroupDirectorySettingsArgs:
    """Guest access to one Microsoft 365 group (its Group.Unified.Guest directory setting).

    Deleting the resource removes the group's setting, so the tenant default applies again.
    """

    group_id: StrInput = prop(replace=True, normalise=text)
    allow_to_add_guests: BoolInput = prop(default=False, normalise=flag)
    adopt_id: pulumi.Input[str] | None = prop(default=None, diffed=False)


def _path(props: Props) -> str:
    return f"groups/{text(props['group_id'])}/settings"


def _values(props: Props) -> list[dict[str, str]]:
    allow = "true" if flag(props["allow_to_add_guests"]) else "false"
    return [{"name": "AllowToAddGuests", "value": allow}]


class GroupSettingsOps:
    """The group's one Group.Unified.Guest setting object."""

    async def find(self, ctx: Context, props: Props) -> str | None:
        found = await ctx.client.list_all(_path(props), consistent=True)
        return next((str(s["id"]) for s in found if s.get("templateId") == GUEST_TEMPLATE), None)

    async def create(self, ctx: Context, props: Props) -> tuple[str, Props]:
        body = {"templateId": GUEST_TEMPLATE, "values": _values(props)}
        setting = (await ctx.client.request("POST", _path(props), body, consistent=True)).body
        return str(setting["id"]), {"setting_id": setting["id"]}

    async def read(self, ctx: Context, id_: str, props: Props) -> Props | None:
        setting = await ctx.client.find(f"{_path(props)}/{quote(id_)}")
        if setting is None:
            return None
        values = {v.get("name"): v.get("value") for v in setting.get("values") or ()}
        return {
            "allow_to_add_guests": lower(values.get("AllowToAddGuests")) == "true",
            "setting_id": id_,
        }

    async def update(self, ctx: Context, id_: str, olds: Props, news: Props) -> Props:
        body = {"values": _values(news)}
        await ctx.client.request("PATCH", f"{_path(news)}/{quote(id_)}", body, consistent=True)
        return {}

    async def delete(self, ctx: Context, id_: str, props: Props) -> None:
        await ctx.client.delete(f"{_path(props)}/{quote(id_)}")


SPEC = KindSpec(
    kind="GroupDirectorySettings",
    args=GroupDirectorySettingsArgs,
    ops=GroupSettingsOps(),
    permissions=("GroupSettings.ReadWrite.All",),
    # learn.microsoft.com/graph/api/groupsetting-get
    read_calls=(Read("groups/{id}/settings", "GroupSettings.Read.All"),),
    endpoints=(
        "POST /groups/{id}/settings",
        "PATCH /groups/{id}/settings/{id}",
        "DELETE /groups/{id}/settings/{id}",
    ),
    deletes="removes the group's setting; the tenant-wide guest policy applies again",
    outputs=("setting_id",),
    label=lambda props: f"of group {props.get('group_id')}",
)


class GroupDirectorySettings(GraphResource[GroupDirectorySettingsArgs], spec=SPEC):
    """Guest access to one Microsoft 365 group (Group.Unified.Guest)."""

    setting_id = IdOutput()
