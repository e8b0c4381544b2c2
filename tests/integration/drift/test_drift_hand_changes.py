"""`tenantctl drift` reports the hand changes of docs/drift-catalogue.md that add, remove or
archive objects inside what a stack manages: channels in its teams, people in its teams and
channels, guests in its spaces, licences on its groups, partners in its tenant, a team
archived. Each is made here as an admin centre makes it, through Graph."""

from __future__ import annotations

from typing import Any

import pytest

from tenantctl.jobs.exit_codes import ExitCode
from tests.support.local_tenant_fixture import LocalTenantHandle
from tests.support.synthetic_stack import RunDrift, SyntheticStack, people

pytestmark = pytest.mark.integration

GRAPH = "https://graph.microsoft.com/v1.0"
E3, F3 = "6fd2c87f-b296-42f0-b197-1e91e994b900", "66b55226-6b4f-492c-910c-a3b7a3c9d993"
PARTNER, OTHER = "3f2504e0-4f89-11d3-9a0c-0305e82c3301", "5b8f1a2c-0d3e-4f6a-9b7c-8d9e0f1a2b3c"
HELPDESK, GROUPS_ADMIN = (
    "729827e3-9c14-49f7-bb1b-9608f156bbb8",
    "fdd7a751-b60b-444a-984c-02652fe8fa1c",
)
"""The well-known template ids of Helpdesk and Groups Administrator."""
SUMMER = "Projets d\u2019\u00e9t\u00e9"
"""A channel name with a typographic apostrophe (Teams forbids the ASCII one) and accents."""


def _member(tenant: LocalTenantHandle, user: str, *roles: str) -> dict[str, Any]:
    """An aadUserConversationMember body for a user (by UPN or id), as the Teams admin
    centre adds one."""
    if "@" in user:
        user = tenant.admin.graph("GET", f"/users/{user}")["id"]
    return {
        "@odata.type": "#microsoft.graph.aadUserConversationMember",
        "roles": list(roles),
        "user@odata.bind": f"{GRAPH}/users('{user}')",
    }


def _added(run: Any) -> set[tuple[str, str, str]]:
    return {(u["kind"], u["object"], u["detail"]) for u in run.report["unmanaged"]}


def test_channels_made_by_hand_in_a_declared_team_are_reported(
    local_tenant: LocalTenantHandle, synthetic_stack: SyntheticStack, run_drift: RunDrift
) -> None:
    who = people(local_tenant)
    synthetic_stack.team_space("rh", who, template_channels=["Accueil"])
    synthetic_stack.team_space("calme", who, template_channels=["Accueil"])
    state = synthetic_stack.export()
    team = synthetic_stack.id_of("space-rh-team")
    owner = _member(local_tenant, who[0], "owner")
    for name, kind in ((SUMMER, "standard"), ("Écoute", "private"), ("DSI", "shared")):
        body = {"displayName": name, "membershipType": kind}
        body |= {"members": [owner]} if kind != "standard" else {}
        local_tenant.admin.graph("POST", f"/teams/{team}/channels", body)
    local_tenant.admin.call("DELETE", "/_admin/counters")

    run = run_drift(state)

    assert run.code == ExitCode.ATTENTION, run.result.output
    assert run.report["drift"] == []
    assert _added(run) == {
        ("Channel", f"space-rh-team/{SUMMER}", "standard"),
        ("Channel", "space-rh-team/Écoute", "private"),
        ("Channel", "space-rh-team/DSI", "shared"),
    }
    assert "| Team space rh `space-rh-team` | Channel | `Écoute` (private) |" in run.result.output
    assert "Accueil" not in run.result.output  # created by the team's body, so declared
    routes = local_tenant.admin.counters()["routes"]
    assert routes["teams.teams.primaryChannel"] == 1  # General told apart in rh alone
    assert routes["teams.channels.list"] == 2  # one list per team, shared with its channels


