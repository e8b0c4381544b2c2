"""The `pulumi import` file for the objects pulumi-azuread manages (`groupProvider: azuread`).

Pulumi's bulk import format: `resources: [{type, name, id, parent?, component?}]`. The
components the groups belong to are listed first as empty components (`component: true`), so
the imported groups get the same URNs as `pulumi up` gives them. Resource names follow the
components' naming (tenantctl.components.tenant): they derive from model keys only.

Graph-layer resources (teams, channels, settings, and groups with `groupProvider: graph`) are
dynamic and cannot be imported; the description's `adopt` ids adopt them on the first `up`.
azuread's Invitation has no import either: inviting an existing guest's address again returns
the same user, so its first `up` creates no user.
"""

from __future__ import annotations

from typing import Any

from tenantctl.m365.skus import SKUS
from tenantctl.model.schema import Tenant

GROUP = "azuread:index/group:Group"
LICENCE = "azuread:index/groupLicense:GroupLicense"


def import_plan(tenant: Tenant) -> dict[str, Any]:
    """The import file's content for every adopted group and group licence."""
    resources: list[dict[str, Any]] = []

    def adopt(component: str, name: str, child: str, group_id: str) -> None:
        resources.append({"type": f"tenantctl:m365:{component}", "name": name, "component": True})
        resources.append(
            {"type": GROUP, "name": f"{name}-{child}", "id": f"/groups/{group_id}", "parent": name}
        )

    for d in tenant.directorates:
        if d.adopt:
            adopt("Directorate", f"directorate-{d.code.lower()}", "agents", d.adopt)
    for s in tenant.spaces:
        if s.adopt:
            component = "PartnerSpace" if s.kind.value == "partner" else "TeamSpace"
            adopt(component, f"space-{s.key}", "group", s.adopt)
    for g in tenant.licence_groups:
        if g.adopt:
            name = f"licence-{g.key}"
            adopt("LicenceGroup", name, "group", g.adopt)
            sku_id = SKUS[g.sku].sku_id
            resources.append(
                {
                    "type": LICENCE,
                    "name": f"{name}-licence",
                    "id": f"{g.adopt}/license/{sku_id}",
                    "parent": name,
                }
            )
    return {"resources": resources}
