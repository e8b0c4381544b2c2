"""The sample stacks, declared under Pulumi mocks, produce exactly the resources they should."""

from __future__ import annotations

import datetime
from functools import cache

import pytest

from tenantctl.components.naming import channel_key, name_slug
from tenantctl.m365.skus import SKUS
from tenantctl.model import SpaceKind, Tenant, TenantIndex
from tenantctl.resources.specs.group_lifecycle_policy import GroupLifecyclePolicyArgs
from tenantctl.stack.project import load_stack
from tests.unit.components.conftest import Declared, declare

AZUREAD_GROUP = "azuread:index/group:Group"
AZUREAD_LICENCE = "azuread:index/groupLicense:GroupLicense"
AZUREAD_INVITATION = "azuread:index/invitation:Invitation"
AZUREAD_UNIT = "azuread:index/administrativeUnit:AdministrativeUnit"
AZUREAD_UNIT_MEMBER = "azuread:index/administrativeUnitMember:AdministrativeUnitMember"
AZUREAD_ROLE_MEMBER = "azuread:index/administrativeUnitRoleMember:AdministrativeUnitRoleMember"


@cache
def city() -> Tenant:
    return load_stack("city_metropolis").tenant


@cache
def declared_city(provider: str = "azuread") -> tuple[Declared, ...]:
    return tuple(declare(city(), provider))


def of_type(kind: str, provider: str = "azuread") -> dict[str, Declared]:
    return {d.name: d for d in declared_city(provider) if d.type == kind}


def test_the_city_stack_declares_every_resource_kind() -> None:
    kinds = {d.type for d in declared_city()}
    assert kinds >= {
        "tenantctl:m365:Directorate",
        "tenantctl:m365:TeamSpace",
        "tenantctl:m365:PartnerSpace",
        "tenantctl:m365:Partner",
        "tenantctl:m365:LicenceGroup",
        AZUREAD_GROUP,
        AZUREAD_LICENCE,
        AZUREAD_INVITATION,
        "tenantctl:Team",
        "tenantctl:TeamSettings",
        "tenantctl:Channel",
        "tenantctl:TeamMember",
        "tenantctl:SiteSharing",
        "tenantctl:GroupDirectorySettings",
        "tenantctl:CrossTenantPartner",
        "tenantctl:TenantSharingSettings",
        "tenantctl:TenantGroupSettings",
        "tenantctl:GuestAccessReview",
        "tenantctl:m365:Administration",
        AZUREAD_UNIT,
        AZUREAD_UNIT_MEMBER,
        AZUREAD_ROLE_MEMBER,
        "tenantctl:AdministrativeUnit",
    }


def test_one_team_settings_and_site_per_space_and_one_channel_per_channel() -> None:
    tenant = city()
    assert set(of_type("tenantctl:Team")) == {f"space-{s.key}-team" for s in tenant.spaces}
    assert len(of_type("tenantctl:TeamSettings")) == len(tenant.spaces)
    assert len(of_type("tenantctl:SiteSharing")) == len(tenant.spaces)
    assert len(of_type("tenantctl:Channel")) == sum(len(s.channels) for s in tenant.spaces)


def test_space_groups_are_unified_and_intra_spaces_follow_their_directorate() -> None:
    index = TenantIndex(city())
    groups = of_type(AZUREAD_GROUP)
    invitations = {
        guest.email.lower(): f"partner-{partner.key}-guest-{name_slug(guest.email)}"
        for partner in city().partners
        for guest in partner.guests
    }
    for space in city().spaces:
        group = groups[f"space-{space.key}-group"].inputs
        assert "Unified" in group["types"]
        assert group["mailEnabled"] is True and group["securityEnabled"] is False
        assert group["visibility"] == space.visibility.value.capitalize()
        assert group["mailNickname"] == index.space_mail_nickname(space)
        assert group["owners"] == [f"oid:{upn}" for upn in index.space_owners(space)]
        rule, members = index.space_membership(space)
        if rule:
            assert group["dynamicMembership"] == {"enabled": True, "rule": rule}
            assert "DynamicMembership" in group["types"]
        else:
            guests = [f"out:{invitations[email.lower()]}" for email in space.guests]
            assert group.get("members", []) == [f"oid:{upn}" for upn in members] + guests


def test_intra_space_rule_is_the_directorate_department_rule() -> None:
    index = TenantIndex(city())
    space = next(
        s
        for s in city().spaces
        if s.kind is SpaceKind.INTRA
        and not s.members
        and index.directorates[s.directorates[0]].membership.departments
    )
    directorate = index.directorates[space.directorates[0]]
    rule = of_type(AZUREAD_GROUP)[f"space-{space.key}-group"].inputs["dynamicMembership"]["rule"]
    assert rule == index.directorate_rule(directorate)
    assert rule.startswith("(user.department -")


