"""Sharing and access settings through the providers, on the local tenant."""

from __future__ import annotations

import pytest

from tests.integration.graph_layer.conftest import MakeProvider, lifecycle, make_group
from tests.support.local_tenant_fixture import LocalTenantHandle

pytestmark = pytest.mark.integration

PARTNER_TENANT = "3f2504e0-4f89-11d3-9a0c-0305e82c3301"
SHAREPOINT_TENANT_API = "/_api/Microsoft.Online.SharePoint.TenantAdministration.Tenant"
GROUP_UNIFIED = "62375ab9-6b52-47ed-826b-58e47e0e304b"


def test_tenant_sharing_settings(local_tenant: LocalTenantHandle, provider: MakeProvider) -> None:
    outcome = lifecycle(
        provider("TenantSharingSettings"),
        {"sharing": "guests", "allowed_domains": ["partner.example"]},
        {"sharing": "existing_guests", "resharing_by_external_users": False},
    )
    live = local_tenant.admin.graph("GET", "/admin/sharepoint/settings")
    assert live["sharingCapability"] == "existingExternalUserSharingOnly"
    assert live["sharingDomainRestrictionMode"] == "allowList"
    assert outcome.reread["allowed_domains"] == ["partner.example"]


def test_site_sharing_through_the_sharepoint_admin_api(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    group_id = make_group(provider, local_tenant, "site-share")
    outcome = lifecycle(
        provider("SiteSharing"),
        {"group_id": group_id, "sharing": "existing_guests"},
        {"sharing": "guests"},
    )
    assert outcome.created["sharing_capability"] == 3
    assert outcome.reread["sharing_capability"] == 1
    assert outcome.id.endswith("/sites/site-share")
    properties = local_tenant.admin.call(
        "POST",
        "/_api/Microsoft.Online.SharePoint.TenantAdministration.Tenant/GetSitePropertiesByUrl",
        {"url": outcome.id},
    ).json()
    assert properties["SharingCapability"] == 0


def test_a_site_gone_with_its_group_reads_as_deleted(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    group_id = make_group(provider, local_tenant, "site-gone")
    site = provider("SiteSharing")
    created = site.create(site.check({}, {"group_id": group_id}).inputs)
    local_tenant.admin.graph("DELETE", f"/groups/{group_id}")

    refreshed = site.read(created.id, created.outs)

    assert (refreshed.id, refreshed.outs) == ("", {})  # gone: refresh drops it from the state


def test_setting_a_sites_sharing_reads_its_properties_once(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    group_id = make_group(provider, local_tenant, "site-once")
    site = provider("SiteSharing")
    local_tenant.admin.call("DELETE", "/_admin/counters")

    # A new group site shares with new and existing guests: existing guests only is a change.
    inputs = site.check({}, {"group_id": group_id, "sharing": "existing_guests"}).inputs
    created = site.create(inputs)

    routes = local_tenant.admin.counters()["routes"]
    assert routes["sharepointAdmin.sites.getByUrl"] == 1
    assert routes["sharepointAdmin.sites.update"] == 1
    properties = local_tenant.admin.call(
        "POST",
        "/_api/Microsoft.Online.SharePoint.TenantAdministration.Tenant/GetSitePropertiesByUrl",
        {"url": created.id},
    ).json()
    assert properties["SharingCapability"] == 3


def test_a_site_cannot_be_more_open_than_the_tenant(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    local_tenant.admin.graph(
        "PATCH", "/admin/sharepoint/settings", {"sharingCapability": "disabled"}
    )
    group_id = make_group(provider, local_tenant, "closed-site")
    site = provider("SiteSharing")
    with pytest.raises(Exception, match="cannot be more permissive than the tenant"):
        site.create(site.check({}, {"group_id": group_id, "sharing": "anyone"}).inputs)


def _tenant_sharing(tenant: LocalTenantHandle, capability: str) -> None:
    tenant.admin.graph("PATCH", "/admin/sharepoint/settings", {"sharingCapability": capability})


def _site_levels(tenant: LocalTenantHandle, url: str) -> tuple[int, int]:
    """What the site allows, and its own level (SharePoint's numbers)."""
    site = tenant.admin.call(
        "POST", f"{SHAREPOINT_TENANT_API}/GetSitePropertiesByUrl", {"url": url}
    )
    body = site.json()
    return body["SharingCapability"], body["SiteDefinedSharingCapability"]


def test_a_site_keeps_its_declared_level_when_the_tenant_widens_afterwards(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    _tenant_sharing(local_tenant, "existingExternalUserSharingOnly")
    group_id = make_group(provider, local_tenant, "site-kept")
    site = provider("SiteSharing")
    inputs = site.check({}, {"group_id": group_id, "sharing": "existing_guests"}).inputs
    created = site.create(inputs)

    _tenant_sharing(local_tenant, "externalUserSharingOnly")

    read = site.read(created.id, created.outs)
    assert read.outs["sharing"] == "existing_guests"
    assert site.diff(created.id, read.outs, inputs).changes is False
    assert _site_levels(local_tenant, created.id) == (3, 3)


def test_a_site_gets_its_declared_level_even_when_the_tenant_already_narrows_it_there(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    group_id = make_group(provider, local_tenant, "site-own")
    url = local_tenant.admin.graph("GET", f"/groups/{group_id}/sites/root")["webUrl"]
    _tenant_sharing(local_tenant, "existingExternalUserSharingOnly")
    assert _site_levels(local_tenant, url) == (3, 1)  # it allows existing guests only
    site = provider("SiteSharing")

    site.create(site.check({}, {"group_id": group_id, "sharing": "existing_guests"}).inputs)
    _tenant_sharing(local_tenant, "externalUserSharingOnly")

    assert _site_levels(local_tenant, url) == (3, 3)


def test_a_site_reads_its_own_level_while_the_tenant_narrows_what_it_allows(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    group_id = make_group(provider, local_tenant, "site-narrowed")
    site = provider("SiteSharing")
    inputs = site.check({}, {"group_id": group_id, "sharing": "guests"}).inputs
    created = site.create(inputs)

    _tenant_sharing(local_tenant, "disabled")

    read = site.read(created.id, created.outs)
    assert (read.outs["sharing"], read.outs["sharing_capability"]) == ("guests", 1)
    assert site.diff(created.id, read.outs, inputs).changes is False
    assert _site_levels(local_tenant, created.id) == (0, 1)


def test_a_cross_tenant_partner(local_tenant: LocalTenantHandle, provider: MakeProvider) -> None:
    outcome = lifecycle(
        provider("CrossTenantPartner"),
        {"tenant_id": PARTNER_TENANT, "b2b_collaboration": True, "b2b_direct_connect": True},
        {"trust_mfa": True, "b2b_direct_connect": False},
    )
    assert outcome.id == PARTNER_TENANT
    assert outcome.reread["trust_mfa"] is True
    gone = local_tenant.admin.call(
        "GET", f"/v1.0/policies/crossTenantAccessPolicy/partners/{PARTNER_TENANT}"
    )
    assert gone.status_code == 404


def test_guest_access_to_one_group(local_tenant: LocalTenantHandle, provider: MakeProvider) -> None:
    group_id = make_group(provider, local_tenant, "guests-off")
    outcome = lifecycle(
        provider("GroupDirectorySettings"),
        {"group_id": group_id, "allow_to_add_guests": False},
        {"allow_to_add_guests": True},
    )
    assert outcome.reread["allow_to_add_guests"] is True
    assert local_tenant.admin.graph("GET", f"/groups/{group_id}/settings")["value"] == []


def test_guest_access_to_every_group_keeps_the_tenants_other_group_settings(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    existing = local_tenant.admin.graph(
        "POST",
        "/groupSettings",
        {"templateId": GROUP_UNIFIED, "values": [{"name": "EnableMIPLabels", "value": "True"}]},
    )
    outcome = lifecycle(
        provider("TenantGroupSettings"),
        {"allow_to_add_guests": False},
        {"allow_to_add_guests": True},
    )
    assert outcome.read["allow_to_add_guests"] is False
    (setting,) = local_tenant.admin.graph("GET", "/groupSettings")["value"]
    assert setting["id"] == existing["id"]  # the tenant's one setting, updated in place
    values = {v["name"]: v["value"] for v in setting["values"]}
    assert values["AllowToAddGuests"] == "true"  # deleting the resource left it
    assert values["EnableMIPLabels"] == "True"


def test_guest_access_to_every_group_is_written_only_where_it_differs_from_the_default(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    settings = provider("TenantGroupSettings")
    settings.create(settings.check({}, {"allow_to_add_guests": True}).inputs)
    assert local_tenant.admin.graph("GET", "/groupSettings")["value"] == []

    settings.create(settings.check({}, {"allow_to_add_guests": False}).inputs)
    (created,) = local_tenant.admin.graph("GET", "/groupSettings")["value"]
    assert created["templateId"] == GROUP_UNIFIED
    values = {v["name"]: v["value"] for v in created["values"]}
    assert values["AllowToAddGuests"] == "false"


def test_a_generic_graph_object(local_tenant: LocalTenantHandle, provider: MakeProvider) -> None:
    group = provider("GraphObject", roles=["Group.ReadWrite.All"])
    body = {
        "displayName": "Raw",
        "mailNickname": "raw",
        "mailEnabled": False,
        "securityEnabled": True,
        "groupTypes": [],
    }
    outcome = lifecycle(
        group,
        {"path": "groups", "body": body, "replace_on_changes": ["mailNickname"]},
        {"body": {**body, "displayName": "Raw group"}},
    )
    assert outcome.reread["body"]["displayName"] == "Raw group"
    assert local_tenant.admin.call("GET", f"/v1.0/groups/{outcome.id}").status_code == 404


def test_the_group_policy_is_written_read_back_and_keeps_the_other_values(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    local_tenant.admin.graph(
        "POST",
        "/groupSettings",
        {"templateId": GROUP_UNIFIED, "values": [{"name": "EnableMIPLabels", "value": "True"}]},
    )
    creators = make_group(provider, local_tenant, "group-creators")
    policy = {
        "naming_requirement": "VAL-[GroupName]",
        "blocked_words": ["Paie", "Direction générale", "l'Élysée"],
        "enable_group_creation": False,
        "group_creation_allowed_group_id": creators,
        "usage_guidelines_url": "https://intranet.example/groupes",
    }
    outcome = lifecycle(
        provider("TenantGroupSettings"),
        policy,
        {"blocked_words": ["paie"], "naming_requirement": "[GroupName] (VAL)"},
    )
    assert {k: outcome.read[k] for k in policy} == policy  # equal, so as the stack holds it
    assert outcome.reread["blocked_words"] == ["paie"]
    (setting,) = local_tenant.admin.graph("GET", "/groupSettings")["value"]
    values = {v["name"]: v["value"] for v in setting["values"]}
    assert values["PrefixSuffixNamingRequirement"] == "[GroupName] (VAL)"
    assert values["CustomBlockedWordsList"] == "paie"
    assert values["EnableGroupCreation"] == "false"
    assert values["GroupCreationAllowedGroupId"] == creators
    assert values["EnableMIPLabels"] == "True"  # not the kind's: left as it was


def test_a_group_policy_changed_by_hand_is_read_as_it_is(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    settings = provider("TenantGroupSettings")
    declared = settings.check({}, {"blocked_words": ["Paie"], "enable_group_creation": False})
    created = settings.create(declared.inputs)
    (setting,) = local_tenant.admin.graph("GET", "/groupSettings")["value"]
    values = [
        {"name": v["name"], "value": v["value"]}
        for v in setting["values"]
        if v["name"] not in ("EnableGroupCreation", "CustomBlockedWordsList")
    ]
    hand = [{"name": "EnableGroupCreation", "value": "True"}]
    local_tenant.admin.graph("PATCH", f"/groupSettings/{setting['id']}", {"values": values + hand})
    live = settings.read(created.id, created.outs).outs
    assert (live["enable_group_creation"], live["blocked_words"]) == (True, [])
    assert settings.diff(created.id, live, declared.inputs).changes is True
