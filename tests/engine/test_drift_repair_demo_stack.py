"""Every kind of hand change of docs/drift-catalogue.md, made at once on the demo stack
deployed by a real `pulumi up`: `tenantctl drift` names each (exit 3); `pulumi refresh` then
`pulumi up` repair every one the stack declares property by property (the organisation's
administrative unit and its scoped roles among them), after which
`pulumi preview --expect-no-changes` holds; the objects added where the stack owns every one
(a channel, a licence, a partner), which up leaves by design, are all drift still reports.
Then a team space and a partner's cross-tenant entry deleted by hand: drift reports each
object deleted, and refresh + up recreate them (the team space empty: restoring the group
keeps its content, see the catalogue)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tenantctl.jobs.exit_codes import ExitCode
from tenantctl.m365.roles import role_named

from .demo_stack import SHAREPOINT_TENANT_API, DemoStack, Drift, TenantView, run_drift

pytestmark = pytest.mark.engine

GRAPH = "https://graph.microsoft.com/v1.0"
GUEST_TEMPLATE = "08d542b9-071f-4e16-94b0-74abb372e3d9"
HAND_PARTNER = "5b8f1a2c-0d3e-4f6a-9b7c-8d9e0f1a2b3c"
SYNDICAT = "7d3e9a21-4b6c-4f08-9e1a-5c2b8d7f0e34"
"""The demo's partner organisation (stacks/demo/data/partners.yaml)."""
HAND_CHANNEL = "Projets d\u2019\u00e9t\u00e9"
HAND_PRIVATE = "Écoute"

HELPDESK_JULIEN = "administration-commune-helpdesk-administrator-julien-carrel-montaurel-fr"
UNITS = "directory/administrativeUnits"

REPAIRED = {
    ("space-tech-ateliers-team", "archived"),  # Teams admin centre: Archive
    ("space-tech-ateliers-team", "body"),  # the team renamed, described and made public
    ("space-tech-ateliers-settings", "fun_settings"),  # ... and its settings resource
    ("space-renovation-ecole-group", "members"),  # a member added to the team
    ("space-renovation-ecole-group", "owners"),  # a member made owner of the team
    ("space-renovation-ecole-group", "description"),  # Entra: the group's description
    ("space-eau-potable-group", "members"),  # a guest added to the partner team...
    ("space-eau-potable-guest-helene-brunel-eaux-lys-fr", "(object)"),  # ...one deleted,
    ("partner-syndicat-eaux-guest-helene-brunel-eaux-lys-fr", "(object)"),  # ...as a user
    ("space-eau-potable-guest-exploitation-eaux-lys-fr", "(object)"),  # one removed from it
    ("space-drh-equipe-channel-paie", "(object)"),  # a declared channel deleted
    ("space-drh-equipe-channel-dossiers-individuels", "owners"),  # private channel owner
    ("space-eau-potable-channel-astreinte-commune", "members"),  # shared channel member
    ("space-renovation-ecole-guest-access", "allow_to_add_guests"),  # guests allowed
    ("licence-f1-terrain-licence", "disabled_plans"),  # a licence plan re-enabled
    ("space-drh-equipe-site", "sharing"),  # a site's sharing widened
    ("tenant-sharing", "sharing"),  # the tenant's sharing widened
    ("partner-syndicat-eaux-access", "b2b_direct_connect"),  # a partner's access changed
    ("partner-syndicat-eaux-access", "trust_mfa"),  # ... and its trust
    ("partner-syndicat-eaux-access", "b2b_collaboration"),
    ("partner-syndicat-eaux-access", "trust_compliant_devices"),
    ("tenant-sharing", "resharing_by_external_users"),  # SharePoint admin centre
    ("tenant-sharing", "blocked_domains"),
    ("tenant-group-settings", "allow_to_add_guests"),  # Entra: guests in every group
    ("tenant-group-settings", "enable_group_creation"),  # Entra: who creates groups
    ("tenant-group-settings", "blocked_words"),  # Entra: the naming policy's blocked words
    ("space-renovation-ecole-group", "mail_nickname"),  # Entra: the group's alias
    ("space-tech-ateliers-settings", "member_settings"),  # Teams: member and guest settings
    ("space-tech-ateliers-settings", "guest_settings"),
    ("space-renovation-ecole-group", "display_name"),  # Entra: the group renamed
    ("space-drh-equipe-group", "visibility"),  # Entra: the group made public
    ("directorate-drh-agents", "membership_rule"),  # Entra: a dynamic rule edited
    ("space-tech-ateliers-channel-plannings", "display_name"),  # Teams: a channel renamed
    ("space-tech-ateliers-channel-interventions", "description"),  # ... and described
    ("space-drh-equipe-settings", "messaging_settings"),  # Teams: a messaging setting
    ("partner-syndicat-eaux-guest-exploitation-eaux-lys-fr", "display_name"),  # guest renamed
    ("space-drh-equipe-guest-access", "(object)"),  # the group's guest setting deleted
    ("licence-e3-bureaux-licence", "(object)"),  # a group's licence removed
    ("space-eau-potable-guest-review", "duration_days"),  # Entra: the guest review shortened
    ("guest-sign-in", "state"),  # Entra: the guest sign-in policy switched off
    ("guest-sign-in", "exclude_users"),  # ... and an agent excluded instead of break-glass
    ("administration-commune-unit", "display_name"),  # Entra: the administrative unit renamed
    ("administration-commune-unit", "membership_rule_processing_state"),  # ... its rule paused
    (HELPDESK_JULIEN, "(object)"),  # ... and a scoped Helpdesk Administrator removed
}
RENOVATION = {
    f"space-renovation-ecole-{part}"
    for part in (
        "group",
        "team",
        "settings",
        "channel-planning-des-travaux",
        "channel-information-des-familles",
        "site",
        "guest-access",
        "expiry",  # its place in the lifecycle policy goes with the group
    )
}
"""Every resource of the team space deleted by hand."""
ADDED = {
    ("Channel", f"space-drh-equipe-team/{HAND_CHANNEL}"),
    ("Channel", f"space-tech-ateliers-team/{HAND_PRIVATE}"),
    ("GroupLicence", "space-drh-equipe-group/SPE_E3"),
    ("CrossTenantPartner", HAND_PARTNER),
}


