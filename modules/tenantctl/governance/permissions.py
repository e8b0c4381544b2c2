"""The Graph permissions a stack needs, from the resources its description plans: to deploy it,
and to preview it and detect its drift with a read-only identity; and what every read-only
command reads, which names the permission of a read Graph refuses."""

from __future__ import annotations

from tenantctl.components.directory import GroupProvider
from tenantctl.drift import snapshot
from tenantctl.export import reader
from tenantctl.governance import live
from tenantctl.governance.plan import plan_resources
from tenantctl.jobs.azuread import AZUREAD_AS_GRAPH
from tenantctl.m365.permissions import least
from tenantctl.m365.reads import permission_of, permissions
from tenantctl.model import Tenant
from tenantctl.preview import seats
from tenantctl.reports import graphdata, mailboxes
from tenantctl.resources.permissions import ReadSet, read_set
from tenantctl.resources.registry import SPECS

AZUREAD_READS: dict[str, tuple[str, ...]] = {
    "Group": ("Group.Read.All", "User.Read.All"),
    "GroupLicense": ("Group.Read.All",),
    "Invitation": ("User.Read.All",),
    "AdministrativeUnit": ("AdministrativeUnit.Read.All",),
    "AdministrativeUnitMember": ("AdministrativeUnit.Read.All",),
    "AdministrativeUnitRoleMember": ("RoleManagement.Read.Directory", "User.Read.All"),
    "ConditionalAccessPolicy": ("Policy.Read.All", "User.Read.All"),
}
"""What pulumi-azuread's reads of its kinds take (its `get_group`, `get_user`,
`get_administrative_unit` and `get_directory_roles` data sources' documented application
roles: `Group.Read.All`, `User.Read.All`, `AdministrativeUnit.Read.All`,
`RoleManagement.Read.Directory`; a conditional access policy's read,
conditionalaccesspolicy-get: `Policy.Read.All`); its preview looks the groups' owners and
members, the scoped administrators and the policy's excluded users up with `get_user`."""

JOB_CALLS = (*snapshot.READS, *seats.READS, *live.READS)
"""The reads of the jobs themselves: drift's delta rounds, the preview report's seats and the
live governance checks."""
JOB_READS = permissions(JOB_CALLS)
"""Their permissions."""
COMMAND_CALLS = (
    *JOB_CALLS,
    *reader.READS,
    *graphdata.READS,
    *mailboxes.READS,
    *(call for spec in SPECS.values() for call in spec.read_calls),
)
"""Every read of the read-only commands (drift, preview-report, check --live, export, report),
over every resource kind."""


def command_reads() -> list[str]:
    """The least permissions that let the read-only commands make all their reads."""
    return least(permissions(COMMAND_CALLS))


def read_permission(url: str) -> str | None:
    """The permission a read-only command's call of `url` takes; None for a call none makes."""
    return permission_of(url, COMMAND_CALLS)


def stack_kinds(tenant: Tenant, group_provider: GroupProvider) -> list[str]:
    """The Graph resource kinds the description's resources amount to, sorted."""
    planned = plan_resources(tenant, group_provider)
    return sorted({AZUREAD_AS_GRAPH.get(r.kind, r.kind) for r in planned})


def kind_reads(kinds: list[str], group_provider: GroupProvider) -> dict[str, tuple[str, ...]]:
    """The permissions of each kind's read; with `azuread`, pulumi-azuread's for its kinds."""
    azuread = {graph: kind for kind, graph in AZUREAD_AS_GRAPH.items()}
    return {
        kind: AZUREAD_READS[azuread[kind]]
        if group_provider == "azuread" and kind in azuread
        else SPECS[kind].reads
        for kind in kinds
    }


def stack_reads(tenant: Tenant, group_provider: GroupProvider) -> ReadSet:
    """The least permissions a read-only identity needs to preview the stack and detect its
    drift, and the kinds whose reads only a write-capable permission allows."""
    return read_set(kind_reads(stack_kinds(tenant, group_provider), group_provider), JOB_READS)
