"""TenantGroupSettings: the tenant-wide Group.Unified directory setting the stack owns.

Guest access to every Microsoft 365 group (AllowToAddGuests), the naming policy
(PrefixSuffixNamingRequirement, CustomBlockedWordsList), who may create groups
(EnableGroupCreation, GroupCreationAllowedGroupId) and the usage guidelines link
(UsageGuidelinesUrl) (learn.microsoft.com/graph/group-directory-settings; meanings and defaults
in learn.microsoft.com/entra/identity/users/groups-settings-cmdlets and groups-naming-policy).
A tenant has no such object until one is created; until then the template's defaults apply,
and a stack that wants the defaults writes nothing. EnableMSStandardBlockedWords is
deprecated in the template and is left as it is.
Graph: GET/POST /groupSettings (group-list-settings, group-post-settings), PATCH
/groupSettings/{id} (groupsetting-update). An update must carry "the entire
collection set" of values, so it sends the setting's other values as they are.
pulumi-azuread has no directory settings resource: both group providers use this one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any
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
    props_of,
)
from tenantctl.resources.resource import GraphResource
from tenantctl.resources.specs.common import flag, lower, text

PATH = "groupSettings"
TEMPLATE = "62375ab9-6b52-47ed-826b-58e47e0e304b"
"""The id of the Group.Unified directory setting template."""
ID = "group-unified"
DEFAULTS = {"AllowToAddGuests": "True", "EnableGroupCreation": "True"}
"""The template's defaults that are not empty."""


def words(value: Any) -> list[str]:
    """Blocked words as a set: any order, any case, each once."""
    unique = {text(w).casefold(): text(w) for w in value or () if text(w)}
    return [unique[k] for k in sorted(unique)]


@kind_args
class TenantGroupSettingsArgs:
    """The tenant-wide Group.Unified directory setting: guest access to groups, the naming
    policy, who may create groups and the usage guidelines. The setting's other values are
    left as they are. Deleting the resource leaves the setting as it is.
    """

    allow_to_add_guests: BoolInput = prop("AllowToAddGuests", default=False, normalise=flag)
    naming_requirement: StrInput = prop("PrefixSuffixNamingRequirement", default="", normalise=text)
    blocked_words: pulumi.Input[Sequence[StrInput]] = prop(
        "CustomBlockedWordsList", default=(), normalise=words
    )
    enable_group_creation: BoolInput = prop("EnableGroupCreation", default=True, normalise=flag)
    group_creation_allowed_group_id: StrInput = prop(
        "GroupCreationAllowedGroupId", default="", normalise=lower
    )
    usage_guidelines_url: StrInput = prop("UsageGuidelinesUrl", default="", normalise=text)


VALUES = tuple(p for p in props_of(TenantGroupSettingsArgs) if p.graph)
"""The Group.Unified values the kind owns, by their Graph names."""


def _to_graph(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ",".join(value)
    return text(value)


def _from_graph(value: str, default: Any) -> Any:
    if isinstance(default, bool):
        return lower(value) == "true"
    if isinstance(default, tuple):
        return words(value.split(","))
    return value


def _values(setting: dict[str, Any]) -> dict[str, str]:
    """The setting's values by name, the template's default where it has none."""
    values = {v.get("name"): v.get("value") for v in setting.get("values") or ()}
    return {
        p.graph: text(values.get(p.graph, DEFAULTS.get(p.graph, ""))) for p in VALUES if p.graph
    }


def _props(setting: dict[str, Any]) -> Props:
    values = _values(setting)
    return {p.name: _from_graph(values[p.graph], p.default) for p in VALUES if p.graph}


def tenant_group_settings(settings: Iterable[dict[str, Any]]) -> Props:
    """The kind's properties from the tenant's directory settings (GET /groupSettings): its
    Group.Unified setting's values, else the template's defaults."""
    unified = (s for s in settings if s.get("templateId") == TEMPLATE)
    return _props(next(unified, {}))


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
        return _props(await self._unified(ctx) or {})

    async def update(self, ctx: Context, id_: str, olds: Props, news: Props) -> Props:
        owned = {
            p.graph: _to_graph(p.normalise(news.get(p.name, p.default))) for p in VALUES if p.graph
        }
        setting = await self._unified(ctx)
        if setting is None:
            body = {
                "templateId": TEMPLATE,
                "values": [{"name": n, "value": v} for n, v in owned.items()],
            }
            await ctx.client.request("POST", PATH, body, consistent=True)
            return {}
        kept = [
            {"name": v["name"], "value": v.get("value")}
            for v in setting.get("values") or ()
            if v.get("name") not in owned
        ]
        values = [*kept, *({"name": n, "value": v} for n, v in owned.items())]
        path = f"{PATH}/{quote(str(setting['id']))}"
        await ctx.client.request("PATCH", path, {"values": values}, consistent=True)
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
    """The tenant-wide Group.Unified directory setting: guest access, naming, group creation."""

    _kind = "TenantGroupSettings"
