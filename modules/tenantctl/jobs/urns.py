"""Pulumi URNs, resource types and state: the short kind, the component a resource belongs
to, and its own properties."""

from __future__ import annotations

from typing import Any

from tenantctl.components.directorate import DIRECTORATE
from tenantctl.components.licence_group import LICENCE_GROUP
from tenantctl.components.naming import ComponentType
from tenantctl.components.partner import PARTNER
from tenantctl.components.team_space import PARTNER_SPACE, TEAM_SPACE
from tenantctl.resources.resource import TYPE_PREFIX

STACK_TYPE = "pulumi:pulumi:Stack"

COMPONENTS: dict[str, ComponentType] = {
    c.kind: c for c in (TEAM_SPACE, PARTNER_SPACE, DIRECTORATE, LICENCE_GROUP, PARTNER)
}
"""Component types (tenantctl:m365:<type>), by type, as the components define them."""

TENANT = "Tenant"
"""The group of resources declared outside any component."""

GRAPH_TYPE = TYPE_PREFIX
"""The type prefix of the toolkit's Graph resources (`pulumi-python:dynamic/tenantctl:Group`),
as against pulumi-azuread's (`azuread:index/group:Group`) of the same short kind."""


def name_of(urn: str) -> str:
    """The resource name: the last segment of the URN."""
    return urn.rsplit("::", 1)[-1]


def type_of(urn: str) -> str:
    """The resource's own type (the last of the URN's parent$child type chain)."""
    return urn.split("::")[2].rsplit("$", 1)[-1]


def kind_of(type_: str) -> str:
    """The short kind: `Group` for `pulumi-python:dynamic/tenantctl:Group` or
    `azuread:index/group:Group`."""
    return type_.rsplit(":", 1)[-1]


def component_label(urn: str | None) -> str:
    """How reports name the component at `urn` ("Team space drh-equipe"); Tenant otherwise."""
    if not urn or type_of(urn) == STACK_TYPE:
        return TENANT
    kind, name = kind_of(type_of(urn)), name_of(urn)
    component = COMPONENTS.get(kind, ComponentType(kind, kind, ""))
    return f"{component.label} {name.removeprefix(component.prefix)}"


def visible(values: dict[str, Any] | None) -> dict[str, Any]:
    """A resource's inputs or outputs without the engine's own (`__provider`)."""
    return {key: value for key, value in (values or {}).items() if key != "__provider"}