def test_an_accepted_hand_made_channel_no_longer_fails_the_job(
    local_tenant: LocalTenantHandle,
    synthetic_stack: SyntheticStack,
    run_drift: RunDrift,
    tmp_path: Any,
) -> None:
    synthetic_stack.team_space("rh", people(local_tenant))
    state = synthetic_stack.export()
    team = synthetic_stack.id_of("space-rh-team")
    local_tenant.admin.graph("POST", f"/teams/{team}/channels", {"displayName": SUMMER})
    accepted = tmp_path / "accepted.yaml"
    accepted.write_text(
        f"accepted:\n  - object: space-rh-team/{SUMMER}\n    property: unmanaged\n"
        "    reason: the summer party\n    expires: 2999-12-31\n",
        encoding="utf-8",
    )

    run = run_drift(state, "--accepted", str(accepted))

    assert run.code == ExitCode.OK, run.result.output
    assert [u["status"] for u in run.report["unmanaged"]] == [
        "accepted until 2999-12-31: the summer party"
    ]


def test_people_added_to_a_team_by_hand_are_reported_on_its_group(
    local_tenant: LocalTenantHandle, synthetic_stack: SyntheticStack, run_drift: RunDrift
) -> None:
    who = people(local_tenant)
    synthetic_stack.team_space("rh", who[:3])
    state = synthetic_stack.export()
    team = synthetic_stack.id_of("space-rh-team")
    local_tenant.admin.graph("POST", f"/teams/{team}/members", _member(local_tenant, who[3]))
    promoted = local_tenant.admin.graph("GET", f"/teams/{team}/members")["value"]
    member = next(m for m in promoted if m["email"].lower() == who[2].lower())
    body = {"@odata.type": member["@odata.type"], "roles": ["owner"]}
    local_tenant.admin.graph("PATCH", f"/teams/{team}/members/{member['id']}", body)

    run = run_drift(state)

    assert run.code == ExitCode.ATTENTION, run.result.output
    assert run.drifted == {("space-rh-group", "owners"), ("space-rh-group", "members")}
    live = {item["property"]: item["live"] for item in run.report["drift"]}
    assert live["owners"] == sorted(u.lower() for u in [*who[:2], who[2]])
    assert who[3].lower() in live["members"]


def test_a_guest_added_to_a_team_by_hand_is_reported_on_its_group(
    local_tenant: LocalTenantHandle, synthetic_stack: SyntheticStack, run_drift: RunDrift
) -> None:
    synthetic_stack.team_space("partenaires", people(local_tenant))
    state = synthetic_stack.export()
    team = synthetic_stack.id_of("space-partenaires-team")
    invited = local_tenant.admin.graph(
        "POST",
        "/invitations",
        {
            "invitedUserEmailAddress": "zoé.o'brien@eaux-lys.fr",
            "invitedUserDisplayName": "Zoé O'Brien",
            "inviteRedirectUrl": "https://myapps.microsoft.com",
        },
    )["invitedUser"]["id"]
    guest = local_tenant.admin.graph("GET", f"/users/{invited}")["userPrincipalName"]
    local_tenant.admin.graph("POST", f"/teams/{team}/members", _member(local_tenant, invited))

    run = run_drift(state)

    assert run.code == ExitCode.ATTENTION, run.result.output
    assert run.drifted == {("space-partenaires-group", "members")}
    assert guest.lower() in run.report["drift"][0]["live"]


def test_people_added_by_hand_to_private_and_shared_channels_are_reported(
    local_tenant: LocalTenantHandle, synthetic_stack: SyntheticStack, run_drift: RunDrift
) -> None:
    who = people(local_tenant)
    synthetic_stack.team_space("rh", who)
    team = synthetic_stack.id_of("space-rh-team")
    private = synthetic_stack.channel("rh", "Dossiers", "private", who[:1], who[1:2])
    shared = synthetic_stack.channel("rh", "Astreinte", "shared", who[:1], [])
    state = synthetic_stack.export()
    path = f"/teams/{team}/channels/{private}/members"
    local_tenant.admin.graph("POST", path, _member(local_tenant, who[2], "owner"))
    path = f"/teams/{team}/channels/{shared}/members"
    local_tenant.admin.graph("POST", path, _member(local_tenant, who[3]))

    run = run_drift(state)

    assert run.code == ExitCode.ATTENTION, run.result.output
    assert run.drifted == {
        ("space-rh-channel-private", "owners"),
        ("space-rh-channel-shared", "members"),
    }
    assert run.report["unmanaged"] == []


