"""GroupLicence: a licence assigned to a group (group-based licensing).

Graph: POST /groups/{id}/assignLicense, GET /groups/{id}?$select=assignedLicenses,
GET /subscribedSkus (learn.microsoft.com/graph/api/group-assignlicense,
subscribedsku-list). Id: `{groupId}/{skuId}`.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from typing import Any

import pulumi

from tenantctl.graph import GraphClient, GraphError
from tenantctl.m365 import reads
from tenantctl.resources.context import Context, is_guid
from tenantctl.resources.kind import (
    KindSpec,
    Props,
    StrInput,
    kind_args,
    prop,
)
from tenantctl.resources.resource import GraphResource
from tenantctl.resources.specs.common import text


def _plans(value: Any) -> list[str]:
    return sorted({text(item).lower() for item in value or ()})


@kind_args
class GroupLicenceArgs:
    """A licence assigned to a group (group-based licensing).

    `sku` is a skuPartNumber (e.g. ENTERPRISEPACK) or a skuId; `disabled_plans` are service
    plan names or ids. Deleting the resource removes the licence from the group.
    """

    group_id: StrInput = prop(replace=True, normalise=text)
    sku: StrInput = prop(replace=True, normalise=lambda v: text(v).lower())
    disabled_plans: pulumi.Input[Sequence[pulumi.Input[str]]] = prop(default=(), normalise=_plans)


class Catalogue:
    """The tenant's subscribed SKUs: part numbers and plan names to ids and back."""

    def __init__(self, skus: list[dict[str, Any]]) -> None:
        self._skus = skus

    def sku(self, name: str) -> dict[str, Any]:
        for sku in self._skus:
            if name.lower() in (
                str(sku.get("skuId")).lower(),
                str(sku.get("skuPartNumber")).lower(),
            ):
                return sku
        known = ", ".join(sorted(str(s.get("skuPartNumber")) for s in self._skus))
        raise GraphError("GET", "subscribedSkus", 404, "skuNotFound", f"{name}; tenant has {known}")

    def part_number(self, sku_id: str) -> str:
        """The SKU's part number (ENTERPRISEPACK), or its id when the tenant has no such SKU."""
        found = (s for s in self._skus if str(s.get("skuId")).lower() == sku_id.lower())
        return next((str(s.get("skuPartNumber")) for s in found), sku_id)

    def plan_ids(self, sku: dict[str, Any], plans: list[str]) -> list[str]:
        ids = {
            str(p.get("servicePlanName")).lower(): str(p["servicePlanId"])
            for p in sku.get("servicePlans", [])
        }
        return sorted(plan if is_guid(plan) else ids[plan.lower()] for plan in plans)

    def as_given(self, sku: dict[str, Any], plan_ids: list[str], given: list[str]) -> list[str]:
        names = {
            str(p["servicePlanId"]): str(p.get("servicePlanName")).lower()
            for p in sku.get("servicePlans", [])
        }
        wanted = {plan.lower() for plan in given}
        return sorted(
            pid if pid.lower() in wanted else names.get(pid, pid).lower() for pid in plan_ids
        )


_CATALOGUES: weakref.WeakKeyDictionary[GraphClient, Catalogue] = weakref.WeakKeyDictionary()
"""The tenant's SKUs and plans, read once per shared client rather than once per licence."""


async def catalogue(ctx: Context) -> Catalogue:
    if ctx.client not in _CATALOGUES:
        _CATALOGUES[ctx.client] = Catalogue(await ctx.client.list_all(reads.SUBSCRIBED_SKUS.path))
    return _CATALOGUES[ctx.client]


class GroupLicenceOps:
    """assignLicense to add, change disabled plans, and remove."""

    async def _assign(self, ctx: Context, props: Props) -> tuple[str, str]:
        skus = await catalogue(ctx)
        sku = skus.sku(text(props["sku"]))
        plans = skus.plan_ids(sku, _plans(props["disabled_plans"]))
        group = text(props["group_id"])
        body = {
            "addLicenses": [{"skuId": sku["skuId"], "disabledPlans": plans}],
            "removeLicenses": [],
        }
        await ctx.client.request(
            "POST", f"groups/{group}/assignLicense", body, consistent=True, retry_safe=True
        )
        return group, str(sku["skuId"])

    async def find(self, ctx: Context, props: Props) -> str | None:
        """None: assigning a licence the group has already is harmless (assignLicense)."""
        return None

    async def create(self, ctx: Context, props: Props) -> tuple[str, Props]:
        group, sku_id = await self._assign(ctx, props)
        return f"{group}/{sku_id}", {"sku_id": sku_id}

    async def read(self, ctx: Context, id_: str, props: Props) -> Props | None:
        group_id, sku_id = id_.split("/", 1)
        group = await ctx.client.find(
            reads.GROUP.url(group_id), params={"$select": "assignedLicenses"}
        )
        licence = next(
            (a for a in (group or {}).get("assignedLicenses", []) if str(a.get("skuId")) == sku_id),
            None,
        )
        if licence is None:
            return None
        skus = await catalogue(ctx)
        plans = [str(p) for p in licence.get("disabledPlans") or ()]
        given = _plans(props.get("disabled_plans"))
        return {
            "group_id": group_id,
            "disabled_plans": skus.as_given(skus.sku(sku_id), plans, given),
            "sku_id": sku_id,
        }

    async def update(self, ctx: Context, id_: str, olds: Props, news: Props) -> Props:
        await self._assign(ctx, news)
        return {}

    async def delete(self, ctx: Context, id_: str, props: Props) -> None:
        group_id, sku_id = id_.split("/", 1)
        body = {"addLicenses": [], "removeLicenses": [sku_id]}
        await ctx.client.request("POST", f"groups/{group_id}/assignLicense", body, retry_safe=True)


SPEC = KindSpec(
    kind="GroupLicence",
    args=GroupLicenceArgs,
    ops=GroupLicenceOps(),
    permissions=("LicenseAssignment.ReadWrite.All", "GroupMember.Read.All"),
    # learn.microsoft.com/graph/api/group-get
    read_calls=(reads.GROUP, reads.SUBSCRIBED_SKUS),
    endpoints=("GET /subscribedSkus", "POST /groups/{id}/assignLicense", "GET /groups/{id}"),
    deletes="removes the licence from the group (members lose it)",
    outputs=("sku_id",),
    label=lambda props: f"{props.get('sku')} of group {props.get('group_id')}",
)


class GroupLicence(GraphResource[GroupLicenceArgs], spec=SPEC):
    """A licence assigned to a group."""

    sku_id: pulumi.Output[str]