def test_directorate_and_licence_groups_are_security_groups() -> None:
    groups = of_type(AZUREAD_GROUP)
    for directorate in city().directorates:
        group = groups[f"directorate-{directorate.code.lower()}-agents"].inputs
        assert group["securityEnabled"] is True and group["mailEnabled"] is False
        assert "Unified" not in group["types"]
    for licence in city().licence_groups:
        assert groups[f"licence-{licence.key}-group"].inputs["securityEnabled"] is True


def test_licence_groups_carry_the_sku_id_and_disabled_plan_ids() -> None:
    licences = of_type(AZUREAD_LICENCE)
    for group in city().licence_groups:
        sku = SKUS[group.sku]
        inputs = licences[f"licence-{group.key}-licence"].inputs
        assert inputs["skuId"] == str(sku.sku_id)
        assert inputs["disabledPlans"] == [str(sku.plans[p]) for p in group.disabled_plans]
        assert inputs["groupObjectId"] == f"out:licence-{group.key}-group"


@pytest.mark.parametrize("provider", ["azuread", "graph"])
def test_licence_groups_follow_the_waves_on_the_date_the_program_plans_for(provider: str) -> None:
    before = datetime.date(2026, 12, 5)  # the city's third metropolitan wave is still to come
    index = TenantIndex(city())
    group = next(g for g in city().licence_groups if g.key == "e3-metropole")
    kind = AZUREAD_GROUP if provider == "azuread" else "tenantctl:Group"
    declared = {d.name: d.inputs for d in declare(city(), provider, before) if d.type == kind}
    inputs = declared["licence-e3-metropole-group"]
    rule = (
        inputs["dynamicMembership"]["rule"] if provider == "azuread" else inputs["membership_rule"]
    )
    assert rule == index.licence_membership(group, before)[0]
    assert '"CPM - Marchés"' not in rule  # public procurement moves in 2027
    assert rule.endswith('(user.userPrincipalName -notIn ["thomas.muller@valmont-metropole.fr"])')
    after = {d.name: d.inputs for d in declare(city(), provider) if d.type == kind}
    moved = after["licence-e3-metropole-group"]
    rule = moved["dynamicMembership"]["rule"] if provider == "azuread" else moved["membership_rule"]
    assert '"CPM - Marchés"' in rule and "thomas.muller" not in rule


def test_guests_are_allowed_only_in_partner_spaces() -> None:
    settings = of_type("tenantctl:GroupDirectorySettings")
    members = of_type("tenantctl:TeamMember")
    for space in city().spaces:
        allowed = settings[f"space-{space.key}-guest-access"].inputs["allow_to_add_guests"]
        assert allowed is (space.kind is SpaceKind.PARTNER)
        guests = [name for name in members if name.startswith(f"space-{space.key}-guest-")]
        assert len(guests) == len(space.guests)
    partner_spaces = [s for s in city().spaces if s.kind is SpaceKind.PARTNER]
    assert partner_spaces and any(s.guests for s in partner_spaces)


@pytest.mark.parametrize("provider", ["azuread", "graph"])
def test_each_partner_space_reviews_its_guests_by_its_owners_on_its_recurrence(
    provider: str,
) -> None:
    reviews = of_type("tenantctl:GuestAccessReview", provider)
    partner_spaces = [s for s in city().spaces if s.kind is SpaceKind.PARTNER]
    assert set(reviews) == {f"space-{s.key}-guest-review" for s in partner_spaces}
    for space in partner_spaces:
        assert space.review is not None
        inputs = reviews[f"space-{space.key}-guest-review"].inputs
        assert (inputs["every_months"], inputs["duration_days"]) == (
            space.review.every_months,
            space.review.duration_days,
        )
        team = of_type("tenantctl:Team", provider)[f"space-{space.key}-team"]
        assert inputs["group_id"] == team.inputs["group_id"]
        assert inputs["display_name"] == f"Invités — {space.display_name}"


def test_external_sharing_only_where_the_space_is_a_partner_space() -> None:
    sites = of_type("tenantctl:SiteSharing")
    for space in city().spaces:
        sharing = sites[f"space-{space.key}-site"].inputs["sharing"]
        assert sharing == space.site.sharing.value
        if space.kind is not SpaceKind.PARTNER:
            assert sharing == "disabled"
    assert any(s.inputs["sharing"] != "disabled" for s in sites.values())