def test_licences_assigned_by_hand_to_declared_groups_are_reported(
    local_tenant: LocalTenantHandle, synthetic_stack: SyntheticStack, run_drift: RunDrift
) -> None:
    who = people(local_tenant)
    synthetic_stack.team_space("rh", who)
    licensed = synthetic_stack.licence_group("terrain", "SPE_F1", who[:2])
    state = synthetic_stack.export()
    space = synthetic_stack.id_of("space-rh-group")
    for group in (space, licensed):
        body = {"addLicenses": [{"skuId": E3, "disabledPlans": []}], "removeLicenses": []}
        local_tenant.admin.graph("POST", f"/groups/{group}/assignLicense", body)
    local_tenant.admin.call("DELETE", "/_admin/counters")

    run = run_drift(state)

    assert run.code == ExitCode.ATTENTION, run.result.output
    assert run.report["drift"] == []
    assert {(u["kind"], u["object"], u["id"]) for u in run.report["unmanaged"]} == {
        ("GroupLicence", "space-rh-group/ENTERPRISEPACK", f"{space}/{E3}"),
        ("GroupLicence", "licence-terrain-group/ENTERPRISEPACK", f"{licensed}/{E3}"),
    }
    routes = local_tenant.admin.counters()["routes"]
    assert "directory.groups.get" not in routes  # licences came with the groups' delta round


def test_a_licence_or_a_partner_removed_by_hand_is_reported_deleted(
    local_tenant: LocalTenantHandle, synthetic_stack: SyntheticStack, run_drift: RunDrift
) -> None:
    licensed = synthetic_stack.licence_group("terrain", "SPE_F1", people(local_tenant)[:2])
    synthetic_stack.partner("eaux", PARTNER)
    state = synthetic_stack.export()
    body = {"addLicenses": [], "removeLicenses": [F3]}
    local_tenant.admin.graph("POST", f"/groups/{licensed}/assignLicense", body)
    local_tenant.admin.graph("DELETE", f"/policies/crossTenantAccessPolicy/partners/{PARTNER}")

    run = run_drift(state)

    assert run.code == ExitCode.ATTENTION, run.result.output
    assert run.drifted == {
        ("licence-terrain-licence", "(object)"),
        ("partner-eaux-access", "(object)"),
    }


def test_a_partner_added_by_hand_is_reported_where_the_stack_declares_partners(
    local_tenant: LocalTenantHandle, synthetic_stack: SyntheticStack, run_drift: RunDrift
) -> None:
    synthetic_stack.team_space("rh", people(local_tenant))
    without_partners = synthetic_stack.export()
    synthetic_stack.path = synthetic_stack.path.with_name("partners.json")
    synthetic_stack.partner("eaux", PARTNER)
    with_partners = synthetic_stack.export()
    local_tenant.admin.graph(
        "POST", "/policies/crossTenantAccessPolicy/partners", {"tenantId": OTHER}
    )

    assert run_drift(without_partners).code == ExitCode.OK  # the stack owns no partner
    run = run_drift(with_partners)

    assert run.code == ExitCode.ATTENTION, run.result.output
    assert _added(run) == {("CrossTenantPartner", OTHER, "")}
    assert f"| tenant | CrossTenantPartner | `{OTHER}` |" in run.result.output


def test_a_team_archived_by_hand_is_reported(
    local_tenant: LocalTenantHandle, synthetic_stack: SyntheticStack, run_drift: RunDrift
) -> None:
    synthetic_stack.team_space("rh", people(local_tenant))
    state = synthetic_stack.export()
    local_tenant.admin.graph("POST", f"/teams/{synthetic_stack.id_of('space-rh-team')}/archive")

    run = run_drift(state)

    assert run.code == ExitCode.ATTENTION, run.result.output
    assert run.drifted == {("space-rh-team", "archived")}
    assert (run.report["drift"][0]["expected"], run.report["drift"][0]["live"]) == (False, True)


