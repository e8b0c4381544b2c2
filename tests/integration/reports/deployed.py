"""A stack's licence groups written to the local tenant as one group provider's planned
resources declare them: with `graph`, the Graph layer's `Group` (membership_rule) and
`GroupLicence` (sku, disabled_plans); with `azuread`, pulumi-azuread 6.x's `Group`
(dynamic_membership.rule) and `GroupLicense` (sku_id, disabled_plans), read from the programs
run under Pulumi mocks (`governance.plan.plan_resources`)."""

from __future__ import annotations

from typing import Any

from tenantctl.components.directory import GroupProvider
from tenantctl.governance.plan import plan_resources
from tenantctl.governance.subject import PlannedResource
from tenantctl.m365.skus import MAILBOX_PLANS, SKUS
from tenantctl.model import Tenant
from tests.support.local_tenant_fixture import LocalTenantHandle

MAILBOX_SKUS = {str(s.sku_id) for s in SKUS.values() if set(s.plans) & set(MAILBOX_PLANS)}


def _rule(group: PlannedResource) -> str | None:
    if group.kind == "Group" and "membership_rule" in group.props:
        return group.props["membership_rule"]  # type: ignore[no-any-return]
    dynamic = group.props.get("dynamic_membership")
    return None if dynamic is None else str(dynamic.rule)


def _licence(licence: PlannedResource) -> tuple[str, list[str]]:
    sku = licence.props.get("sku") or licence.props["sku_id"]
    return str(sku), [str(p) for p in licence.props.get("disabled_plans") or []]


def deploy_licence_groups(
    handle: LocalTenantHandle, tenant: Tenant, provider: GroupProvider
) -> list[dict[str, Any]]:
    """Create each licence group that gives a mailbox as `provider` declares it; returns what
    was written (rule, SKU and disabled plans), to compare providers."""
    planned = [r for r in plan_resources(tenant, provider) if r.component == "LicenceGroup"]
    groups = {r.name.removesuffix("-group"): r for r in planned if r.name.endswith("-group")}
    written: list[dict[str, Any]] = []
    for licence in (r for r in planned if r.name.endswith("-licence")):
        sku, disabled = _licence(licence)
        if sku not in MAILBOX_SKUS:
            continue
        group = groups[licence.name.removesuffix("-licence")]
        rule = _rule(group)
        assert rule, f"{group.name}: a licence group giving a mailbox is written by its rule"
        body = {
            "displayName": group.props["display_name"],
            "mailNickname": group.props["mail_nickname"],
            "mailEnabled": False,
            "securityEnabled": True,
            "groupTypes": ["DynamicMembership"],
            "membershipRule": rule,
            "membershipRuleProcessingState": "On",
        }
        created = handle.admin.graph("POST", "/groups", body)
        handle.admin.graph(
            "POST",
            f"/groups/{created['id']}/assignLicense",
            {"addLicenses": [{"skuId": sku, "disabledPlans": disabled}], "removeLicenses": []},
        )
        written.append({"rule": rule, "sku": sku, "disabledPlans": sorted(disabled)})
    return written