def test_every_guest_is_invited_once_and_partners_with_a_tenant_get_an_access_entry() -> None:
    invitations = of_type(AZUREAD_INVITATION)
    assert len(invitations) == sum(len(p.guests) for p in city().partners)
    assert all(i.inputs["userType"] == "Guest" for i in invitations.values())
    access = of_type("tenantctl:CrossTenantPartner")
    assert set(access) == {f"partner-{p.key}-access" for p in city().partners if p.tenant_id}


def test_partners_of_shared_channels_get_b2b_direct_connect() -> None:
    shared = {
        partner
        for space in city().spaces
        for channel in space.channels
        for partner in channel.shared_with
    }
    assert shared
    for name, access in of_type("tenantctl:CrossTenantPartner").items():
        key = name.removeprefix("partner-").removesuffix("-access")
        assert access.inputs["b2b_direct_connect"] is (key in shared)


def test_the_tenant_sharing_ceiling_allows_exactly_the_partner_domains() -> None:
    (tenant_sharing,) = of_type("tenantctl:TenantSharingSettings").values()
    domains = sorted({d for p in city().partners for d in p.domains})
    assert tenant_sharing.inputs["allowed_domains"] == domains
    assert tenant_sharing.inputs["resharing_by_external_users"] is False


def test_every_site_waits_for_the_tenants_sharing_settings_whichever_the_group_provider() -> None:
    for provider in ("azuread", "graph"):
        sites = of_type("tenantctl:SiteSharing", provider)
        assert len(sites) == len(city().spaces)
        assert {site.depends_on for site in sites.values()} == {("tenant-sharing",)}


def test_whether_owners_may_add_guests_is_the_tenants_group_setting() -> None:
    for provider in ("azuread", "graph"):
        (settings,) = of_type("tenantctl:TenantGroupSettings", provider).values()
        assert settings.inputs["allow_to_add_guests"] is city().tenant.guests_can_be_added_to_groups


def test_the_group_policy_is_the_tenants_group_setting_and_names_the_creators_group() -> None:
    policy = city().tenant.group_policy
    assert policy.creators is not None
    creators = f"directorate-{policy.creators.lower()}-agents"
    for provider, creators_id in (("azuread", f"out:{creators}"), ("graph", f"id:{creators}")):
        (settings,) = of_type("tenantctl:TenantGroupSettings", provider).values()
        owned = {
            k: v
            for k, v in settings.inputs.items()
            if k not in ("allow_to_add_guests", "__provider")
        }
        assert owned == {
            "naming_requirement": "",
            "blocked_words": list(policy.blocked_words),
            "enable_group_creation": False,
            "group_creation_allowed_group_id": creators_id,
            "usage_guidelines_url": policy.usage_guidelines_url,
        }, provider


def test_an_archived_space_is_archived_last_after_everything_else_of_its_team() -> None:
    archived = [s for s in city().spaces if s.archived]
    assert archived, "the city stack archives a space"
    for provider in ("azuread", "graph"):
        archives = of_type("tenantctl:TeamArchive", provider)
        assert set(archives) == {f"space-{s.key}-archive" for s in archived}
        for space in archived:
            name = f"space-{space.key}"
            declared = archives[f"{name}-archive"]
            assert declared.inputs["site_read_only"] is space.site.read_only_when_archived
            children = {
                d.name
                for d in declared_city(provider)
                if d.name.startswith(f"{name}-")
                and d.type.startswith("tenantctl:")
                and d.name not in (f"{name}-group", f"{name}-team", f"{name}-archive")
            }
            assert set(declared.depends_on) == children
            assert of_type("tenantctl:Team", provider)[f"{name}-team"].inputs["archived"] is True


def test_the_lifecycle_policy_manages_the_spaces_that_expire() -> None:
    expiry = city().tenant.expiry
    assert expiry is not None
    expiring = {f"space-{s.key}-expiry" for s in city().spaces if s.expires}
    assert expiring, "the city stack has a space that expires"
    for provider, prefix in (("azuread", "out:"), ("graph", "id:")):
        (policy,) = of_type("tenantctl:GroupLifecyclePolicy", provider).values()
        assert {k: policy.inputs[k] for k in GroupLifecyclePolicyArgs.__dataclass_fields__} == {
            "lifetime_days": expiry.lifetime_days,
            "managed_group_types": "selected",
            "notification_emails": list(expiry.notify),
        }
        groups = of_type("tenantctl:GroupLifecyclePolicyGroup", provider)
        assert set(groups) == expiring
        for name, declared in groups.items():
            space = name.removesuffix("-expiry")
            assert declared.inputs == {
                "policy_id": "id:group-expiry",
                "group_id": f"{prefix}{space}-group",
                "__provider": declared.inputs["__provider"],
            }


