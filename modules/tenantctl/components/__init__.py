"""Pulumi components that translate the tenant model into resources (no Graph calls here)."""

from tenantctl.components.directorate import Directorate
from tenantctl.components.licence_group import LicenceGroup
from tenantctl.components.partner import Partner
from tenantctl.components.team_space import PartnerSpace, TeamSpace
from tenantctl.components.tenant import BuildOptions, BuiltTenant, build_tenant, declare_tenant

__all__ = [
    "BuildOptions",
    "BuiltTenant",
    "Directorate",
    "LicenceGroup",
    "Partner",
    "PartnerSpace",
    "TeamSpace",
    "build_tenant",
    "declare_tenant",
]
