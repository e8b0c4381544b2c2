"""CrossTenantPartner: a partner organisation in the cross-tenant access policy.

Graph: POST/GET/PATCH/DELETE /policies/crossTenantAccessPolicy/partners (learn.microsoft.com/
graph/api/crosstenantaccesspolicy-post-partners, crosstenantaccesspolicyconfigurationpartner-
update, -delete). Keyed by the partner's tenant id. A stack that declares partners owns the
whole list (crosstenantaccesspolicy-list-partners): the others were added by hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pulumi

from tenantctl.m365.reads import Read
from tenantctl.resources.context import Context, is_guid
from tenantctl.resources.kind import (
    BoolInput,
    Failure,
    Item,
    KindSpec,
    Props,
    StrInput,
    is_known,
    kind_args,
    prop,
)
from tenantctl.resources.resource import GraphResource
from tenantctl.resources.specs.common import flag, lower

PATH = "policies/crossTenantAccessPolicy/partners"


@kind_args
class CrossTenantPartnerArgs:
    """A partner organisation in the cross-tenant access policy.

    `b2b_collaboration` admits the partner's users as guests (inbound); `b2b_direct_connect`
    allows shared channels both ways; the trust flags accept the partner's MFA and compliant
    devices. Changing `tenant_id` replaces the partner configuration.
    """

    tenant_id: StrInput = prop(replace=True, normalise=lower)
    b2b_collaboration: BoolInput = prop(default=True, normalise=flag)
    b2b_direct_connect: BoolInput = prop(default=False, normalise=flag)
    trust_mfa: BoolInput = prop(default=False, normalise=flag)
    trust_compliant_devices: BoolInput = prop(default=False, normalise=flag)
    adopt_id: pulumi.Input[str] | None = prop(default=None, diffed=False)


def _access(allowed: bool) -> dict[str, Any]:
    kind = "allowed" if allowed else "blocked"
    return {
        "usersAndGroups": {
            "accessType": kind,
            "targets": [{"target": "AllUsers", "targetType": "user"}],
        },
        "applications": {
            "accessType": kind,
            "targets": [{"target": "AllApplications", "targetType": "application"}],
        },
    }


def _allowed(setting: Any) -> bool:
    users = (setting or {}).get("usersAndGroups") or {}
    return users.get("accessType") == "allowed"


def direct_connect(live: dict[str, Any]) -> bool:
    """Whether a partner configuration allows B2B direct connect both ways (what shared
    channels with the partner's people need)."""
    return _allowed(live.get("b2bDirectConnectInbound")) and _allowed(
        live.get("b2bDirectConnectOutbound")
    )


def _body(props: Props) -> dict[str, Any]:
    direct = flag(props["b2b_direct_connect"])
    return {
        "b2bCollaborationInbound": _access(flag(props["b2b_collaboration"])),
        "b2bDirectConnectInbound": _access(direct),
        "b2bDirectConnectOutbound": _access(direct),
        "inboundTrust": {
            "isMfaAccepted": flag(props["trust_mfa"]),
            "isCompliantDeviceAccepted": flag(props["trust_compliant_devices"]),
            "isHybridAzureADJoinedDeviceAccepted": False,
        },
    }


def _check_tenant(props: Props) -> Iterable[Failure]:
    value = props.get("tenant_id")
    if is_known(value) and not is_guid(str(value)):
        yield "tenant_id", f"is {value!r}; a tenant id is a GUID"


class PartnerOps:
    """Partner configurations, addressed by tenant id."""

    async def find(self, ctx: Context, props: Props) -> str | None:
        tenant = lower(props["tenant_id"])
        return tenant if await ctx.client.find(f"{PATH}/{tenant}") is not None else None

    async def create(self, ctx: Context, props: Props) -> tuple[str, Props]:
        tenant = lower(props["tenant_id"])
        await ctx.client.post(PATH, {"tenantId": tenant, **_body(props)})
        return tenant, {}

    async def read(self, ctx: Context, id_: str, props: Props) -> Props | None:
        live = await ctx.client.find(f"{PATH}/{id_}")
        if live is None:
            return None
        trust = live.get("inboundTrust") or {}
        return {
            "tenant_id": lower(live.get("tenantId") or id_),
            "b2b_collaboration": _allowed(live.get("b2bCollaborationInbound")),
            "b2b_direct_connect": direct_connect(live),
            "trust_mfa": flag(trust.get("isMfaAccepted")),
            "trust_compliant_devices": flag(trust.get("isCompliantDeviceAccepted")),
        }

    async def update(self, ctx: Context, id_: str, olds: Props, news: Props) -> Props:
        await ctx.client.request("PATCH", f"{PATH}/{id_}", _body(news))
        return {}

    async def delete(self, ctx: Context, id_: str, props: Props) -> None:
        await ctx.client.delete(f"{PATH}/{id_}")


async def _partners(ctx: Context) -> list[Item]:
    """Every partner configuration of the tenant, by tenant id."""
    listed = await ctx.client.list_all(PATH)
    return [
        Item(lower(partner.get("tenantId")), lower(partner.get("tenantId"))) for partner in listed
    ]


SPEC = KindSpec(
    kind="CrossTenantPartner",
    args=CrossTenantPartnerArgs,
    ops=PartnerOps(),
    permissions=("Policy.ReadWrite.CrossTenantAccess",),
    # learn.microsoft.com/graph/api/crosstenantaccesspolicyconfigurationpartner-get
    read_calls=(Read("policies/crossTenantAccessPolicy", "Policy.Read.All"),),
    endpoints=(f"POST /{PATH}", f"PATCH /{PATH}/{{tenantId}}", f"DELETE /{PATH}/{{tenantId}}"),
    deletes="removes the partner configuration; the default cross-tenant policy applies",
    validators=(_check_tenant,),
    owns_all=_partners,
    label=lambda props: repr(props.get("tenant_id")),
)


class CrossTenantPartner(GraphResource[CrossTenantPartnerArgs], spec=SPEC):
    """A partner organisation in the cross-tenant access policy."""

    _kind = "CrossTenantPartner"