def test_an_archived_team_unarchived_by_hand_is_reported(
    local_tenant: LocalTenantHandle, synthetic_stack: SyntheticStack, run_drift: RunDrift
) -> None:
    synthetic_stack.team_space("rh", people(local_tenant))
    team = synthetic_stack.id_of("space-rh-team")
    space = next(r["urn"] for r in synthetic_stack.resources if r["urn"].endswith("::space-rh"))
    synthetic_stack.add("TeamArchive", "space-rh-archive", space, {"team_id": team})
    state = synthetic_stack.export()
    local_tenant.admin.graph("POST", f"/teams/{team}/unarchive")

    run = run_drift(state)

    assert run.code == ExitCode.ATTENTION, run.result.output
    assert run.drifted == {("space-rh-archive", "(object)")}


def test_a_property_of_a_generic_graph_object_changed_by_hand_is_reported(
    local_tenant: LocalTenantHandle, synthetic_stack: SyntheticStack, run_drift: RunDrift
) -> None:
    synthetic_stack.team_space("rh", people(local_tenant))
    team = synthetic_stack.id_of("space-rh-team")
    no_mentions = {"messagingSettings": {"allowTeamMentions": False}}
    inputs = {"path": f"teams/{team}", "singleton": True, "body": no_mentions}
    synthetic_stack.tenant_wide("GraphObject", "rh-mentions", inputs)
    state = synthetic_stack.export()
    local_tenant.admin.graph(
        "PATCH", f"/teams/{team}", {"messagingSettings": {"allowTeamMentions": True}}
    )

    run = run_drift(state)

    assert run.code == ExitCode.ATTENTION, run.result.output
    assert run.drifted == {("rh-mentions", "body")}
    assert "| `rh-mentions` | GraphObject | `body.messagingSettings.allowTeamMentions` |" in (
        run.result.output
    )


def test_the_tenant_s_sharing_domains_changed_by_hand_are_reported(
    local_tenant: LocalTenantHandle, synthetic_stack: SyntheticStack, run_drift: RunDrift
) -> None:
    synthetic_stack.tenant_wide("TenantSharingSettings", "tenant-sharing", {"sharing": "guests"})
    state = synthetic_stack.export()
    only_partners = {
        "sharingDomainRestrictionMode": "allowList",
        "sharingAllowedDomainList": ["eaux-lys.fr"],
    }
    local_tenant.admin.graph("PATCH", "/admin/sharepoint/settings", only_partners)

    run = run_drift(state)

    assert run.code == ExitCode.ATTENTION, run.result.output
    assert run.drifted == {("tenant-sharing", "allowed_domains")}
    assert "| Tenant | `tenant-sharing` | TenantSharingSettings | `allowed_domains` |" in (
        run.result.output
    )


def _azuread_team_space(tenant: LocalTenantHandle, stack: SyntheticStack, key: str) -> str:
    """A team space whose group is a pulumi-azuread 6.x `azuread.Group` (groupProvider:
    azuread): the group as that provider's state holds it, its team and a channel through
    the Graph layer. The team's id."""
    nickname = f"TST-{key}"
    owners = [tenant.admin.graph("GET", f"/users/{upn}")["id"] for upn in people(tenant)[:2]]
    body = {
        "displayName": f"Space {key}",
        "mailNickname": nickname,
        "mailEnabled": True,
        "securityEnabled": False,
        "groupTypes": ["Unified"],
        "owners@odata.bind": [f"{GRAPH}/users/{owner}" for owner in owners],
    }
    group = str(tenant.admin.graph("POST", "/groups", body)["id"])
    space = f"urn:pulumi:drift::m365-tenant::tenantctl:m365:TeamSpace::space-{key}"
    stack.resources.append({"urn": space, "custom": False, "type": "tenantctl:m365:TeamSpace"})
    inputs = {"displayName": f"Space {key}", "mailNickname": nickname, "types": ["Unified"]}
    stack.resources.append(
        {
            "urn": f"{space.rsplit('::', 1)[0]}$azuread:index/group:Group::space-{key}-group",
            "custom": True,
            "type": "azuread:index/group:Group",
            "id": f"/groups/{group}",
            "inputs": inputs,
            "outputs": {**inputs, "objectId": group, "id": f"/groups/{group}"},
            "parent": space,
        }
    )
    team = stack.add(
        "Team",
        f"space-{key}-team",
        space,
        {
            "group_id": group,
            "body": {
                "template@odata.bind": f"{GRAPH}/teamsTemplates('standard')",
                "displayName": f"Space {key}",
            },
        },
    )
    channel = {"team_id": team["id"], "display_name": "Planning"}
    stack.add("Channel", f"space-{key}-channel-planning", space, channel)
    return str(team["id"])


