"""Sites, SharePoint settings, policies, group settings, licences and invitations (msgraph-sdk)."""

from __future__ import annotations

import pytest
from kiota_abstractions.base_request_configuration import RequestConfiguration
from msgraph import GraphServiceClient
from msgraph.generated.groups.item.assign_license.assign_license_post_request_body import (
    AssignLicensePostRequestBody as GroupAssignLicense,
)
from msgraph.generated.models.assigned_license import AssignedLicense
from msgraph.generated.models.cross_tenant_access_policy_b2_b_setting import (
    CrossTenantAccessPolicyB2BSetting,
)
from msgraph.generated.models.cross_tenant_access_policy_configuration_partner import (
    CrossTenantAccessPolicyConfigurationPartner,
)
from msgraph.generated.models.cross_tenant_access_policy_inbound_trust import (
    CrossTenantAccessPolicyInboundTrust,
)
from msgraph.generated.models.group import Group
from msgraph.generated.models.group_setting import GroupSetting
from msgraph.generated.models.invitation import Invitation
from msgraph.generated.models.o_data_errors.o_data_error import ODataError
from msgraph.generated.models.setting_value import SettingValue
from msgraph.generated.models.sharepoint_settings import SharepointSettings
from msgraph.generated.models.sharing_capabilities import SharingCapabilities
from msgraph.generated.sites.sites_request_builder import SitesRequestBuilder

from local_tenant.directory.catalogue import SUBSCRIBED
from tenantctl.m365.skus import SKUS
from tests.support.local_tenant_fixture import LocalTenantHandle

pytestmark = [pytest.mark.integration, pytest.mark.filterwarnings("ignore::DeprecationWarning")]
E3 = "05e9a617-0261-4cee-bb44-138d3ef5d965"
PARTNER = "3f1c2b4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"


async def test_sites_and_sharepoint_settings(
    graph_client: GraphServiceClient, unified_group: Group
) -> None:
    site = (
        await graph_client.groups.by_group_id(unified_group.id or "").sites.by_site_id("root").get()
    )
    assert site is not None and site.id and site.name == "falcon"
    again = await graph_client.sites.by_site_id(site.id).get()
    assert again is not None and again.web_url == site.web_url
    query = SitesRequestBuilder.SitesRequestBuilderGetQueryParameters(search="falcon")
    found = await graph_client.sites.get(RequestConfiguration(query_parameters=query))
    assert found is not None and [s.id for s in found.value or []] == [site.id]
    settings = graph_client.admin.sharepoint.settings
    await settings.patch(
        SharepointSettings(
            sharing_capability=SharingCapabilities.ExistingExternalUserSharingOnly,
            sharing_allowed_domain_list=["partner.example"],
        )
    )
    current = await settings.get()
    assert (
        current is not None
        and current.sharing_capability == SharingCapabilities.ExistingExternalUserSharingOnly
    )
    assert (
        current.sharing_allowed_domain_list == ["partner.example"]
        and current.is_loop_enabled is True
    )


async def test_cross_tenant_partners(graph_client: GraphServiceClient) -> None:
    policy = graph_client.policies.cross_tenant_access_policy
    default = await policy.default.get()
    assert default is not None and default.is_service_default is True
    partner = await policy.partners.post(
        CrossTenantAccessPolicyConfigurationPartner(
            tenant_id=PARTNER,
            inbound_trust=CrossTenantAccessPolicyInboundTrust(is_mfa_accepted=True),
        )
    )
    assert partner is not None and partner.tenant_id == PARTNER
    with pytest.raises(ODataError) as twice:
        await policy.partners.post(CrossTenantAccessPolicyConfigurationPartner(tenant_id=PARTNER))
    assert twice.value.response_status_code == 409
    await policy.partners.by_cross_tenant_access_policy_configuration_partner_tenant_id(
        PARTNER
    ).patch(
        CrossTenantAccessPolicyConfigurationPartner(
            b2b_collaboration_inbound=CrossTenantAccessPolicyB2BSetting()
        )
    )
    listed = await policy.partners.get()
    assert listed is not None and [p.tenant_id for p in listed.value or []] == [PARTNER]
    got = await policy.partners.by_cross_tenant_access_policy_configuration_partner_tenant_id(
        PARTNER
    ).get()
    assert (
        got is not None
        and got.inbound_trust is not None
        and got.inbound_trust.is_mfa_accepted is True
    )
    await policy.partners.by_cross_tenant_access_policy_configuration_partner_tenant_id(
        PARTNER
    ).delete()
    with pytest.raises(ODataError) as gone:
        await policy.partners.by_cross_tenant_access_policy_configuration_partner_tenant_id(
            PARTNER
        ).get()
    assert gone.value.response_status_code == 404


