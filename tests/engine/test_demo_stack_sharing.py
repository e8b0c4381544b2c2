"""A deployed demo stack's sites share as the description says, whatever the tenant's level
does: widening the tenant opens no site, and a site raised in the same `up` as the tenant
waits for it (SharePoint refuses a site more open than its tenant)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from .demo_stack import DemoStack, TenantView

pytestmark = pytest.mark.engine

WATER = "mtl-tech-eau-potable"
INTRA = "mtl-tech-tech-ateliers"
DISABLED, ANYONE, EXISTING_GUESTS = 0, 2, 3


def ceiling(level: str) -> Callable[[dict[str, Any]], None]:
    return lambda doc: doc["tenant"].update(sharing_ceiling=level)


def water_site(level: str) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        next(s for s in doc["spaces"] if s["key"] == "eau-potable")["site"]["sharing"] = level

    return change


def test_sites_keep_their_declared_level_and_a_raise_waits_for_the_tenant(
    demo: DemoStack,
) -> None:
    demo.edit("tenant.yaml", ceiling("existing_guests"))
    demo.run("up", "--yes")
    view = TenantView(demo.tenant)
    water, intra = view.group(WATER)["id"], view.group(INTRA)["id"]
    assert (view.site_sharing(water), view.site_sharing(intra)) == (EXISTING_GUESTS, DISABLED)
    sites = [r for r in demo.state_resources() if str(r["type"]).endswith(":SiteSharing")]
    assert len(sites) == 5
    assert all(any(d.endswith("::tenant-sharing") for d in r["dependencies"]) for r in sites)

    demo.edit("tenant.yaml", ceiling("guests"))
    demo.run("up", "--yes")

    assert view.sharepoint_settings()["sharingCapability"] == "externalUserSharingOnly"
    assert (view.site_sharing(water), view.site_sharing(intra)) == (EXISTING_GUESTS, DISABLED)

    # The tenant and the site open in one `up`, and the tenant's settings answer slowly.
    demo.edit("tenant.yaml", ceiling("anyone"))
    demo.edit("spaces/partners.yaml", water_site("anyone"))
    demo.tenant.admin.set_faults({"workloads": {"sites": {"latency": {"fixed_ms": 3000}}}})
    demo.run("up", "--yes")

    assert (view.site_sharing(water), view.site_sharing(intra)) == (ANYONE, DISABLED)
    demo.tenant.admin.set_faults({})
    demo.run("preview", "--expect-no-changes")
    view.close()
