"""Delegated administration: each organisation administered through its own unit.

Reads the planned administrative units and scoped role assignments (`AdministrativeUnit`,
`AdministrativeUnitScopedRole` of the Graph layer; `AdministrativeUnit`,
`AdministrativeUnitRoleMember` of pulumi-azuread) inside each organisation's Administration
component. A role held over a unit is the finer-grained alternative to a tenant-wide role
(learn.microsoft.com/entra/identity/role-based-access-control/admin-units-assign-roles).
"""

from __future__ import annotations

from collections.abc import Iterator

from tenantctl.components.administration import ADMINISTRATION
from tenantctl.governance.rule import Breach, Params, Rule
from tenantctl.governance.subject import Subject
from tenantctl.governance.violations import Level

UNITS = ("AdministrativeUnit",)
SCOPED = ("AdministrativeUnitScopedRole", "AdministrativeUnitRoleMember")


def organisations_administer_their_own(subject: Subject, _: Params) -> Iterator[Breach]:
    if not subject.resources:  # nothing planned (a live check alone): nothing to judge
        return
    for org in subject.tenant.organisations:
        component = ADMINISTRATION.name(org.key)
        inside = [r for r in subject.resources if r.component_name == component]
        if not any(r.kind in UNITS for r in inside):
            yield Breach(
                org.key,
                "has no administrative unit: its helpdesk can only be given tenant-wide roles",
                f"declare organisations[{org.key}].administration, its users or its "
                "directorates' groups, with the roles its administrators hold over it",
            )
        elif not any(r.kind in SCOPED for r in inside):
            yield Breach(
                component,
                "nobody holds a role over the organisation's unit",
                f"name its helpdesk under organisations[{org.key}].administration.roles "
                "(Helpdesk Administrator, User Administrator, Groups Administrator, ...)",
            )


RULES = (
    Rule(
        "delegated-administration",
        "Each organisation is administered through its own administrative unit",
        Level.ADVISORY,
        organisations_administer_their_own,
        scuba=("MS.AAD.7.2v1",),
    ),
)