def test_a_channel_made_by_hand_in_a_team_on_an_azuread_group_is_reported(
    local_tenant: LocalTenantHandle, synthetic_stack: SyntheticStack, run_drift: RunDrift
) -> None:
    team = _azuread_team_space(local_tenant, synthetic_stack, "azure")
    state = synthetic_stack.export()
    local_tenant.admin.graph("POST", f"/teams/{team}/channels", {"displayName": SUMMER})

    run = run_drift(state)

    assert run.code == ExitCode.ATTENTION, run.result.output
    assert run.report["counts"]["skipped"] == 0  # the azuread.Group is read as a Group
    assert run.report["drift"] == []
    assert _added(run) == {("Channel", f"space-azure-team/{SUMMER}", "standard")}


def _guest(tenant: LocalTenantHandle, email: str) -> str:
    invited = tenant.admin.graph(
        "POST",
        "/invitations",
        {"invitedUserEmailAddress": email, "inviteRedirectUrl": "https://myapps.microsoft.com"},
    )
    return str(invited["invitedUser"]["id"])


def test_a_guest_review_nobody_decided_is_reported_overdue_and_a_deleted_one_missing(
    local_tenant: LocalTenantHandle, synthetic_stack: SyntheticStack, run_drift: RunDrift
) -> None:
    agents = people(local_tenant)
    synthetic_stack.team_space("eaux", agents, guests=[_guest(local_tenant, "o'neill@eaux.fr")])
    synthetic_stack.team_space("port", agents, guests=[_guest(local_tenant, "zoë@port.example")])
    synthetic_stack.guest_review("eaux", 7)
    removed = synthetic_stack.guest_review("port", 7)
    state = synthetic_stack.export()
    assert run_drift(state).code == ExitCode.OK
    local_tenant.admin.graph("DELETE", f"/identityGovernance/accessReviews/definitions/{removed}")
    local_tenant.admin.call("POST", "/_admin/clock", {"days": 8})

    run = run_drift(state)

    assert run.code == ExitCode.ATTENTION, run.result.output
    # the review removed the guest nobody kept: the description still names them
    assert run.drifted == {
        ("space-eaux-guest-review", "overdue"),
        ("space-eaux-group", "members"),
        ("space-port-guest-review", "(object)"),
    }
    overdue = next(d for d in run.report["drift"] if d["property"] == "overdue")
    assert (overdue["expected"], overdue["live"]) == (False, True)


def test_the_lifecycle_policy_shortened_and_a_space_taken_out_by_hand_are_reported(
    local_tenant: LocalTenantHandle, synthetic_stack: SyntheticStack, run_drift: RunDrift
) -> None:
    synthetic_stack.team_space("rh", people(local_tenant))
    group = synthetic_stack.id_of("space-rh-group")
    declared = {"lifetime_days": 365, "managed_group_types": "Selected"}
    synthetic_stack.tenant_wide("GroupLifecyclePolicy", "group-expiry", declared)
    policy = synthetic_stack.id_of("group-expiry")
    space = next(r["urn"] for r in synthetic_stack.resources if r["urn"].endswith("::space-rh"))
    member = {"policy_id": policy, "group_id": group}
    synthetic_stack.add("GroupLifecyclePolicyGroup", "space-rh-expiry", space, member)
    state = synthetic_stack.export()
    admin = local_tenant.admin
    admin.graph("PATCH", f"/groupLifecyclePolicies/{policy}", {"groupLifetimeInDays": 30})
    admin.graph("POST", f"/groupLifecyclePolicies/{policy}/removeGroup", {"groupId": group})

    run = run_drift(state)

    assert run.code == ExitCode.ATTENTION, run.result.output
    assert run.drifted == {("group-expiry", "lifetime_days"), ("space-rh-expiry", "(object)")}


