"""Pulumi URNs and resource types: the short kind and the component a resource belongs to."""

from __future__ import annotations

STACK_TYPE = "pulumi:pulumi:Stack"

COMPONENTS = {
    "TeamSpace": ("Team space", "space-"),
    "PartnerSpace": ("Partner space", "space-"),
    "Directorate": ("Directorate", "directorate-"),
    "LicenceGroup": ("Licence group", "licence-"),
    "Partner": ("Partner", "partner-"),
}
"""Component types (tenantctl:m365:<type>): how reports name them, and their name prefix
(components/tenant.py names them `<prefix><model key>`)."""

TENANT = "Tenant"
"""The group of resources declared outside any component."""


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
    label, prefix = COMPONENTS.get(kind, (kind, ""))
    return f"{label} {name.removeprefix(prefix)}"
