"""Classification and writing on small hand-written snapshots (no tenant needed)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from uuid import UUID

from tenantctl.export.classify import Classifier, Export
from tenantctl.export.mapping import ExportMapping
from tenantctl.export.reader import CollaborationSnapshot
from tenantctl.export.writer import write_export
from tenantctl.m365.roles import role_named
from tenantctl.model.derive import company_rule, department_rule, space_rule
from tenantctl.model.schema import (
    GuestReview,
    Organisation,
    Partner,
    SpaceKind,
    SpaceMembership,
)
from tenantctl.resources.specs.guest_access_review import scope_query

ORG = Organisation(
    key="brume", display_name="Brume", company_name="Brume", prefix="VB", domain="brume.fr"
)
TENANT_ID = "11111111-2222-4333-8444-555555555555"


def user(id_: str, department: str = "Culture", guest: bool = False) -> dict[str, Any]:
    mail = f"{id_}@partner.fr" if guest else f"{id_}@brume.fr"
    return {
        "id": id_,
        "userPrincipalName": f"{id_}#EXT#@brume.fr" if guest else mail,
        "displayName": id_,
        "mail": mail,
        "department": None if guest else department,
        "userType": "Guest" if guest else "Member",
    }


def agents_group(rule: str) -> dict[str, Any]:
    return {
        "id": "g-cult",
        "displayName": "Culture — agents",
        "mailNickname": "VB-CULT-agents",
        "groupTypes": ["DynamicMembership"],
        "membershipRule": rule,
    }


def team(id_: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": id_,
        "displayName": f"Team {id_}",
        "mailNickname": id_,
        "groupTypes": ["Unified"],
        "resourceProvisioningOptions": ["Team"],
        **extra,
    }


def classify(
    users: list[dict[str, Any]],
    groups: list[dict[str, Any]],
    mapping: ExportMapping | None = None,
    **details: Any,
) -> Export:
    snapshot = CollaborationSnapshot(
        organisation={"displayName": "Brume", "verifiedDomains": []},
        sharepoint={"sharingCapability": "disabled"},
        group_settings=details.pop("group_settings", []),
        lifecycle_policies=details.pop("lifecycle_policies", []),
        skus=details.pop("skus", []),
        partners=details.pop("partners", []),
        users={u["id"]: u for u in users},
        groups=groups,
        selected={g["id"] for g in groups},
        **details,
    )
    mapping = mapping or ExportMapping(organisations=(ORG,), departments={"Culture": "CULT"})
    return Classifier(snapshot, mapping, dt.date(2026, 1, 1)).export()


def reasons(export: Export) -> dict[str, str]:
    return {u.id: u.reason for u in export.unclassified}


def test_whether_owners_may_add_guests_is_the_tenants_group_setting_else_its_default() -> None:
    unified = {
        "templateId": "62375ab9-6b52-47ed-826b-58e47e0e304b",
        "values": [{"name": "AllowToAddGuests", "value": "false"}],
    }
    closed = classify([], [], group_settings=[unified]).tenant.tenant
    assert closed.guests_can_be_added_to_groups is False
    assert classify([], []).tenant.tenant.guests_can_be_added_to_groups is True


def unified_setting(**values: str) -> dict[str, Any]:
    return {
        "templateId": "62375ab9-6b52-47ed-826b-58e47e0e304b",
        "values": [{"name": name, "value": value} for name, value in values.items()],
    }


def test_the_group_policy_is_read_back_with_the_creators_as_their_directorate() -> None:
    setting = unified_setting(
        PrefixSuffixNamingRequirement="VB-[GroupName]",
        CustomBlockedWordsList="Paie,Direction générale",
        EnableGroupCreation="False",
        GroupCreationAllowedGroupId="g-cult",
        UsageGuidelinesUrl="https://intranet.brume.fr/groupes",
    )
    groups = [agents_group(department_rule(["Culture"]))]
    policy = classify([user("a")], groups, group_settings=[setting]).tenant.tenant.group_policy
    assert policy.model_dump() == {
        "naming": "VB-[GroupName]",
        "blocked_words": ("Direction générale", "Paie"),
        "users_can_create": False,
        "creators": "CULT",
        "usage_guidelines_url": "https://intranet.brume.fr/groupes",
    }
    assert classify([], []).tenant.tenant.group_policy.model_dump()["users_can_create"] is True


def test_group_creators_that_are_no_directorate_are_left_out_and_said() -> None:
    setting = unified_setting(EnableGroupCreation="false", GroupCreationAllowedGroupId="g-other")
    export = classify([], [], group_settings=[setting])
    assert export.tenant.tenant.group_policy.creators is None
    assert reasons(export)["g-other"] == "not a directorate's group"


def test_a_directorate_whose_rule_is_not_a_department_rule_is_left_out() -> None:
    export = classify([user("a"), user("b")], [agents_group('(user.jobTitle -eq "Chef")')])
    assert not export.tenant.directorates
    assert reasons(export)["g-cult"].startswith("membership rule '(user.jobTitle")


def test_a_team_with_a_rule_no_directorate_has_or_an_unmapped_agent_is_left_out() -> None:
    groups = [
        agents_group('(user.department -eq "Culture")'),
        team("dyn", membershipRule='(user.department -eq "Marine")'),
        team(
            "job",
            membershipRule='((user.jobTitle -eq "Chef")) -or (user.userPrincipalName '
            '-in ["a@brume.fr"])',
        ),
        team("odd"),
    ]
    export = classify(
        [user("a"), user("b"), user("c", department="Marine")],
        groups,
        owners={"g-cult": ["a", "b"], "dyn": ["a"], "job": ["a"], "odd": ["a", "c"]},
        members={"odd": ["a", "c"]},
    )
    assert not export.tenant.spaces
    assert reasons(export)["dyn"] == (
        "a team with dynamic membership rule '(user.department -eq \"Marine\")', which is no "
        "directorate's department rule"
    )
    assert reasons(export)["job"].startswith("a team with dynamic membership rule '((user.job")
    assert reasons(export)["odd"] == "c@brume.fr: department 'Marine' is not in the mapping"


def test_a_team_with_its_directorates_rule_is_the_intra_space_that_follows_it() -> None:
    """As the toolkit builds it: the department rule, with named members by UPN besides."""
    departments = ("Culture", "Musée d\u2019art", "Théâtre de l'Atelier")
    rule = department_rule(departments)
    assert rule is not None
    groups = [
        agents_group(rule),
        team("all", membershipRule=rule),
        team("named", membershipRule=space_rule(rule, ("o'neil@brume.fr", "b@brume.fr"))),
        team("stranger", membershipRule=space_rule(rule, ("x@partner.fr",))),
    ]
    mapping = ExportMapping(organisations=(ORG,), departments=dict.fromkeys(departments, "CULT"))
    oneil = user("o'neil", department="Musée d\u2019art")
    export = classify(
        [user("a"), user("b"), oneil, user("x", guest=True)],
        groups,
        mapping,
        owners={"g-cult": ["a", "b"], "all": ["a", "b"], "named": ["a", "b"], "stranger": ["a"]},
    )
    spaces = {s.adopt: s for s in export.tenant.spaces}
    assert set(spaces) == {"all", "named"}
    for space in spaces.values():
        assert (space.kind, space.directorates, space.membership) == (
            SpaceKind.INTRA,
            ("CULT",),
            SpaceMembership.DIRECTORATE,
        )
        assert space.owners == ("a@brume.fr", "b@brume.fr")
    assert spaces["all"].members == ()
    assert spaces["named"].members == ("o'neil@brume.fr", "b@brume.fr")  # as the rule has them
    assert reasons(export) == {
        "stranger": "the membership rule names x@partner.fr, who is not an agent"
    }


def test_guest_domains_sharing_a_name_make_distinct_partners() -> None:
    one, two = user("x", guest=True), user("y", guest=True)
    two["mail"] = "y@partner.com"
    export = classify([one, two], [])
    assert {p.key: p.domains for p in export.tenant.partners} == {
        "partner": ("partner.fr",),
        "partner-2": ("partner.com",),
    }


def test_a_mapped_partner_keeps_its_tenant_id_only_when_the_tenant_has_it() -> None:
    mapped = Partner(key="p", name="P", domains=("partner.fr",), tenant_id=UUID(TENANT_ID))
    mapping = ExportMapping(organisations=(ORG,), partners=(mapped,))
    kept = classify([], [], mapping, partners=[{"tenantId": TENANT_ID}])
    assert [str(p.tenant_id) for p in kept.tenant.partners] == [TENANT_ID]
    assert not kept.unclassified
    absent = classify([user("x", guest=True)], [], mapping)
    assert [p.tenant_id for p in absent.tenant.partners] == [None]


def test_a_shared_channel_is_shared_with_the_partners_b2b_direct_connect_reaches() -> None:
    """What `shared_with` does when the toolkit builds it: B2B direct connect with the partner."""
    mapped = Partner(key="p", name="P", domains=("partner.fr",), tenant_id=UUID(TENANT_ID))
    mapping = ExportMapping(
        organisations=(ORG,), departments={"Culture": "CULT"}, partners=(mapped,)
    )
    allowed = {"usersAndGroups": {"accessType": "allowed"}}
    blocked = {"usersAndGroups": {"accessType": "blocked"}}
    channels = {
        "space": [
            {"id": "c-shared", "displayName": "Astreinte", "membershipType": "shared"},
            {"id": "c-private", "displayName": "Contrat", "membershipType": "private"},
        ]
    }
    rosters = {
        "c-shared": [{"userId": "a", "roles": ["owner"]}],
        "c-private": [{"userId": "a", "roles": ["owner"]}, {"userId": "x", "roles": ["guest"]}],
    }

    def shared_with(
        inbound: dict[str, Any], outbound: dict[str, Any]
    ) -> dict[str, tuple[str, ...]]:
        entry = {
            "tenantId": TENANT_ID,
            "b2bDirectConnectInbound": inbound,
            "b2bDirectConnectOutbound": outbound,
        }
        export = classify(
            [user("a"), user("b"), user("x", guest=True)],
            [agents_group('(user.department -eq "Culture")'), team("space")],
            mapping,
            partners=[entry],
            owners={"g-cult": ["a", "b"], "space": ["a", "b"]},
            members={"space": ["a", "b", "x"]},
            channels=channels,
            rosters=rosters,
        )
        (space,) = export.tenant.spaces
        assert (space.kind, space.partners) == (SpaceKind.PARTNER, ("p",))
        return {c.name: c.shared_with for c in space.channels}

    assert shared_with(allowed, allowed) == {"Astreinte": ("p",), "Contrat": ()}
    assert shared_with(allowed, blocked) == {"Astreinte": (), "Contrat": ()}


def test_a_guest_in_a_licence_group_or_an_unknown_visibility_is_a_reason_to_leave_out() -> None:
    licence = {
        "id": "lic",
        "displayName": "Licences",
        "mailNickname": "licences",
        "groupTypes": [],
        "assignedLicenses": [{"skuId": "sku-e3", "disabledPlans": []}],
    }
    groups = [agents_group('(user.department -eq "Culture")'), licence, team("hidden")]
    groups[-1]["visibility"] = "HiddenMembership"
    export = classify(
        [user("a"), user("b"), user("x", guest=True)],
        groups,
        owners={"g-cult": ["a", "b"], "hidden": ["a", "b"]},
        members={"lic": ["a", "x"], "hidden": ["a", "b"]},
        skus=[{"skuId": "sku-e3", "skuPartNumber": "ENTERPRISEPACK", "servicePlans": []}],
    )
    assert reasons(export)["lic"] == "guest x@partner.fr is a member; only spaces have guests"
    assert reasons(export)["hidden"] == "'hiddenmembership' is not a valid Visibility"


def test_a_guest_the_model_cannot_name_is_left_out_with_the_field_and_message() -> None:
    odd = user("z", guest=True)
    odd["mail"] = "z at partner.fr"
    export = classify([odd], [])
    assert not export.tenant.partners
    assert reasons(export)["z"].startswith("email: String should match pattern")


def test_exporting_again_drops_sections_that_are_now_empty(tmp_path: Path) -> None:
    write_export(classify([user("x", guest=True)], []), tmp_path)
    assert (tmp_path / "data" / "partners.yaml").is_file()
    write_export(classify([], []), tmp_path)
    assert not (tmp_path / "data" / "partners.yaml").exists()
    assert (tmp_path / "data" / "tenant.yaml").is_file()


def test_a_space_description_the_components_derive_is_not_written() -> None:
    """A space without a description gets its display name on its group: exported as none,
    so the team's description renders again as the template's default."""
    groups = [
        agents_group('(user.department -eq "Culture")'),
        team("plain", description="Team plain"),
        team("own", description="Programmation de l'été"),
    ]
    export = classify(
        [user("a"), user("b")],
        groups,
        owners={"g-cult": ["a", "b"], "plain": ["a", "b"], "own": ["a", "b"]},
        members={"plain": ["a"], "own": ["a"]},
    )
    described = {s.adopt: s.description for s in export.tenant.spaces}
    assert described == {"plain": "", "own": "Programmation de l'été"}


def test_an_archived_team_is_exported_as_an_archived_space() -> None:
    groups = [
        agents_group('(user.department -eq "Culture")'),
        team("done"),
        team("live"),
    ]
    export = classify(
        [user("a"), user("b")],
        groups,
        owners={"g-cult": ["a", "b"], "done": ["a", "b"], "live": ["a", "b"]},
        members={"done": ["a"], "live": ["a"]},
        teams={"done": {"id": "done", "isArchived": True}, "live": {"id": "live"}},
    )
    assert {s.adopt: s.archived for s in export.tenant.spaces} == {"done": True, "live": False}


def test_the_lifecycle_policy_and_the_spaces_it_selects_are_exported() -> None:
    groups = [
        agents_group('(user.department -eq "Culture")'),
        team("renewed", expirationDateTime="2027-06-01T00:00:00Z"),
        team("kept"),
    ]
    policy = {
        "id": "p",
        "groupLifetimeInDays": 365,
        "managedGroupTypes": "Selected",
        "alternateNotificationEmails": "DSI@brume.fr;o'neil@brume.fr",
    }
    export = classify(
        [user("a"), user("b")],
        groups,
        owners={"g-cult": ["a", "b"], "renewed": ["a", "b"], "kept": ["a", "b"]},
        members={"renewed": ["a"], "kept": ["a"]},
        lifecycle_policies=[policy],
    )
    expiry = export.tenant.tenant.expiry
    assert expiry is not None
    assert (expiry.lifetime_days, expiry.spaces.value, expiry.notify) == (
        365,
        "selected",
        ("dsi@brume.fr", "o'neil@brume.fr"),
    )
    assert {s.adopt: s.expires for s in export.tenant.spaces} == {"renewed": True, "kept": False}
    assert classify([], []).tenant.tenant.expiry is None


def test_a_partner_space_keeps_its_guest_review_as_the_tenant_has_it() -> None:
    def review(group_id: str, months: int, days: int) -> dict[str, Any]:
        return {
            "id": f"r-{group_id}",
            "scope": {"query": scope_query(group_id)},
            "settings": {
                "instanceDurationInDays": days,
                "recurrence": {"pattern": {"type": "absoluteMonthly", "interval": months}},
            },
        }

    def exported(*reviews: dict[str, Any]) -> dict[str, GuestReview | None]:
        export = classify(
            [user("a"), user("b"), user("x", guest=True), user("y", guest=True)],
            [agents_group('(user.department -eq "Culture")'), team("kept"), team("other")],
            owners={"g-cult": ["a", "b"], "kept": ["a", "b"], "other": ["a", "b"]},
            members={"kept": ["a", "b", "x"], "other": ["a", "b", "y"]},
            reviews=list(reviews),
        )
        return {s.mail_nickname or "": s.review for s in export.tenant.spaces}

    default = GuestReview()
    assert exported(review("kept", 6, 28 * 6)) == {
        "kept": GuestReview(every_months=6, duration_days=168),
        "other": default,
    }
    # a review the model cannot describe (longer than its interval) takes the default
    assert exported(review("kept", 1, 29), review("other", 13, 14)) == {
        "kept": default,
        "other": default,
    }


CULTURE = agents_group('(user.department -eq "Culture")')


def sign_in_policy(**changes: Any) -> dict[str, Any]:
    """The guest sign-in policy as the toolkit writes it (tenantctl.components.sign_in)."""
    policy: dict[str, Any] = {
        "id": "ca",
        "displayName": "VB guests and external users: MFA",
        "state": "enabledForReportingButNotEnforced",
        "conditions": {
            "applications": {"includeApplications": ["All"]},
            "users": {
                "includeUsers": [],
                "includeGroups": [],
                "includeRoles": [],
                "includeGuestsOrExternalUsers": {
                    "guestOrExternalUserTypes": "internalGuest,b2bCollaborationGuest,"
                    "b2bCollaborationMember,b2bDirectConnectUser,otherExternalUser",
                    "externalTenants": {"membershipKind": "all"},
                },
                "excludeUsers": ["a", "b"],
            },
        },
        "grantControls": {"operator": "AND", "builtInControls": ["mfa"]},
    }
    policy.update(changes)
    return policy


def test_the_guest_sign_in_policy_is_exported_with_its_break_glass_accounts_as_people() -> None:
    export = classify(
        [user("a"), user("b"), user("c")],
        [CULTURE],
        owners={"g-cult": ["a", "b"]},
        sign_in_policies=[sign_in_policy()],
    )
    policy = export.tenant.tenant.guest_sign_in
    assert policy is not None
    assert (policy.state.value, policy.break_glass) == ("report-only", ("a@brume.fr", "b@brume.fr"))
    assert {p.upn for p in export.tenant.people} >= {"a@brume.fr", "b@brume.fr"}
    enforced = classify(
        [user("a"), user("b")],
        [CULTURE],
        owners={"g-cult": ["a", "b"]},
        sign_in_policies=[sign_in_policy(state="enabled")],
    )
    assert enforced.tenant.tenant.guest_sign_in is not None
    assert enforced.tenant.tenant.guest_sign_in.state.value == "on"


def test_other_conditional_access_policies_are_not_the_guest_sign_in_policy() -> None:
    members = sign_in_policy()
    members["conditions"]["users"]["includeUsers"] = ["All"]
    block = sign_in_policy(grantControls={"operator": "OR", "builtInControls": ["block"]})
    export = classify([user("a"), user("b")], [], sign_in_policies=[members, block])
    assert export.tenant.tenant.guest_sign_in is None
    assert classify([], []).tenant.tenant.guest_sign_in is None


def test_a_break_glass_account_no_directorate_holds_leaves_the_policy_out_and_says_why() -> None:
    policy = sign_in_policy()
    policy["conditions"]["users"]["excludeUsers"] = ["a", "x"]
    export = classify(
        [user("a"), user("x", department="Ailleurs")],
        [CULTURE],
        owners={"g-cult": ["a", "a"]},
        sign_in_policies=[policy],
    )
    assert export.tenant.tenant.guest_sign_in is None
    assert "ca" in reasons(export)


def test_the_organisations_unit_and_its_scoped_administrators_are_exported() -> None:
    helpdesk, global_admin = (role_named(n) for n in ("Helpdesk Administrator", "Global Reader"))
    assert helpdesk is not None and global_admin is not None
    roles = [
        {"id": "r-hd", "roleTemplateId": helpdesk.template_id},
        {"id": "r-gr", "roleTemplateId": global_admin.template_id},
    ]
    unit = {
        "id": "au-brume",
        "displayName": "Brume — agents d'abord",
        "description": "Les agents",
        "visibility": "HiddenMembership",
        "membershipType": "Dynamic",
        "membershipRule": company_rule(ORG),
        "scopedRoleMembers": [
            {"id": "s1", "roleId": "r-hd", "roleMemberInfo": {"id": "a"}},
            {"id": "s2", "roleId": "r-hd", "roleMemberInfo": {"id": "guest"}},
            {"id": "s3", "roleId": "r-gr", "roleMemberInfo": {"id": "b"}},
        ],
    }
    other = {"id": "au-other", "displayName": "Autre", "members": ["g-elsewhere"]}
    export = classify(
        [user("a"), user("b"), user("guest", guest=True)],
        [agents_group('(user.department -eq "Culture")')],
        owners={"g-cult": ["a", "b"]},
        units=[other, unit],
        roles=roles,
    )
    (org,) = export.tenant.organisations
    assert org.administration is not None
    assert org.administration.model_dump(mode="json") == {
        "unit_name": "Brume — agents d'abord",
        "description": "Les agents",
        "members": "users",
        "hidden": True,
        "roles": [{"role": "Helpdesk Administrator", "people": ["a@brume.fr"]}],
        "adopt": "au-brume",
    }
    assert reasons(export) == {
        "s2": "Helpdesk Administrator is held by a guest",
        "s3": "role r-gr is no role of the model",
    }


def test_a_unit_of_the_organisations_directorates_groups_is_exported_as_such() -> None:
    unit = {"id": "au", "displayName": "Brume", "members": ["g-cult"], "scopedRoleMembers": []}
    export = classify(
        [user("a"), user("b")],
        [agents_group('(user.department -eq "Culture")')],
        owners={"g-cult": ["a", "b"]},
        units=[unit],
    )
    (org,) = export.tenant.organisations
    assert org.administration is not None
    assert (org.administration.unit_name, org.administration.members.value) == (
        None,
        "directorates",
    )
    assert classify([], []).tenant.organisations[0].administration is None