@dataclass(frozen=True)
class Ids:
    """The deployed objects the hand changes touch."""

    drh: str
    ateliers: str
    renovation: str
    water: str
    f1: str
    e3: str
    directorate: str


def _member(user: str, *roles: str) -> dict[str, Any]:
    return {
        "@odata.type": "#microsoft.graph.aadUserConversationMember",
        "roles": list(roles),
        "user@odata.bind": f"{GRAPH}/users('{user}')",
    }


def _sku(view: TenantView, part_number: str) -> str:
    return next(
        str(s["skuId"])
        for s in view.collection("subscribedSkus")
        if s["skuPartNumber"] == part_number
    )


def _change_by_hand(demo: DemoStack, view: TenantView, ids: Ids) -> None:
    """What people do in the admin centres, through the Graph calls the centres make."""
    admin = demo.tenant.admin

    def user(upn: str) -> str:
        return str(admin.graph("GET", f"/users/{upn}")["id"])

    # Teams admin centre: channels, people, settings, archive.
    owner = _member(user("romain.pelletier@montaurel.fr"), "owner")
    admin.graph("POST", f"/teams/{ids.drh}/channels", {"displayName": HAND_CHANNEL})
    private = {"displayName": HAND_PRIVATE, "membershipType": "private", "members": [owner]}
    admin.graph("POST", f"/teams/{ids.ateliers}/channels", private)
    drh_channels = view.channels(ids.drh)
    admin.graph("DELETE", f"/teams/{ids.drh}/channels/{drh_channels['Paie']['id']}")
    dossiers = drh_channels["Dossiers individuels"]["id"]
    thibault = user("thibault.marin@montaurel.fr")
    admin.graph("POST", f"/teams/{ids.drh}/channels/{dossiers}/members", _member(thibault, "owner"))
    astreinte = view.channels(ids.water)["Astreinte commune"]["id"]
    admin.graph(
        "POST",
        f"/teams/{ids.water}/channels/{astreinte}/members",
        _member(user("agathe.simonin@montaurel.fr")),
    )
    admin.graph("POST", f"/teams/{ids.renovation}/members", _member(thibault))
    ines = next(
        m
        for m in view.collection(f"teams/{ids.renovation}/members")
        if m["email"] == "ines.barre@montaurel.fr"
    )
    promote = {"@odata.type": ines["@odata.type"], "roles": ["owner"]}
    admin.graph("PATCH", f"/teams/{ids.renovation}/members/{ines['id']}", promote)
    helene = view.guests()["helene.brunel@eaux-lys.fr"]["id"]
    admin.graph("DELETE", f"/users/{helene}")  # Entra: a partner's guest deleted
    exploitation = next(
        m
        for m in view.collection(f"teams/{ids.water}/members")
        if m["email"] == "exploitation@eaux-lys.fr"
    )
    admin.graph("DELETE", f"/teams/{ids.water}/members/{exploitation['id']}")
    invited = admin.graph(
        "POST",
        "/invitations",
        {
            "invitedUserEmailAddress": "zoé.o'brien@eaux-lys.fr",
            "invitedUserDisplayName": "Zoé O'Brien (Syndicat des eaux)",
            "inviteRedirectUrl": "https://myapps.microsoft.com",
        },
    )["invitedUser"]["id"]
    admin.graph("POST", f"/teams/{ids.water}/members", _member(invited))
    team_changes = {
        "displayName": "Ateliers (à la main)",
        "description": "Changée à la main",
        "visibility": "public",
        "memberSettings": {"allowCreateUpdateChannels": True},
        "guestSettings": {"allowDeleteChannels": True},
        "funSettings": {"allowGiphy": True},
    }
    admin.graph("PATCH", f"/teams/{ids.ateliers}", team_changes)
    ateliers_channels = view.channels(ids.ateliers)
    plannings = ateliers_channels["Plannings"]["id"]
    admin.graph("PATCH", f"/teams/{ids.ateliers}/channels/{plannings}", {"displayName": "Équipes"})
    interventions = ateliers_channels["Interventions"]["id"]
    described = {"description": "Changée à la main"}
    admin.graph("PATCH", f"/teams/{ids.ateliers}/channels/{interventions}", described)
    # archived last: an archived team's channels are read-only (team-archive)
    admin.graph("POST", f"/teams/{ids.ateliers}/archive")
    no_deleting = {"messagingSettings": {"allowUserDeleteMessages": False}}
    admin.graph("PATCH", f"/teams/{ids.drh}", no_deleting)

    # Entra, Identity Governance: the partner space's guest review made shorter (a PUT of
    # the whole definition, as the portal sends it).
    (review,) = view.collection("identityGovernance/accessReviews/definitions")
    shorter = {**review["settings"], "instanceDurationInDays": 7}
    definition = f"/identityGovernance/accessReviews/definitions/{review['id']}"
    kept = {k: review[k] for k in ("displayName", "scope", "reviewers")}
    admin.graph("PUT", definition, {**kept, "settings": shorter})

    # Entra, Conditional Access: the guest sign-in policy switched off, a break-glass account's
    # exclusion replaced by an agent's (conditionalaccesspolicy-update).
    (policy,) = view.collection("identity/conditionalAccess/policies")
    loosened = {"excludeUsers": [user("ines.barre@montaurel.fr")]}
    admin.graph(
        "PATCH",
        f"/identity/conditionalAccess/policies/{policy['id']}",
        {"state": "disabled", "conditions": {"users": loosened}},
    )

    # Entra admin centre: a group's description and guest access, licences, partners.
    renamed = {
        "description": "Changée à la main",
        "displayName": "Rénovation (à la main)",
        "mailNickname": "MTL-TECH-renovation-main",
    }
    admin.graph("PATCH", f"/groups/{ids.renovation}", renamed)
    admin.graph("PATCH", f"/groups/{ids.drh}", {"visibility": "Public"})
    rule = 'user.department -eq "DRH"'
    admin.graph("PATCH", f"/groups/{ids.directorate}", {"membershipRule": rule})
    drh_setting = next(
        s
        for s in view.collection(f"groups/{ids.drh}/settings")
        if s["templateId"] == GUEST_TEMPLATE
    )
    admin.graph("DELETE", f"/groups/{ids.drh}/settings/{drh_setting['id']}")
    (tenant_wide,) = view.collection("groupSettings")
    by_hand = {
        "AllowToAddGuests": "True",
        "EnableGroupCreation": "True",  # Entra: every user may create groups again
        "CustomBlockedWordsList": "Essai",  # a blocked word dropped
    }
    values = [{**v, "value": by_hand.get(v["name"], v["value"])} for v in tenant_wide["values"]]
    admin.graph("PATCH", f"/groupSettings/{tenant_wide['id']}", {"values": values})
    guest = view.guests()["exploitation@eaux-lys.fr"]["id"]
    admin.graph("PATCH", f"/users/{guest}", {"displayName": "Exploitation (renommé)"})
    setting = next(
        s
        for s in view.collection(f"groups/{ids.renovation}/settings")
        if s["templateId"] == GUEST_TEMPLATE
    )
    allow = {"values": [{"name": "AllowToAddGuests", "value": "true"}]}
    admin.graph("PATCH", f"/groups/{ids.renovation}/settings/{setting['id']}", allow)
    f1, yammer = _sku(view, "SPE_F1"), "7547a3fe-08ee-4ccb-b430-5077c5041653"
    licence = {"addLicenses": [{"skuId": f1, "disabledPlans": [yammer]}], "removeLicenses": []}
    admin.graph("POST", f"/groups/{ids.f1}/assignLicense", licence)
    e3_sku = _sku(view, "SPE_E3")
    e3 = {"addLicenses": [{"skuId": e3_sku, "disabledPlans": []}]}
    admin.graph("POST", f"/groups/{ids.drh}/assignLicense", {**e3, "removeLicenses": []})
    removed = {"addLicenses": [], "removeLicenses": [e3_sku]}
    admin.graph("POST", f"/groups/{ids.e3}/assignLicense", removed)
    partners = "/policies/crossTenantAccessPolicy/partners"
    admin.graph("POST", partners, {"tenantId": HAND_PARTNER})
    untrusted = {
        "b2bCollaborationInbound": _blocked(),
        "b2bDirectConnectInbound": _blocked(),
        "inboundTrust": {"isMfaAccepted": True, "isCompliantDeviceAccepted": True},
    }
    admin.graph("PATCH", f"{partners}/{SYNDICAT}", untrusted)

    # Entra admin centre, Administrative units: the commune's unit renamed and its rule
    # paused; a scoped role assignment removed.
    (unit,) = view.collection(UNITS)
    paused = {"displayName": "Agents (à la main)", "membershipRuleProcessingState": "Paused"}
    admin.graph("PATCH", f"/{UNITS}/{unit['id']}", paused)
    julien = user("julien.carrel@montaurel.fr")
    helpdesk = next(
        s
        for s in view.collection(f"{UNITS}/{unit['id']}/scopedRoleMembers")
        if s["roleMemberInfo"]["id"] == julien and s["roleId"] == _helpdesk_role(view)
    )
    admin.graph("DELETE", f"/{UNITS}/{unit['id']}/scopedRoleMembers/{helpdesk['id']}")

    # SharePoint admin centre: a site's and the tenant's sharing.
    site = admin.graph("GET", f"/groups/{ids.drh}/sites/root")
    found = admin.call(
        "POST", f"{SHAREPOINT_TENANT_API}/GetSitePropertiesByUrl", {"url": site["webUrl"]}
    ).json()
    admin.call(
        "PATCH", f"{SHAREPOINT_TENANT_API}/sites('{found['SiteId']}')", {"SharingCapability": 1}
    )
    anyone = {
        "sharingCapability": "externalUserAndGuestSharing",
        "isResharingByExternalUsersEnabled": True,
        "sharingDomainRestrictionMode": "blockList",
        "sharingBlockedDomainList": ["concurrent.example"],
    }
    admin.graph("PATCH", "/admin/sharepoint/settings", anyone)