def test_a_paused_unit_rule_and_a_scoped_role_removed_by_hand_are_reported(
    local_tenant: LocalTenantHandle, synthetic_stack: SyntheticStack, run_drift: RunDrift
) -> None:
    who = people(local_tenant)
    synthetic_stack.team_space("rh", who)
    rule = '(user.companyName -eq "Ville d\'Orve")'
    dynamic = {
        "display_name": "Ville d'Orve — agents",
        "membership_type": "Dynamic",
        "membership_rule": rule,
        "membership_rule_processing_state": "On",
    }
    unit = synthetic_stack.tenant_wide("AdministrativeUnit", "administration-ville-unit", dynamic)
    helpdesk = {"unit_id": unit["id"], "role": HELPDESK, "user": who[0]}
    synthetic_stack.tenant_wide("AdministrativeUnitScopedRole", "administration-ville-hd", helpdesk)
    groups = synthetic_stack.tenant_wide(
        "AdministrativeUnit", "administration-metro-unit", {"display_name": "Métropole"}
    )
    group = synthetic_stack.id_of("space-rh-group")
    member = {"unit_id": groups["id"], "member_id": group}
    synthetic_stack.tenant_wide("AdministrativeUnitMember", "administration-metro-rh", member)
    kept = {"unit_id": groups["id"], "role": GROUPS_ADMIN, "user": who[1]}
    synthetic_stack.tenant_wide("AdministrativeUnitScopedRole", "administration-metro-ga", kept)
    state = synthetic_stack.export()
    admin, units = local_tenant.admin, "/directory/administrativeUnits"
    paused = {"displayName": "Orve", "membershipRuleProcessingState": "Paused"}
    admin.graph("PATCH", f"{units}/{unit['id']}", paused)
    scoped = synthetic_stack.id_of("administration-ville-hd")
    admin.graph("DELETE", f"{units}/{unit['id']}/scopedRoleMembers/{scoped}")
    admin.graph("DELETE", f"{units}/{groups['id']}/members/{group}/$ref")

    run = run_drift(state)

    assert run.code == ExitCode.ATTENTION, run.result.output
    assert run.drifted == {
        ("administration-ville-unit", "display_name"),
        ("administration-ville-unit", "membership_rule_processing_state"),
        ("administration-ville-hd", "(object)"),
        ("administration-metro-rh", "(object)"),
    }


def test_team_members_are_judged_from_their_group_and_their_hand_changes_reported(
    local_tenant: LocalTenantHandle, synthetic_stack: SyntheticStack, run_drift: RunDrift
) -> None:
    who = people(local_tenant)
    synthetic_stack.team_space("accueil", who)
    team = synthetic_stack.id_of("space-accueil-team")
    parent = "urn:pulumi:synthetic::m365-tenant::tenantctl:index:TeamSpace::space-accueil"
    for n, (user, role) in enumerate(((who[2], "member"), (who[0], "owner"), (who[3], "member"))):
        inputs = {"team_id": team, "user": user, "role": role}
        synthetic_stack.add("TeamMember", f"space-accueil-member-{n}", parent, inputs)
    state = synthetic_stack.export()
    local_tenant.admin.call("DELETE", "/_admin/counters")

    untouched = run_drift(state)

    assert untouched.code == ExitCode.OK, untouched.result.output
    routes = local_tenant.admin.counters()["routes"]
    assert "teams.members.get" not in routes  # read from the group's members and owners
    members = local_tenant.admin.graph("GET", f"/teams/{team}/members")["value"]
    by_user = {m["userId"]: m for m in members}
    ids = [local_tenant.admin.graph("GET", f"/users/{u}")["id"] for u in (who[2], who[0])]
    local_tenant.admin.graph("DELETE", f"/teams/{team}/members/{by_user[ids[0]]['id']}")
    demoted = {"@odata.type": "#microsoft.graph.aadUserConversationMember", "roles": []}
    local_tenant.admin.graph("PATCH", f"/teams/{team}/members/{by_user[ids[1]]['id']}", demoted)

    run = run_drift(state)

    assert run.code == ExitCode.ATTENTION, run.result.output
    assert run.drifted == {
        ("space-accueil-member-0", "(object)"),  # gone from the team
        ("space-accueil-member-1", "role"),
        ("space-accueil-group", "members"),
        ("space-accueil-group", "owners"),
    }
