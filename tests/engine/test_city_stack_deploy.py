"""`pulumi up` of the real-size stack, stacks/city_metropolis (groupProvider graph), on the
local tenant: the tenant then holds what the description says, checked by plain Graph GETs
against the description itself, and a second preview plans nothing. `tenantctl drift` then
finds nothing on it, and exactly the hand changes made to it afterwards.

Two organisations, 35 directorates over about 3,570 agents, 53 team spaces with 123
channels, 7 partners with their guests and 7 licence groups: every Graph limit a real city
reaches (owners and members bound at create, members added in batches, channels per team)
is crossed here, unlike on the demo.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tenantctl.jobs.exit_codes import ExitCode
from tenantctl.m365.roles import role_named
from tenantctl.model import Tenant, TenantIndex, load_tenant
from tenantctl.model.derive import unit_name
from tenantctl.model.schema import ChannelKind, SpaceKind, UnitMembers
from tests.support.azuread_state import as_azuread
from tests.support.local_tenant_fixture import LocalTenantHandle

from .conftest import isolated_engine_env
from .demo_stack import (
    DemoStack,
    TenantView,
    assert_schema_clean,
    prepare_demo_stack,
    run_drift,
)

pytestmark = [pytest.mark.engine, pytest.mark.slow]

PLANNED = datetime.date(2026, 12, 5)
"""The date the deployment plans for (TENANTCTL_TODAY): after the city's waves of 2025, before
its third metropolitan wave (public procurement, 2027-09-06)."""
SHARING_CAPABILITY = {"disabled": 0, "guests": 1, "anyone": 2, "existing_guests": 3}
"""SharePoint's SharingCapabilities enum (SiteProperties.SharingCapability), by level."""


@dataclass(frozen=True)
class CityDeployment:
    stack: DemoStack
    description: Tenant
    index: TenantIndex
    view: TenantView
    up_output: str


@pytest.fixture(scope="module")
def city(
    tmp_path_factory: pytest.TempPathFactory,
    engine_bin: Path,
    local_tenant_server: LocalTenantHandle,
) -> Iterator[CityDeployment]:
    """stacks/city_metropolis deployed once by the engine on a fresh local tenant."""
    base = tmp_path_factory.mktemp("city-deployment")
    local_tenant_server.violations.clear()
    engine = isolated_engine_env(base)
    planned = {**engine.env, "TENANTCTL_TODAY": PLANNED.isoformat()}
    stack = prepare_demo_stack(
        base,
        dataclasses.replace(engine, env=planned),
        local_tenant_server,
        stack="city",
        description="city_metropolis",
    )
    up = stack.run("up", "--yes", "--skip-preview")
    description = load_tenant(stack.data, relative_to=stack.directory, today=PLANNED).tenant
    view = TenantView(local_tenant_server)
    yield CityDeployment(stack, description, TenantIndex(description), view, up.stdout)
    view.close()
    assert_schema_clean(local_tenant_server)


def lowered(upns: tuple[str, ...]) -> set[str]:
    return {upn.lower() for upn in upns}


def test_the_groups_are_exactly_the_directorates_spaces_and_licence_groups(
    city: CityDeployment,
) -> None:
    index, description = city.index, city.description
    expected = (
        {index.directorate_mail_nickname(d).lower() for d in description.directorates}
        | {index.space_mail_nickname(s).lower() for s in description.spaces}
        | {index.licence_mail_nickname(g).lower() for g in description.licence_groups}
    )
    assert set(city.view.groups_by_nickname()) == expected
    assert len(expected) == 35 + 53 + 7


def test_directorate_groups_follow_their_departments_and_owners(city: CityDeployment) -> None:
    groups = city.view.groups_by_nickname()
    for directorate in city.description.directorates:
        group = groups[city.index.directorate_mail_nickname(directorate).lower()]
        assert group["membershipRule"] == city.index.directorate_rule(directorate), directorate.code
        owners = city.view.upns(f"groups/{group['id']}/owners")
        assert owners == lowered(directorate.owners), directorate.code