def _helpdesk_role(view: TenantView) -> str:
    """The tenant's directoryRole id of Helpdesk Administrator."""
    helpdesk = role_named("Helpdesk Administrator")
    assert helpdesk is not None
    return next(
        str(r["id"])
        for r in view.collection("directoryRoles")
        if r["roleTemplateId"] == helpdesk.template_id
    )


def _blocked() -> dict[str, Any]:
    return {
        "usersAndGroups": {
            "accessType": "blocked",
            "targets": [{"target": "AllUsers", "targetType": "user"}],
        },
        "applications": {
            "accessType": "blocked",
            "targets": [{"target": "AllApplications", "targetType": "application"}],
        },
    }


def _ids(view: TenantView) -> Ids:
    groups = view.groups_by_nickname()
    return Ids(
        drh=groups["mtl-drh-drh-equipe"]["id"],
        ateliers=groups["mtl-tech-tech-ateliers"]["id"],
        renovation=groups["mtl-tech-renovation-ecole"]["id"],
        water=groups["mtl-tech-eau-potable"]["id"],
        f1=groups["demo-lic-f1-terrain"]["id"],
        e3=groups["demo-lic-e3-bureaux"]["id"],
        directorate=groups["mtl-drh-agents"]["id"],
    )


def test_hand_changes_are_reported_then_repaired_by_refresh_and_up(demo: DemoStack) -> None:
    demo.run("up", "--yes")
    view = TenantView(demo.tenant)
    ids = _ids(view)
    helene_before = view.guests()["helene.brunel@eaux-lys.fr"]["id"]
    _change_by_hand(demo, view, ids)

    before: Drift = run_drift(demo)
    assert before.code == ExitCode.ATTENTION, before.stderr
    assert before.drifted == REPAIRED
    assert before.added == ADDED
    for path in ("displayName", "description", "visibility"):
        assert f"| `space-tech-ateliers-team` | Team | `body.{path}` |" in before.markdown, path
    # the team's settings are TeamSettings' alone (Team sends them only when it creates)
    assert "| `space-tech-ateliers-settings` | TeamSettings | `fun_settings" in before.markdown

    demo.run("refresh", "--yes")
    demo.run("up", "--yes")
    demo.run("preview", "--expect-no-changes")

    after = run_drift(demo)
    assert after.code == ExitCode.ATTENTION, after.stderr
    assert after.drifted == set()
    assert after.added == ADDED
    assert view.team(ids.ateliers)["isArchived"] is False
    assert view.team(ids.ateliers)["funSettings"]["allowGiphy"] is False
    water = view.upns(f"groups/{ids.water}/members")
    assert not any("o'brien" in upn for upn in water)
    assert any("helene.brunel" in upn for upn in water)  # invited again, a new user
    assert view.guests()["helene.brunel@eaux-lys.fr"]["id"] != helene_before
    assert "Paie" in view.channels(ids.drh)
    assert view.site_sharing(ids.drh) == 0
    (tenant_wide,) = view.collection("groupSettings")
    policy = {v["name"]: v["value"] for v in tenant_wide["values"]}
    assert (policy["EnableGroupCreation"], policy["CustomBlockedWordsList"]) == (
        "false",
        "Confidentiel,Essai",
    )
    (review,) = view.collection("identityGovernance/accessReviews/definitions")
    assert review["settings"]["instanceDurationInDays"] == 14
    (policy,) = view.collection("identity/conditionalAccess/policies")
    assert policy["state"] == "enabledForReportingButNotEnforced"
    excluded = {
        view.get(f"users/{u}")["userPrincipalName"]
        for u in policy["conditions"]["users"]["excludeUsers"]
    }
    assert excluded == {"urgence.1@montaurel.fr", "urgence.2@montaurel.fr"}
    (unit,) = view.collection(UNITS)
    assert (unit["displayName"], unit["membershipRuleProcessingState"]) == (
        "Commune de Montaurel",
        "On",
    )
    scoped = view.collection(f"{UNITS}/{unit['id']}/scopedRoleMembers")
    assert len(scoped) == 3  # two Helpdesk Administrators, one Groups Administrator

    demo.tenant.admin.graph("DELETE", f"/groups/{ids.renovation}")
    demo.tenant.admin.graph("DELETE", f"/policies/crossTenantAccessPolicy/partners/{SYNDICAT}")
    deleted = run_drift(demo)
    assert deleted.code == ExitCode.ATTENTION, deleted.stderr
    assert deleted.drifted == {
        *((name, "(object)") for name in RENOVATION),
        ("partner-syndicat-eaux-access", "(object)"),
    }
    demo.run("refresh", "--yes")
    demo.run("up", "--yes")
    demo.run("preview", "--expect-no-changes")
    assert run_drift(demo).drifted == set()
    recreated = view.group("MTL-TECH-renovation-ecole")["id"]
    assert recreated != ids.renovation
    assert set(view.channels(recreated)) == {
        "General",
        "Planning des travaux",
        "Information des familles",
    }
    assert SYNDICAT in view.partners()
    view.close()


def test_drift_of_a_stack_the_project_does_not_have_is_one_line_of_error(
    demo: DemoStack,
) -> None:
    run = run_drift(demo, stack="prodd")
    assert run.code == ExitCode.ERROR
    assert run.report == {}
    [line] = run.stderr.splitlines()
    assert line.startswith(f"drift: error: cannot export stack prodd from {demo.directory} (")
    assert line.endswith("a stack `pulumi stack ls` lists there, or --state FILE")
