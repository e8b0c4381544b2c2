"""Each site keeps its own sharing level under the tenant's ceiling, as SharePoint does
(learn.microsoft.com/sharepoint/turn-external-sharing-on-or-off, change-external-sharing-site),
seen through the SharePoint admin API and Graph over HTTP."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.local_tenant_fixture import LocalTenantHandle

pytestmark = pytest.mark.integration

TENANT_API = "/_api/Microsoft.Online.SharePoint.TenantAdministration.Tenant"
GROUP_UNIFIED = "62375ab9-6b52-47ed-826b-58e47e0e304b"
DISABLED, GUESTS, ANYONE, EXISTING_GUESTS = 0, 1, 2, 3


def tenant_sharing(tenant: LocalTenantHandle, capability: str) -> None:
    tenant.admin.graph("PATCH", "/admin/sharepoint/settings", {"sharingCapability": capability})


def new_site(tenant: LocalTenantHandle, nickname: str) -> str:
    """The URL of a new Microsoft 365 group's team site."""
    group = tenant.admin.graph(
        "POST",
        "/groups",
        {
            "displayName": f"Équipe d'été « {nickname} »",
            "mailNickname": nickname,
            "mailEnabled": True,
            "securityEnabled": False,
            "groupTypes": ["Unified"],
        },
    )
    return str(tenant.admin.graph("GET", f"/groups/{group['id']}/sites/root")["webUrl"])


def properties(tenant: LocalTenantHandle, url: str) -> dict[str, Any]:
    answer = tenant.admin.call("POST", f"{TENANT_API}/GetSitePropertiesByUrl", {"url": url})
    answer.raise_for_status()
    found: dict[str, Any] = answer.json()
    return found


def levels(tenant: LocalTenantHandle, url: str) -> tuple[int, int]:
    """What the site allows, and its own level."""
    site = properties(tenant, url)
    return site["SharingCapability"], site["SiteDefinedSharingCapability"]


def set_site(tenant: LocalTenantHandle, url: str, capability: int) -> int:
    """PATCH the site's SharingCapability; the status SharePoint answers."""
    site_id = properties(tenant, url)["SiteId"]
    answer = tenant.admin.call(
        "PATCH", f"{TENANT_API}/sites('{site_id}')", {"SharingCapability": capability}
    )
    return answer.status_code


def test_a_new_group_site_lets_in_new_and_existing_guests_when_owners_may_add_guests(
    local_tenant: LocalTenantHandle,
) -> None:
    # The tenant's defaults: sharing with anyone, and owners may add guests to groups.
    assert levels(local_tenant, new_site(local_tenant, "ouvert")) == (GUESTS, GUESTS)


def test_a_new_group_site_lets_in_existing_guests_only_when_owners_may_not_add_guests(
    local_tenant: LocalTenantHandle,
) -> None:
    local_tenant.admin.graph(
        "POST",
        "/groupSettings",
        {"templateId": GROUP_UNIFIED, "values": [{"name": "AllowToAddGuests", "value": "false"}]},
    )
    assert levels(local_tenant, new_site(local_tenant, "restreint")) == (
        EXISTING_GUESTS,
        EXISTING_GUESTS,
    )


def test_a_new_site_takes_no_more_than_the_tenant_allows_and_keeps_it_when_the_tenant_widens(
    local_tenant: LocalTenantHandle,
) -> None:
    tenant_sharing(local_tenant, "existingExternalUserSharingOnly")
    site = new_site(local_tenant, "prudent")
    assert levels(local_tenant, site) == (EXISTING_GUESTS, EXISTING_GUESTS)

    tenant_sharing(local_tenant, "externalUserAndGuestSharing")

    assert levels(local_tenant, site) == (EXISTING_GUESTS, EXISTING_GUESTS)


def test_the_root_site_shares_with_anyone_under_the_tenants_ceiling(
    local_tenant: LocalTenantHandle,
) -> None:
    tenant_sharing(local_tenant, "externalUserSharingOnly")
    root = local_tenant.admin.graph("GET", "/sites/root")["webUrl"]
    assert levels(local_tenant, root) == (GUESTS, GUESTS)


def test_lowering_the_tenant_narrows_the_sites_above_it_and_raising_it_gives_their_level_back(
    local_tenant: LocalTenantHandle,
) -> None:
    open_site, closed_site = new_site(local_tenant, "large"), new_site(local_tenant, "ferme")
    assert set_site(local_tenant, open_site, GUESTS) == 204
    assert set_site(local_tenant, closed_site, DISABLED) == 204

    tenant_sharing(local_tenant, "existingExternalUserSharingOnly")

    assert levels(local_tenant, open_site) == (EXISTING_GUESTS, GUESTS)
    assert levels(local_tenant, closed_site) == (DISABLED, DISABLED)

    tenant_sharing(local_tenant, "externalUserAndGuestSharing")

    assert levels(local_tenant, open_site) == (GUESTS, GUESTS)
    assert levels(local_tenant, closed_site) == (DISABLED, DISABLED)


def test_a_site_can_be_set_up_to_the_tenants_level_and_not_above(
    local_tenant: LocalTenantHandle,
) -> None:
    site = new_site(local_tenant, "plafond")
    tenant_sharing(local_tenant, "externalUserSharingOnly")

    assert set_site(local_tenant, site, ANYONE) == 400
    assert levels(local_tenant, site) == (GUESTS, GUESTS)
    assert set_site(local_tenant, site, EXISTING_GUESTS) == 204
    assert set_site(local_tenant, site, GUESTS) == 204
    assert levels(local_tenant, site) == (GUESTS, GUESTS)


def test_a_site_stored_without_a_level_of_its_own_keeps_the_one_it_showed(
    local_tenant: LocalTenantHandle,
) -> None:
    site = new_site(local_tenant, "ancien")
    stored = next(s for s in local_tenant.admin.objects("site") if s["body"]["webUrl"] == site)
    local_tenant.admin.patch_object("site", stored["id"], {"_sharingCapability": None})
    tenant_sharing(local_tenant, "existingExternalUserSharingOnly")
    assert levels(local_tenant, site) == (EXISTING_GUESTS, EXISTING_GUESTS)

    tenant_sharing(local_tenant, "externalUserSharingOnly")

    assert levels(local_tenant, site) == (EXISTING_GUESTS, EXISTING_GUESTS)
