"""The tenant model: a typed, validated description of a Microsoft 365 tenant."""

from tenantctl.m365.sharing import SharingLevel
from tenantctl.model.derive import TenantIndex, template_name
from tenantctl.model.dump import FAST_DUMPER, dump_tenant, tenant_to_data
from tenantctl.model.errors import Finding, Severity, SourceRef, TenantDescriptionError
from tenantctl.model.loader import LoadedTenant, load_tenant
from tenantctl.model.schema import (
    Channel,
    ChannelKind,
    Directorate,
    LicenceGroup,
    Organisation,
    Partner,
    Person,
    SpaceKind,
    TeamSpace,
    Tenant,
)

__all__ = [
    "FAST_DUMPER",
    "Channel",
    "ChannelKind",
    "Directorate",
    "Finding",
    "LicenceGroup",
    "LoadedTenant",
    "Organisation",
    "Partner",
    "Person",
    "Severity",
    "SharingLevel",
    "SourceRef",
    "SpaceKind",
    "TeamSpace",
    "Tenant",
    "TenantDescriptionError",
    "TenantIndex",
    "dump_tenant",
    "load_tenant",
    "template_name",
    "tenant_to_data",
]
