"""The Graph permissions a stack needs, from the resources its description plans."""

from __future__ import annotations

from tenantctl.components.directory import GroupProvider
from tenantctl.governance.plan import plan_resources
from tenantctl.model import Tenant

AZUREAD_AS_GRAPH = {"GroupLicense": "GroupLicence", "Invitation": "GuestInvitation"}
"""pulumi-azuread kinds and the Graph resource kind making the same calls (`Group` is both)."""


def stack_kinds(tenant: Tenant, group_provider: GroupProvider) -> list[str]:
    """The Graph resource kinds the description's resources amount to, sorted."""
    planned = plan_resources(tenant, group_provider)
    return sorted({AZUREAD_AS_GRAPH.get(r.kind, r.kind) for r in planned})