def test_renaming_display_names_keeps_every_resource_name() -> None:
    tenant = city()
    renamed = tenant.model_copy(
        update={
            "spaces": tuple(
                s.model_copy(update={"display_name": s.display_name + " (renommé)"})
                for s in tenant.spaces
            ),
            "directorates": tuple(
                d.model_copy(update={"display_name": d.display_name + " (renommée)"})
                for d in tenant.directorates
            ),
        }
    )
    before = {(d.type, d.name) for d in declared_city()}
    after_declared = declare(renamed)
    assert {(d.type, d.name) for d in after_declared} == before
    groups = {d.name: d for d in after_declared if d.type == AZUREAD_GROUP}
    space = tenant.spaces[0]
    assert groups[f"space-{space.key}-group"].inputs["displayName"].endswith("(renommé)")


def test_the_graph_group_provider_declares_the_same_objects_through_the_graph_layer() -> None:
    swap = {
        AZUREAD_GROUP: "tenantctl:Group",
        AZUREAD_LICENCE: "tenantctl:GroupLicence",
        AZUREAD_INVITATION: "tenantctl:GuestInvitation",
        "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy": (
            "tenantctl:ConditionalAccessPolicy"
        ),
        AZUREAD_UNIT: "tenantctl:AdministrativeUnit",
        AZUREAD_UNIT_MEMBER: "tenantctl:AdministrativeUnitMember",
        AZUREAD_ROLE_MEMBER: "tenantctl:AdministrativeUnitScopedRole",
    }
    azuread = {(swap.get(d.type, d.type), d.name) for d in declared_city("azuread")}
    graph = {(d.type, d.name) for d in declared_city("graph")}
    assert graph == azuread
    assert not any(d.type.startswith("azuread:") for d in declared_city("graph"))
    licence = next(iter(of_type("tenantctl:GroupLicence", "graph").values()))
    assert licence.inputs["sku"] in {str(s.sku_id) for s in SKUS.values()}


def test_a_guest_in_a_private_channel_is_named_by_the_user_id_of_their_invitation() -> None:
    """With either provider: never by e-mail, which is not a guest's user principal name."""
    tenant = city()
    space = next(s for s in tenant.spaces if s.key == "reseau-transports")
    position, channel = next(
        (n, c) for n, c in enumerate(space.channels) if c.kind.value == "private"
    )
    guest = space.guests[0]
    channels = list(space.channels)
    channels[position] = channel.model_copy(update={"members": (*channel.members, guest)})
    spaces = tuple(
        s.model_copy(update={"channels": tuple(channels)}) if s is space else s
        for s in tenant.spaces
    )
    edited = tenant.model_copy(update={"spaces": spaces})
    partner = next(p.key for p in tenant.partners if any(g.email == guest for g in p.guests))
    invitation = f"partner-{partner}-guest-{name_slug(guest)}"
    for provider, guest_id in (("azuread", f"out:{invitation}"), ("graph", f"id:{invitation}")):
        declared = {d.name: d for d in declare(edited, provider) if d.type == "tenantctl:Channel"}
        inputs = declared[f"space-{space.key}-channel-{channel_key(channel)}"].inputs
        assert inputs["members"] == [*channel.members, guest_id], provider
        assert inputs["owners"] == list(channel.owners), provider


@pytest.mark.parametrize(("provider", "prefix"), [("azuread", "out:"), ("graph", "id:")])
def test_mailbox_settings_are_one_resource_per_scope_over_its_directorates_groups(
    provider: str, prefix: str
) -> None:
    tenant = city()
    declared = of_type("tenantctl:MailboxSettings", provider)
    assert set(declared) == {
        "mailbox-settings-ville",
        "mailbox-settings-metropole",
        "mailbox-settings-eau",
    }
    metropole = declared["mailbox-settings-metropole"].inputs
    codes = [d.code for d in tenant.directorates if d.organisation == "metropole"]
    assert metropole["groups"] == [
        f"{prefix}directorate-{code.lower()}-agents" for code in codes if code != "EAU"
    ]
    assert metropole["excluded_groups"] == [f"{prefix}directorate-eau-agents"]
    assert (metropole["language"], metropole["time_zone"]) == ("fr-FR", "Europe/Paris")
    eau = declared["mailbox-settings-eau"].inputs
    assert eau["groups"] == [f"{prefix}directorate-eau-agents"] and eau["excluded_groups"] == []
    assert (eau["language"], eau["time_zone"], eau["date_format"]) == (
        "fr-FR",
        "Europe/Paris",
        "dd/MM/yyyy",
    )
    assert eau["working_days"][-1] == "saturday" and eau["working_start"] == "06:30"
    assert eau["working_time_zone"] == "Europe/Paris"
    ville = declared["mailbox-settings-ville"].inputs
    assert len(ville["groups"]) == sum(1 for d in tenant.directorates if d.organisation == "ville")
