"""Pulumi URNs, resource types and state: the name, the type, the short kind of a resource
and its own properties; `components.labels` names components from them."""

from __future__ import annotations

from typing import Any

STACK_TYPE = "pulumi:pulumi:Stack"


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


def visible(values: dict[str, Any] | None) -> dict[str, Any]:
    """A resource's inputs or outputs without the engine's own (`__provider`)."""
    return {key: value for key, value in (values or {}).items() if key != "__provider"}