def test_every_space_has_its_team_owners_members_and_channels(city: CityDeployment) -> None:
    groups = city.view.groups_by_nickname()
    teams = {team["id"] for team in city.view.collection("teams")}
    channel_kinds: Counter[str] = Counter()
    for space in city.description.spaces:
        group = groups[city.index.space_mail_nickname(space).lower()]
        label = space.key
        assert group["displayName"] == space.display_name, label
        assert "Unified" in group["groupTypes"], label
        assert group["id"] in teams, label
        assert city.view.upns(f"groups/{group['id']}/owners") == lowered(
            city.index.space_owners(space)
        ), label
        rule, members = city.index.space_membership(space)
        assert group["membershipRule"] == rule, label
        if rule is None:
            present = city.view.upns(f"groups/{group['id']}/members")
            assert lowered(members) <= present, label
        channels = city.view.channels(group["id"])
        for channel in space.channels:
            assert channel.name in channels, (label, channel.name)
            live = channels[channel.name]
            assert live["membershipType"] == channel.kind.value, (label, channel.name)
            channel_kinds[channel.kind.value] += 1
            if channel.kind is not ChannelKind.STANDARD:
                roster = city.view.roster(f"teams/{group['id']}/channels/{live['id']}/members")
                for owner in channel.owners:
                    assert "owner" in roster[owner.lower()], (label, channel.name, owner)
                assert lowered(channel.members) <= roster.keys(), (label, channel.name)
    assert sum(channel_kinds.values()) == 123


def test_partner_guests_are_invited_into_their_spaces_only(city: CityDeployment) -> None:
    guests = city.view.guests()
    partners_guests = {g.email.lower() for p in city.description.partners for g in p.guests}
    assert partners_guests == guests.keys()
    groups = city.view.groups_by_nickname()
    for space in city.description.spaces:
        roster = city.view.roster(
            f"teams/{groups[city.index.space_mail_nickname(space).lower()]['id']}/members"
        )
        present = {mail for mail in roster if mail in guests}
        if space.kind is SpaceKind.PARTNER:
            assert present == lowered(space.guests), space.key
        else:
            assert present == set(), space.key


def test_sites_share_as_declared_and_partners_are_trusted(city: CityDeployment) -> None:
    groups = city.view.groups_by_nickname()
    for space in city.description.spaces:
        group = groups[city.index.space_mail_nickname(space).lower()]
        capability = city.view.site_sharing(group["id"])
        assert capability == SHARING_CAPABILITY[space.site.sharing.value], space.key
    with_tenant = {str(p.tenant_id).lower() for p in city.description.partners if p.tenant_id}
    assert set(city.view.partners()) == with_tenant


def test_archived_spaces_are_archived_and_their_sites_read_only_for_members(
    city: CityDeployment,
) -> None:
    groups = city.view.groups_by_nickname()
    archived = {s.key for s in city.description.spaces if s.archived}
    assert archived, "the city stack archives a space"
    for space in city.description.spaces:
        group = groups[city.index.space_mail_nickname(space).lower()]["id"]
        assert city.view.team(group)["isArchived"] is space.archived, space.key
        (site,) = (
            s["body"] for s in city.stack.tenant.admin.objects("site") if s["parent"] == group
        )
        read_only = space.archived and space.site.read_only_when_archived
        assert site.get("_membersReadOnly", False) is read_only, space.key


def test_only_the_spaces_that_expire_have_an_expiry_date(city: CityDeployment) -> None:
    expiry = city.description.tenant.expiry
    assert expiry is not None
    (policy,) = city.view.collection("groupLifecyclePolicies")
    assert (policy["groupLifetimeInDays"], policy["managedGroupTypes"]) == (
        expiry.lifetime_days,
        "Selected",
    )
    for space in city.description.spaces:
        nickname = city.index.space_mail_nickname(space)
        group = city.view.get(
            f"groups/{city.view.group(nickname)['id']}", **{"$select": "expirationDateTime"}
        )
        assert (group["expirationDateTime"] is not None) is space.expires, space.key


