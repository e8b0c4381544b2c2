"""Resource type tokens as the rules name them."""

from __future__ import annotations

DYNAMIC = "pulumi-python:dynamic/tenantctl:"
COMPONENT = "tenantctl:m365:"


def kind_of(type_token: str) -> str:
    """`Team` for a Graph resource, `azuread:Group` for `azuread:index/group:Group`."""
    if type_token.startswith(DYNAMIC):
        return type_token.removeprefix(DYNAMIC)
    package, _, rest = type_token.partition(":")
    return f"{package}:{rest.rsplit(':', 1)[-1]}"


def component_of(type_token: str) -> str | None:
    """`PartnerSpace` for `tenantctl:m365:PartnerSpace`; None for anything else."""
    return type_token.removeprefix(COMPONENT) if type_token.startswith(COMPONENT) else None
