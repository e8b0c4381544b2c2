"""How reports name a component from its URN, by the component types the components define."""

from __future__ import annotations

from tenantctl.components.administration import ADMINISTRATION
from tenantctl.components.directorate import DIRECTORATE
from tenantctl.components.licence_group import LICENCE_GROUP
from tenantctl.components.naming import ComponentType
from tenantctl.components.partner import PARTNER
from tenantctl.components.team_space import PARTNER_SPACE, TEAM_SPACE
from tenantctl.jobs.urns import STACK_TYPE, kind_of, name_of, type_of

COMPONENTS: dict[str, ComponentType] = {
    c.kind: c
    for c in (TEAM_SPACE, PARTNER_SPACE, DIRECTORATE, LICENCE_GROUP, PARTNER, ADMINISTRATION)
}
"""Component types (tenantctl:m365:<type>), by type."""

TENANT = "Tenant"
"""The group of resources declared outside any component."""


def component_label(urn: str | None) -> str:
    """How reports name the component at `urn` ("Team space drh-equipe"); Tenant otherwise."""
    if not urn or type_of(urn) == STACK_TYPE:
        return TENANT
    kind, name = kind_of(type_of(urn)), name_of(urn)
    component = COMPONENTS.get(kind, ComponentType(kind, kind, ""))
    return f"{component.label} {name.removeprefix(component.prefix)}"