def test_each_organisation_is_administered_through_its_own_unit(city: CityDeployment) -> None:
    """The city's unit holds its directorates' groups; the metropolis's, its agents by
    companyName; each person named holds each role over their organisation's unit alone."""
    units = {u["displayName"]: u for u in city.view.collection("directory/administrativeUnits")}
    templates = {r["id"]: r["roleTemplateId"] for r in city.view.collection("directoryRoles")}
    users = {
        u["id"]: u
        for u in city.view.collection(
            "users", **{"$select": "id,companyName,userPrincipalName", "$top": "999"}
        )
    }
    for org in city.description.organisations:
        admin = org.administration
        assert admin is not None
        unit = units[unit_name(org)]
        members = city.view.collection(f"directory/administrativeUnits/{unit['id']}/members")
        ids = {m["id"] for m in members}
        if admin.members is UnitMembers.DIRECTORATES:
            codes = [d for d in city.description.directorates if d.organisation == org.key]
            agents = {city.view.group(city.index.directorate_mail_nickname(d))["id"] for d in codes}
            assert ids == agents, org.key
        else:
            assert unit["membershipType"] == "Dynamic" and unit["visibility"] == "HiddenMembership"
            assert ids and all(users[i]["companyName"] == org.company_name for i in ids)
        scoped = city.view.collection(
            f"directory/administrativeUnits/{unit['id']}/scopedRoleMembers"
        )
        held = {
            (templates[s["roleId"]], users[s["roleMemberInfo"]["id"]]["userPrincipalName"].lower())
            for s in scoped
        }
        wanted = set()
        for role in admin.roles:
            found = role_named(role.role)
            assert found is not None
            wanted |= {(found.template_id, upn.lower()) for upn in role.people}
        assert held == wanted, org.key


def test_licence_groups_carry_their_sku_and_every_agent_has_a_seat(
    city: CityDeployment,
) -> None:
    skus = {sku["skuPartNumber"]: sku for sku in city.view.collection("subscribedSkus")}
    groups = city.view.groups_by_nickname()
    for licence in city.description.licence_groups:
        sku = skus[licence.sku]
        plans = {p["servicePlanName"]: p["servicePlanId"] for p in sku["servicePlans"]}
        group = groups[city.index.licence_mail_nickname(licence).lower()]
        assigned = city.view.licences(group["id"])
        assert [a["skuId"] for a in assigned] == [sku["skuId"]], licence.key
        assert sorted(assigned[0]["disabledPlans"]) == sorted(
            plans[name] for name in licence.disabled_plans
        ), licence.key
    for part_number in {g.sku for g in city.description.licence_groups}:
        sku = skus[part_number]
        assert 0 < sku["consumedUnits"] <= sku["prepaidUnits"]["enabled"], part_number
    errors = city.view.collection(
        "users",
        **{"$select": "id,licenseAssignmentStates", "$top": "999"},
    )
    violations = [
        user["id"]
        for user in errors
        if any(state["state"] != "Active" for state in user.get("licenseAssignmentStates") or [])
    ]
    assert violations == []


def test_licence_groups_hold_the_pending_wave_s_agents_out_until_its_date(
    city: CityDeployment,
) -> None:
    groups = city.view.groups_by_nickname()
    for licence in city.description.licence_groups:
        group = groups[city.index.licence_mail_nickname(licence).lower()]
        rule, _ = city.index.licence_membership(licence, PLANNED)
        assert group["membershipRule"] == rule, licence.key
    users = city.view.collection(
        "users",
        **{"$select": "userPrincipalName,department,licenseAssignmentStates", "$top": "999"},
    )
    licensed = {
        str(u["userPrincipalName"]).lower(): bool(u.get("licenseAssignmentStates")) for u in users
    }
    procurement = [u for u in users if str(u.get("department") or "").startswith("CPM - ")]
    finance = [u for u in users if str(u.get("department") or "").startswith("DFINM - ")]
    assert len(procurement) >= 25 and finance
    assert not any(licensed[str(u["userPrincipalName"]).lower()] for u in procurement)
    assert all(licensed[str(u["userPrincipalName"]).lower()] for u in finance)
    assert licensed["thomas.muller@valmont-metropole.fr"] is False  # moves with procurement
    assert licensed["arnaud.martin@valmont-metropole.fr"] is True  # his DSI colleague moved


def test_a_second_preview_plans_no_change(city: CityDeployment) -> None:
    result = city.stack.run("preview", "--expect-no-changes", "--json")
    declared = [
        r
        for r in city.stack.state_resources()
        if not str(r["type"]).startswith("pulumi:providers:")
    ]
    assert json.loads(result.stdout)["changeSummary"] == {"same": len(declared)}
    assert f"+ {len(declared)} created" in city.up_output


def test_drift_of_the_deployed_city_finds_nothing_in_few_requests(city: CityDeployment) -> None:
    declared = [
        r for r in city.stack.state_resources() if str(r["type"]).startswith("pulumi-python:")
    ]
    run = run_drift(city.stack)
    assert run.code == ExitCode.OK, (run.stderr, run.markdown)
    assert run.report["drift"] == [] and run.report["unmanaged"] == []
    counts = run.report["counts"]
    print(f"\ndrift of the city: {counts['objects']} objects in {counts['requests']} requests")
    assert counts["objects"] == len(declared)
    assert counts["requests"] * 5 <= counts["objects"], counts  # bulk reads: batches, delta