async def test_group_settings(graph_client: GraphServiceClient, unified_group: Group) -> None:
    templates = await graph_client.group_setting_templates.get()
    assert templates is not None
    names = {t.display_name: t.id for t in templates.value or []}
    assert names["Group.Unified"] == "62375ab9-6b52-47ed-826b-58e47e0e304b"
    tenant_setting = await graph_client.group_settings.post(
        GroupSetting(
            template_id=names["Group.Unified"],
            values=[SettingValue(name="EnableMIPLabels", value="True")],
        )
    )
    assert tenant_setting is not None and tenant_setting.values
    values = {v.name: v.value for v in tenant_setting.values}
    assert values["EnableMIPLabels"] == "True" and values["AllowToAddGuests"] == "True"
    group_settings = graph_client.groups.by_group_id(unified_group.id or "").settings
    created = await group_settings.post(
        GroupSetting(
            template_id=names["Group.Unified.Guest"],
            values=[SettingValue(name="AllowToAddGuests", value="False")],
        )
    )
    assert created is not None and created.id
    await group_settings.by_group_setting_id(created.id).patch(
        GroupSetting(values=[SettingValue(name="AllowToAddGuests", value="True")])
    )
    listed = await group_settings.get()
    assert listed is not None and listed.value and listed.value[0].values
    assert listed.value[0].values[0].value == "True"
    with pytest.raises(ODataError) as bad:
        await group_settings.post(
            GroupSetting(
                template_id=names["Group.Unified.Guest"],
                values=[SettingValue(name="Nope", value="1")],
            )
        )
    assert bad.value.response_status_code == 400


def test_a_group_setting_update_carries_every_value_and_those_left_out_go_back_to_default(
    local_tenant: LocalTenantHandle,
) -> None:
    created = local_tenant.admin.graph(
        "POST",
        "/groupSettings",
        {
            "templateId": "62375ab9-6b52-47ed-826b-58e47e0e304b",
            "values": [
                {"name": "EnableMIPLabels", "value": "True"},
                {"name": "AllowToAddGuests", "value": "False"},
            ],
        },
    )

    local_tenant.admin.graph(
        "PATCH",
        f"/groupSettings/{created['id']}",
        {"values": [{"name": "AllowToAddGuests", "value": "true"}]},
    )

    setting = local_tenant.admin.graph("GET", f"/groupSettings/{created['id']}")
    values = {v["name"]: v["value"] for v in setting["values"]}
    assert values["AllowToAddGuests"] == "true" and values["EnableMIPLabels"] == "False"


async def test_subscribed_skus_carry_the_catalogues_ids_and_plans(
    graph_client: GraphServiceClient,
) -> None:
    page = await graph_client.subscribed_skus.get()
    assert page is not None
    seen = {
        sku.sku_part_number: (
            sku.sku_id,
            {plan.service_plan_name: plan.service_plan_id for plan in sku.service_plans or []},
            sku.prepaid_units.enabled if sku.prepaid_units else None,
        )
        for sku in page.value or []
    }
    assert seen == {
        part: (SKUS[part].sku_id, SKUS[part].plans, seats) for part, seats in SUBSCRIBED.items()
    }


async def test_group_licensing_and_skus(
    graph_client: GraphServiceClient, unified_group: Group, local_tenant: LocalTenantHandle
) -> None:
    before = await graph_client.subscribed_skus.get()
    assert before is not None
    skus = {s.sku_part_number: s for s in before.value or []}
    assert set(skus) >= {
        "ENTERPRISEPACK",
        "SPE_E3",
        "SPE_E5",
        "SPE_F1",
        "FLOW_FREE",
        "TEAMS_EXPLORATORY",
    }
    e5 = skus["SPE_E5"]
    assert e5.sku_id and e5.service_plans and e5.prepaid_units and e5.consumed_units == 0
    disabled = e5.service_plans[0].service_plan_id
    gid = unified_group.id or ""
    await graph_client.groups.by_group_id(gid).assign_license.post(
        GroupAssignLicense(
            add_licenses=[AssignedLicense(sku_id=e5.sku_id, disabled_plans=[disabled])],
            remove_licenses=[],
        )
    )
    after = await graph_client.subscribed_skus.get()
    assert after is not None
    assert {s.sku_part_number: s.consumed_units for s in after.value or []}[
        "SPE_E5"
    ] == 2  # members inherit, owners do not
    members = await graph_client.groups.by_group_id(gid).members.get()
    assert members is not None and members.value and members.value[0].id
    raw = local_tenant.admin.graph(
        "GET", f"/users/{members.value[0].id}?$select=assignedLicenses,licenseAssignmentStates"
    )
    inherited = [s for s in raw["licenseAssignmentStates"] if s["assignedByGroup"] == gid]
    assert (
        inherited and inherited[0]["skuId"] == str(e5.sku_id) and inherited[0]["state"] == "Active"
    )
    group = local_tenant.admin.graph(
        "GET", f"/groups/{gid}?$select=assignedLicenses,licenseProcessingState"
    )
    assert group["licenseProcessingState"] == {"state": "ProcessingComplete"}
    assert group["assignedLicenses"][0]["disabledPlans"] == [str(disabled)]


async def test_invitation_creates_guest(graph_client: GraphServiceClient) -> None:
    invitation = await graph_client.invitations.post(
        Invitation(
            invited_user_email_address="ana@partner.example",
            invite_redirect_url="https://myapps.microsoft.com",
            invited_user_display_name="Ana",
        )
    )
    assert (
        invitation is not None
        and invitation.invite_redeem_url
        and invitation.invited_user
        and invitation.invited_user.id
    )
    user = await graph_client.users.by_user_id(invitation.invited_user.id).get()
    assert (
        user is not None
        and user.user_principal_name == "ana_partner.example#EXT#@contoso.onmicrosoft.com"
    )


async def test_organization(
    graph_client: GraphServiceClient, local_tenant: LocalTenantHandle
) -> None:
    orgs = await graph_client.organization.get()
    assert orgs is not None and orgs.value and orgs.value[0].id == local_tenant.tenant_id
    assert orgs.value[0].verified_domains and orgs.value[0].verified_domains[0].is_default
