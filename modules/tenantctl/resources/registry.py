"""Every Graph resource kind's spec, by kind name."""

from __future__ import annotations

from tenantctl.resources.kind import KindSpec
from tenantctl.resources.specs import (
    channel,
    cross_tenant_partner,
    graph_object,
    group,
    group_licence,
    group_settings,
    guest_invitation,
    site_sharing,
    team,
    team_member,
    team_settings,
    tenant_group_settings,
    tenant_sharing,
)

SPECS: dict[str, KindSpec] = {
    module.SPEC.kind: module.SPEC
    for module in (
        group,
        team,
        team_settings,
        channel,
        team_member,
        site_sharing,
        tenant_sharing,
        tenant_group_settings,
        cross_tenant_partner,
        group_settings,
        group_licence,
        guest_invitation,
        graph_object,
    )
}


def spec_of(kind: str) -> KindSpec:
    """The spec of `kind`; a clear error for an unknown kind."""
    try:
        return SPECS[kind]
    except KeyError:
        raise KeyError(
            f"unknown Graph resource kind {kind!r}; known: {', '.join(sorted(SPECS))}"
        ) from None