def test_drift_of_the_city_as_azuread_declares_it_checks_as_much_in_as_many_requests(
    city: CityDeployment,
) -> None:
    """The deployed city's state rewritten as `groupProvider: azuread` leaves it (its groups,
    licences and guests as pulumi-azuread's): drift checks every object, in the requests it
    takes on the Graph layer's state, and finds the same hand change on both."""
    document = {"version": 3, "deployment": {"resources": city.stack.state_resources()}}
    graph, azuread = city.stack.directory / "graph.json", city.stack.directory / "azuread.json"
    graph.write_text(json.dumps(document))
    azuread.write_text(json.dumps(as_azuread(document, city.stack.tenant)))
    twins = [r for r in json.loads(azuread.read_text())["deployment"]["resources"]]
    by_kind = Counter(str(r["type"]) for r in twins if str(r["type"]).startswith("azuread:"))

    by_graph, by_azuread = run_drift(city.stack, state=graph), run_drift(city.stack, state=azuread)

    assert by_graph.code == ExitCode.OK, (by_graph.stderr, by_graph.markdown)
    assert by_azuread.code == ExitCode.OK, (by_azuread.stderr, by_azuread.markdown)
    counts, graph_counts = by_azuread.report["counts"], by_graph.report["counts"]
    print(
        f"\ndrift of the city as azuread declares it ({dict(by_kind)}): {counts['objects']} "
        f"objects in {counts['requests']} requests; as the Graph layer declares it: "
        f"{graph_counts['objects']} objects in {graph_counts['requests']} requests"
    )
    assert sum(by_kind.values()) > 100 and counts["skipped"] == 0
    assert counts["objects"] == graph_counts["objects"]
    assert abs(counts["requests"] - graph_counts["requests"]) <= 2, (counts, graph_counts)
    admin, groups = city.stack.tenant.admin, city.view.groups_by_nickname()
    directorate = city.description.directorates[0]
    group = groups[city.index.directorate_mail_nickname(directorate).lower()]
    admin.graph("PATCH", f"/groups/{group['id']}", {"displayName": "Renommé à la main"})
    try:
        changed_graph = run_drift(city.stack, state=graph)
        changed_azuread = run_drift(city.stack, state=azuread)
    finally:
        admin.graph("PATCH", f"/groups/{group['id']}", {"displayName": group["displayName"]})
    assert changed_azuread.drifted == changed_graph.drifted
    assert changed_azuread.drifted == {
        (f"directorate-{directorate.code.lower()}-agents", "display_name")
    }


def test_drift_names_each_hand_change_made_to_the_city(city: CityDeployment) -> None:
    """A channel, a licence and an archived team, undone afterwards: the tenant is left as
    deployed for the tests that follow."""
    admin, groups = city.stack.tenant.admin, city.view.groups_by_nickname()
    space = next(s for s in city.description.spaces if s.kind is SpaceKind.INTER)
    team = groups[city.index.space_mail_nickname(space).lower()]["id"]
    name = f"space-{space.key}"
    e3 = next(
        s["skuId"]
        for s in city.view.collection("subscribedSkus")
        if s["skuPartNumber"] == "ENTERPRISEPACK"
    )
    channel = admin.graph("POST", f"/teams/{team}/channels", {"displayName": "Fait main"})
    licence = {"addLicenses": [{"skuId": e3, "disabledPlans": []}], "removeLicenses": []}
    admin.graph("POST", f"/groups/{team}/assignLicense", licence)
    admin.graph("POST", f"/teams/{team}/archive")
    try:
        run = run_drift(city.stack)
    finally:
        admin.graph("POST", f"/teams/{team}/unarchive")
        admin.graph(
            "POST", f"/groups/{team}/assignLicense", {"addLicenses": [], "removeLicenses": [e3]}
        )
        admin.graph("DELETE", f"/teams/{team}/channels/{channel['id']}")
    assert run.code == ExitCode.ATTENTION, run.stderr
    assert run.drifted == {(f"{name}-team", "archived")}
    assert run.added == {
        ("Channel", f"{name}-team/Fait main"),
        ("GroupLicence", f"{name}-group/ENTERPRISEPACK"),
    }
    assert run_drift(city.stack).code == ExitCode.OK
