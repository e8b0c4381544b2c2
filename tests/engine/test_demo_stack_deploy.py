"""`pulumi preview` and `pulumi up` of the real program and the `demo` stack description
(groupProvider graph) against the local tenant: the plan names every kind the stack uses,
the update creates it, the tenant then holds exactly what the description declares, and a
second run changes nothing.

One deployment is shared by the module: every test here only reads it (the last one runs
an `up` that must find nothing to do).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.local_tenant_fixture import LocalTenantHandle

from .conftest import isolated_engine_env
from .demo_stack import DemoStack, Step, TenantView, assert_schema_clean, prepare_demo_stack

pytestmark = pytest.mark.engine

DYNAMIC = "pulumi-python:dynamic/tenantctl:"

# What the demo description (stacks/demo/data) declares, by resource kind.
PLANNED_KINDS = {
    "tenantctl:m365:Directorate": 3,
    "tenantctl:m365:TeamSpace": 4,
    "tenantctl:m365:PartnerSpace": 1,
    "tenantctl:m365:Partner": 1,
    "tenantctl:m365:LicenceGroup": 2,
    f"{DYNAMIC}Group": 10,  # 3 directorates, 5 spaces, 2 licence groups
    f"{DYNAMIC}Team": 5,
    f"{DYNAMIC}TeamSettings": 5,
    f"{DYNAMIC}Channel": 10,
    f"{DYNAMIC}TeamMember": 2,  # the partner space's two guests
    f"{DYNAMIC}SiteSharing": 5,
    f"{DYNAMIC}GroupDirectorySettings": 5,
    f"{DYNAMIC}GroupLicence": 2,
    f"{DYNAMIC}GuestInvitation": 2,
    f"{DYNAMIC}CrossTenantPartner": 1,
    f"{DYNAMIC}TenantSharingSettings": 1,
    f"{DYNAMIC}TenantGroupSettings": 1,
    f"{DYNAMIC}GuestAccessReview": 1,  # the partner space's guests, reviewed by its owners
    f"{DYNAMIC}TeamArchive": 1,  # last year's festival
    f"{DYNAMIC}GroupLifecyclePolicy": 1,
    f"{DYNAMIC}GroupLifecyclePolicyGroup": 1,  # the school renovation project expires
    f"{DYNAMIC}ConditionalAccessPolicy": 1,  # guests sign in with MFA (report-only)
    "tenantctl:m365:Administration": 1,  # the commune's administrative unit
    f"{DYNAMIC}AdministrativeUnit": 1,
    f"{DYNAMIC}AdministrativeUnitScopedRole": 3,  # two Helpdesk, one Groups Administrator
    f"{DYNAMIC}MailboxSettings": 2,
    "pulumi:pulumi:Stack": 1,
}

PARTNER_TENANT = "7d3e9a21-4b6c-4f08-9e1a-5c2b8d7f0e34"
GUESTS = {
    "helene.brunel@eaux-lys.fr": "Hélène Brunel (Syndicat des eaux)",
    "exploitation@eaux-lys.fr": "Syndicat des eaux — exploitation",
}
DRH_DEPARTMENTS = '["DRH - Carrières et paie","DRH - Formation"]'
TECH_DEPARTMENTS = '["TECH - Direction","TECH - Voirie","TECH - Espaces verts","TECH - Bâtiments"]'
FIELD_DEPARTMENTS = '["TECH - Voirie","TECH - Espaces verts","TECH - Bâtiments"]'


@dataclass(frozen=True)
class Deployment:
    demo: DemoStack
    preview: list[Step]
    up_output: str
    view: TenantView


@pytest.fixture(scope="module")
def deployment(
    tmp_path_factory: pytest.TempPathFactory,
    engine_bin: Path,
    local_tenant_server: LocalTenantHandle,
) -> Iterator[Deployment]:
    """The demo stack, previewed then deployed once, on a fresh local tenant."""
    base = tmp_path_factory.mktemp("demo-deployment")
    local_tenant_server.violations.clear()
    demo = prepare_demo_stack(base, isolated_engine_env(base), local_tenant_server)
    preview = demo.preview_steps()
    up = demo.run("up", "--yes")
    view = TenantView(local_tenant_server)
    yield Deployment(demo, preview, up.stdout, view)
    view.close()
    assert_schema_clean(local_tenant_server)


@pytest.fixture(scope="module")
def view(deployment: Deployment) -> TenantView:
    return deployment.view


def test_preview_plans_every_resource_kind_of_the_stack_as_creates(
    deployment: Deployment,
) -> None:
    assert {step.op for step in deployment.preview} == {"create"}
    assert Counter(step.type for step in deployment.preview) == PLANNED_KINDS


def test_up_creates_every_planned_resource(deployment: Deployment) -> None:
    planned = sum(PLANNED_KINDS.values())
    assert f"+ {planned} created" in deployment.up_output
    recorded = Counter(
        r["type"]
        for r in deployment.demo.state_resources()
        if not str(r["type"]).startswith("pulumi:providers:")
    )
    assert recorded == PLANNED_KINDS


def test_each_resource_keeps_one_frame_the_component_line_that_declared_it(
    deployment: Deployment,
) -> None:
    declared = [
        r
        for r in deployment.demo.state_resources()
        if r["type"] in PLANNED_KINDS and r["type"] != "pulumi:pulumi:Stack"
    ]
    assert len(declared) == sum(PLANNED_KINDS.values()) - 1
    for resource in declared:
        assert resource["stackTrace"] == [{"sourcePosition": resource["sourcePosition"]}]
        assert "/modules/tenantctl/components/" in resource["sourcePosition"]


def test_groups_are_exactly_the_declared_ones_with_their_owners_and_rules(
    view: TenantView,
) -> None:
    groups = view.groups_by_nickname()
    assert set(groups) == {
        "mtl-dg-agents",
        "mtl-drh-agents",
        "mtl-tech-agents",
        "mtl-drh-drh-equipe",
        "mtl-tech-tech-ateliers",
        "mtl-tech-renovation-ecole",
        "mtl-tech-eau-potable",
        "mtl-dg-fete-musique-2025",
        "demo-lic-e3-bureaux",
        "demo-lic-f1-terrain",
    }
    unified = {key for key, g in groups.items() if "Unified" in g["groupTypes"]}
    assert unified == {
        "mtl-drh-drh-equipe",
        "mtl-tech-tech-ateliers",
        "mtl-tech-renovation-ecole",
        "mtl-tech-eau-potable",
        "mtl-dg-fete-musique-2025",
    }
    for key, group in groups.items():
        assert group["mailEnabled"] is (key in unified), key
        assert group["securityEnabled"] is (key not in unified), key

    assert groups["mtl-dg-agents"]["displayName"] == "Direction générale — agents"
    assert groups["mtl-tech-eau-potable"]["displayName"] == "Eau potable avec le Syndicat des eaux"
    rules = {key: group["membershipRule"] for key, group in groups.items()}
    assert rules == {
        "mtl-dg-agents": None,
        "mtl-drh-agents": f"(user.department -in {DRH_DEPARTMENTS})",
        "mtl-tech-agents": f"(user.department -in {TECH_DEPARTMENTS})",
        "mtl-drh-drh-equipe": f"((user.department -in {DRH_DEPARTMENTS})) -or "
        '(user.userPrincipalName -in ["nadia.kessler@montaurel.fr","thibault.marin@montaurel.fr"])',
        "mtl-tech-tech-ateliers": f"((user.department -in {TECH_DEPARTMENTS})) -or "
        '(user.userPrincipalName -in ["romain.pelletier@montaurel.fr",'
        '"lucas.ferreira@montaurel.fr","emma.girardot@montaurel.fr"])',
        "mtl-tech-renovation-ecole": None,
        "mtl-tech-eau-potable": None,
        "mtl-dg-fete-musique-2025": None,
        "demo-lic-e3-bureaux": f"(((user.department -in {DRH_DEPARTMENTS})) -or "
        '((user.department -eq "TECH - Direction"))) -or '
        '(user.userPrincipalName -in ["claire.vasseur@montaurel.fr",'
        '"marc.delorme@montaurel.fr","ines.barre@montaurel.fr"])',
        "demo-lic-f1-terrain": f"(user.department -in {FIELD_DEPARTMENTS})",
    }

    def owners(key: str) -> set[str]:
        return view.upns(f"groups/{groups[key]['id']}/owners")

    assert owners("mtl-dg-agents") == {"claire.vasseur@montaurel.fr", "marc.delorme@montaurel.fr"}
    assert owners("mtl-drh-agents") == {"sylvie.morand@montaurel.fr", "paul.renaudin@montaurel.fr"}
    assert owners("mtl-drh-drh-equipe") == owners("mtl-drh-agents")
    assert owners("mtl-tech-tech-ateliers") == {
        "julien.carrel@montaurel.fr",
        "agathe.simonin@montaurel.fr",
    }
    assert owners("mtl-tech-renovation-ecole") == {
        "julien.carrel@montaurel.fr",
        "marc.delorme@montaurel.fr",
    }
    assert owners("mtl-tech-eau-potable") == owners("mtl-tech-tech-ateliers")
    assert owners("demo-lic-e3-bureaux") == owners("demo-lic-f1-terrain") == set()

    def members(key: str) -> set[str]:
        return view.upns(f"groups/{groups[key]['id']}/members")

    assert members("mtl-dg-agents") == {
        "claire.vasseur@montaurel.fr",
        "marc.delorme@montaurel.fr",
        "ines.barre@montaurel.fr",
    }
    assert members("mtl-tech-renovation-ecole") == {
        "ines.barre@montaurel.fr",
        "romain.pelletier@montaurel.fr",
    }
    # The partner space's guests are members of its team, hence of its group.
    assert members("mtl-tech-eau-potable") == {
        "romain.pelletier@montaurel.fr",
        "helene.brunel_eaux-lys.fr#ext#@contoso.onmicrosoft.com",
        "exploitation_eaux-lys.fr#ext#@contoso.onmicrosoft.com",
    }
    # Dynamic groups follow the departments of the seeded agents (agent n of a directorate
    # works in department n modulo its departments: 1 on the roads, 4 in the management).
    assert "nadia.kessler@montaurel.fr" in members("mtl-drh-drh-equipe")
    assert "agent.tech.0001@montaurel.fr" in members("demo-lic-f1-terrain")
    assert "agent.tech.0001@montaurel.fr" not in members("demo-lic-e3-bureaux")
    assert "agent.tech.0004@montaurel.fr" in members("demo-lic-e3-bureaux")
    assert "agent.tech.0004@montaurel.fr" not in members("demo-lic-f1-terrain")


def test_each_space_has_one_team_with_its_settings(view: TenantView) -> None:
    groups = view.groups_by_nickname()
    spaces = {
        "mtl-drh-drh-equipe": "Équipe RH",
        "mtl-tech-tech-ateliers": "Ateliers municipaux",
        "mtl-tech-renovation-ecole": "Rénovation de l\u2019école des Tilleuls",
        "mtl-tech-eau-potable": "Eau potable avec le Syndicat des eaux",
        "mtl-dg-fete-musique-2025": "Fête de la musique 2025",
    }
    assert {g["id"] for g in view.collection("teams")} == {groups[key]["id"] for key in spaces}
    for key, display_name in spaces.items():
        team = view.team(groups[key]["id"])
        assert team["displayName"] == display_name
        ateliers = key == "mtl-tech-tech-ateliers"
        assert team["memberSettings"]["allowCreateUpdateChannels"] is not ateliers, key
        assert team["funSettings"]["allowGiphy"] is not ateliers, key
        assert team["guestSettings"] == {
            "allowCreateUpdateChannels": False,
            "allowDeleteChannels": False,
        }, key
    for key in groups.keys() - spaces.keys():
        assert not view.has_team(groups[key]["id"]), key


def test_channels_have_their_membership_types_and_rosters(view: TenantView) -> None:
    groups = view.groups_by_nickname()

    def channels(key: str) -> dict[str, str]:
        found = view.channels(groups[key]["id"])
        return {name: channel["membershipType"] for name, channel in found.items()}

    assert channels("mtl-drh-drh-equipe") == {
        "General": "standard",
        "Paie": "standard",
        "Formation": "standard",
        "Dossiers individuels": "private",
    }
    assert channels("mtl-tech-tech-ateliers") == {
        "General": "standard",
        "Interventions": "standard",
        "Plannings": "standard",
    }
    assert channels("mtl-tech-renovation-ecole") == {
        "General": "standard",
        "Planning des travaux": "standard",
        "Information des familles": "standard",
    }
    assert channels("mtl-tech-eau-potable") == {
        "General": "standard",
        "Accueil partenaires": "standard",  # created by the partner template
        "Travaux sur réseaux": "standard",
        "Astreinte commune": "shared",
    }

    drh = groups["mtl-drh-drh-equipe"]["id"]
    private = view.channels(drh)["Dossiers individuels"]
    assert view.roster(f"teams/{drh}/channels/{private['id']}/members") == {
        "sylvie.morand@montaurel.fr": ("owner",),
        "nadia.kessler@montaurel.fr": (),
    }
    water = groups["mtl-tech-eau-potable"]["id"]
    shared = view.channels(water)["Astreinte commune"]
    assert view.roster(f"teams/{water}/channels/{shared['id']}/members") == {
        "julien.carrel@montaurel.fr": ("owner",),
        "romain.pelletier@montaurel.fr": (),
    }


def test_partner_guests_are_invited_and_members_of_the_partner_space_only(
    view: TenantView,
) -> None:
    guests = view.guests()
    assert {mail: g["displayName"] for mail, g in guests.items()} == GUESTS
    groups = view.groups_by_nickname()
    water = view.roster(f"teams/{groups['mtl-tech-eau-potable']['id']}/members")
    assert {mail: roles for mail, roles in water.items() if mail in GUESTS} == {
        mail: ("guest",) for mail in GUESTS
    }
    for key in ("mtl-drh-drh-equipe", "mtl-tech-tech-ateliers", "mtl-tech-renovation-ecole"):
        assert not view.roster(f"teams/{groups[key]['id']}/members").keys() & GUESTS.keys()
        assert view.guest_setting(groups[key]["id"]) == {"AllowToAddGuests": "false"}
    assert view.guest_setting(groups["mtl-tech-eau-potable"]["id"]) == {"AllowToAddGuests": "true"}


def test_only_the_partner_space_site_shares_with_existing_guests(view: TenantView) -> None:
    groups = view.groups_by_nickname()
    sharing = {
        key: view.site_sharing(groups[key]["id"])
        for key in (
            "mtl-drh-drh-equipe",
            "mtl-tech-tech-ateliers",
            "mtl-tech-renovation-ecole",
            "mtl-tech-eau-potable",
        )
    }
    # SharePoint's SharingCapability: 0 disabled, 3 existing guests only.
    assert sharing == {
        "mtl-drh-drh-equipe": 0,
        "mtl-tech-tech-ateliers": 0,
        "mtl-tech-renovation-ecole": 0,
        "mtl-tech-eau-potable": 3,
    }
    settings = view.sharepoint_settings()
    assert settings["sharingCapability"] == "externalUserSharingOnly"
    assert settings["isResharingByExternalUsersEnabled"] is False
    assert settings["sharingDomainRestrictionMode"] == "allowList"
    assert settings["sharingAllowedDomainList"] == ["eaux-lys.fr"]


POLICY = (
    "EnableGroupCreation",
    "GroupCreationAllowedGroupId",
    "CustomBlockedWordsList",
    "PrefixSuffixNamingRequirement",
    "UsageGuidelinesUrl",
)
"""The Group.Unified values of the group policy."""


def test_owners_may_not_add_guests_to_groups_as_the_demo_says(view: TenantView) -> None:
    (unified,) = view.collection("groupSettings")
    values = {v["name"]: v["value"] for v in unified["values"]}
    assert values["AllowToAddGuests"] == "false"


def test_the_group_policy_lets_only_the_technical_services_create_groups(
    view: TenantView,
) -> None:
    (unified,) = view.collection("groupSettings")
    values = {v["name"]: v["value"] for v in unified["values"]}
    creators = view.group("MTL-TECH-agents")["id"]
    assert {name: values[name] for name in POLICY} == {
        "EnableGroupCreation": "false",
        "GroupCreationAllowedGroupId": creators,
        "CustomBlockedWordsList": "Confidentiel,Essai",
        "PrefixSuffixNamingRequirement": "",
        "UsageGuidelinesUrl": "https://intranet.montaurel.fr/bien-utiliser-les-equipes",
    }


def test_the_partner_space_s_owners_review_its_guests_every_quarter(view: TenantView) -> None:
    water = view.group("MTL-TECH-eau-potable")["id"]
    (review,) = view.collection("identityGovernance/accessReviews/definitions")
    assert f"/groups/{water}/transitiveMembers" in review["scope"]["query"]
    assert review["reviewers"][0]["query"] == f"/groups/{water}/owners"
    assert review["settings"]["recurrence"]["pattern"] == {"type": "absoluteMonthly", "interval": 3}
    assert review["settings"]["instanceDurationInDays"] == 14
    assert (review["settings"]["defaultDecision"], review["status"]) == ("Deny", "InProgress")
    instances = view.collection(
        f"identityGovernance/accessReviews/definitions/{review['id']}/instances"
    )
    decisions = view.collection(
        f"identityGovernance/accessReviews/definitions/{review['id']}/instances/"
        f"{instances[0]['id']}/decisions"
    )
    assert sorted(d["principal"]["userPrincipalName"].split("#")[0] for d in decisions) == sorted(
        email.replace("@", "_") for email in GUESTS
    )


def test_the_partner_with_a_tenant_id_has_b2b_direct_connect(view: TenantView) -> None:
    partners = view.partners()
    assert set(partners) == {PARTNER_TENANT}
    partner = partners[PARTNER_TENANT]
    for setting in (
        "b2bCollaborationInbound",
        "b2bDirectConnectInbound",
        "b2bDirectConnectOutbound",
    ):
        assert partner[setting]["usersAndGroups"]["accessType"] == "allowed", setting
    assert partner["inboundTrust"]["isMfaAccepted"] is False


def test_licence_groups_carry_their_sku_with_the_disabled_plans(view: TenantView) -> None:
    skus = {sku["skuPartNumber"]: sku for sku in view.collection("subscribedSkus")}

    def plan_ids(sku: str, *names: str) -> list[str]:
        plans = {p["servicePlanName"]: p["servicePlanId"] for p in skus[sku]["servicePlans"]}
        return sorted(plans[name] for name in names)

    groups = view.groups_by_nickname()
    licensed = {
        key: [
            (licence["skuId"], sorted(licence["disabledPlans"]))
            for licence in view.licences(group["id"])
        ]
        for key, group in groups.items()
    }
    assert licensed == {
        **{key: [] for key in groups},
        "demo-lic-e3-bureaux": [(skus["SPE_E3"]["skuId"], plan_ids("SPE_E3", "YAMMER_ENTERPRISE"))],
        "demo-lic-f1-terrain": [
            (skus["SPE_F1"]["skuId"], plan_ids("SPE_F1", "YAMMER_ENTERPRISE", "SWAY"))
        ],
    }


def test_the_festival_alone_is_archived(view: TenantView) -> None:
    groups = view.groups_by_nickname()
    archived = {key for key in groups if view.has_team(groups[key]["id"])}
    archived = {key for key in archived if view.team(groups[key]["id"])["isArchived"]}
    assert archived == {"mtl-dg-fete-musique-2025"}


def test_the_school_project_alone_expires_after_a_year(view: TenantView) -> None:
    (policy,) = view.collection("groupLifecyclePolicies")
    assert (policy["groupLifetimeInDays"], policy["managedGroupTypes"]) == (365, "Selected")
    assert policy["alternateNotificationEmails"] == "informatique@montaurel.fr"
    groups = view.groups_by_nickname()
    expiring = {
        key
        for key, group in groups.items()
        if view.get(f"groups/{group['id']}", **{"$select": "expirationDateTime"})[
            "expirationDateTime"
        ]
    }
    assert expiring == {"mtl-tech-renovation-ecole"}


def test_guests_sign_in_with_mfa_in_report_only_the_break_glass_accounts_excluded(
    view: TenantView,
) -> None:
    (policy,) = view.collection("identity/conditionalAccess/policies")
    assert policy["displayName"] == "DEMO guests and external users: MFA"
    assert policy["state"] == "enabledForReportingButNotEnforced"
    users = policy["conditions"]["users"]
    guests = users["includeGuestsOrExternalUsers"]
    assert set(guests["guestOrExternalUserTypes"].split(",")) == {
        "b2bCollaborationGuest",
        "b2bCollaborationMember",
        "b2bDirectConnectUser",
        "internalGuest",
        "otherExternalUser",
    }
    assert guests["externalTenants"]["membershipKind"] == "all"
    excluded = {view.get(f"users/{id_}")["userPrincipalName"] for id_ in users["excludeUsers"]}
    assert excluded == {"urgence.1@montaurel.fr", "urgence.2@montaurel.fr"}
    assert policy["conditions"]["applications"]["includeApplications"] == ["All"]
    assert policy["grantControls"]["builtInControls"] == ["mfa"]


def test_a_second_run_finds_nothing_to_change(deployment: Deployment) -> None:
    demo = deployment.demo
    demo.run("preview", "--expect-no-changes")
    demo.run("refresh", "--preview-only", "--expect-no-changes")
    up = demo.run("up", "--yes")
    assert f"{sum(PLANNED_KINDS.values())} unchanged" in up.stdout
    assert "created" not in up.stdout and "updated" not in up.stdout
