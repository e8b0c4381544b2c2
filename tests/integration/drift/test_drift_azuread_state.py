"""`tenantctl drift` on a state of `groupProvider: azuread`: pulumi-azuread's groups,
licences and invitations are read as their Graph-layer twins, in the same bulk reads, and
every hand change is found exactly as on the Graph layer's state of the same objects."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tenantctl.jobs.exit_codes import ExitCode
from tests.support.azuread_state import as_azuread
from tests.support.local_tenant_fixture import LocalTenantHandle
from tests.support.synthetic_stack import DriftRun, RunDrift, SyntheticStack, people

pytestmark = pytest.mark.integration

GRAPH = "https://graph.microsoft.com/v1.0"
GUEST = "jean.o'neil@port-test.fr"
"""A guest address with an apostrophe, as partners' staff have."""
HELPDESK = "729827e3-9c14-49f7-bb1b-9608f156bbb8"
"""Helpdesk Administrator's well-known template id."""


def _stack(tenant: LocalTenantHandle, stack: SyntheticStack) -> tuple[Path, Path]:
    """A team space, a licence group and a guest, as the Graph layer's state and as the
    azuread backend's state of the same objects."""
    who = people(tenant)
    stack.team_space("rh", who)
    stack.licence_group("terrain", "SPE_F1", who[:2])
    guest = {"email": GUEST, "display_name": "Jean O'Neil (port) — Élise"}
    stack.tenant_wide("GuestInvitation", "guest-port-jean", guest)
    policy = {
        "display_name": "Invités d'Éole : MFA",
        "state": "enabledForReportingButNotEnforced",
        "guest_types": ["b2bCollaborationGuest", "b2bCollaborationMember"],
        "grant_controls": ["mfa"],
        "exclude_users": who[:2],
    }
    stack.tenant_wide("ConditionalAccessPolicy", "guest-sign-in", policy)
    graph = stack.export()
    azuread = graph.with_name("azuread.json")
    azuread.write_text(json.dumps(as_azuread(json.loads(graph.read_text()), tenant)))
    return graph, azuread


def _kinds(path: Path) -> set[str]:
    resources = json.loads(path.read_text())["deployment"]["resources"]
    return {str(r["type"]) for r in resources if r.get("custom")}


def _findings(run: DriftRun) -> list[tuple[Any, ...]]:
    """Each finding but its URN (the type in it is the provider's)."""
    return sorted(
        (f["object"], f["kind"], f["component"], f["property"], str(f["expected"]), str(f["live"]))
        for f in run.report["drift"]
    )


def _requests(tenant: LocalTenantHandle, run: RunDrift, state: Path) -> tuple[DriftRun, int]:
    tenant.admin.call("DELETE", "/_admin/counters")
    found = run(state)
    return found, int(tenant.admin.counters()["total"])


def test_an_untouched_azuread_stack_is_checked_whole_with_the_same_requests(
    local_tenant: LocalTenantHandle, synthetic_stack: SyntheticStack, run_drift: RunDrift
) -> None:
    graph, azuread = _stack(local_tenant, synthetic_stack)
    assert {
        "azuread:index/group:Group",
        "azuread:index/groupLicense:GroupLicense",
        "azuread:index/invitation:Invitation",
        "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy",
    } <= _kinds(azuread)

    by_graph, graph_served = _requests(local_tenant, run_drift, graph)
    by_azuread, azuread_served = _requests(local_tenant, run_drift, azuread)

    assert by_azuread.code == ExitCode.OK, by_azuread.result.output
    assert by_azuread.report["drift"] == [] and by_azuread.report["unmanaged"] == []
    counts, graph_counts = by_azuread.report["counts"], by_graph.report["counts"]
    assert counts["skipped"] == 0 and counts["objects"] == graph_counts["objects"]
    assert counts["requests"] == graph_counts["requests"]
    assert azuread_served == graph_served


def test_each_hand_change_is_found_as_on_the_graph_layers_state(
    local_tenant: LocalTenantHandle, synthetic_stack: SyntheticStack, run_drift: RunDrift
) -> None:
    graph, azuread = _stack(local_tenant, synthetic_stack)
    admin, who = local_tenant.admin, people(local_tenant)
    group = synthetic_stack.id_of("space-rh-group")
    admin.graph("PATCH", f"/groups/{group}", {"description": "Changée à la main"})
    owner = admin.graph("GET", f"/users/{who[3]}")["id"]
    admin.graph("POST", f"/groups/{group}/owners/$ref", {"@odata.id": f"{GRAPH}/users/{owner}"})
    licensed = synthetic_stack.id_of("licence-terrain-group")
    sku = next(
        s for s in admin.graph("GET", "/subscribedSkus")["value"] if s["skuPartNumber"] == "SPE_F1"
    )
    plan = sku["servicePlans"][0]
    licence = {"addLicenses": [{"skuId": sku["skuId"], "disabledPlans": [plan["servicePlanId"]]}]}
    admin.graph("POST", f"/groups/{licensed}/assignLicense", {**licence, "removeLicenses": []})
    guest = synthetic_stack.id_of("guest-port-jean")
    admin.graph("PATCH", f"/users/{guest}", {"displayName": "Jean O'Neil (renamed)"})
    hand_made = {
        "displayName": "Hand made",
        "mailNickname": "TST-hand-made",
        "mailEnabled": True,
        "securityEnabled": False,
        "groupTypes": ["Unified"],
    }
    admin.graph("POST", "/groups", hand_made)
    policy = synthetic_stack.id_of("guest-sign-in")
    intruder = admin.graph("GET", f"/users/{who[2]}")["id"]
    admin.graph(
        "PATCH",
        f"/identity/conditionalAccess/policies/{policy}",
        {"state": "disabled", "conditions": {"users": {"excludeUsers": [intruder]}}},
    )

    by_graph, graph_served = _requests(local_tenant, run_drift, graph)
    by_azuread, azuread_served = _requests(local_tenant, run_drift, azuread)

    assert by_azuread.code == ExitCode.ATTENTION, by_azuread.result.output
    assert by_azuread.drifted == {
        ("space-rh-group", "description"),
        ("space-rh-group", "owners"),
        ("licence-terrain-licence", "disabled_plans"),
        ("guest-port-jean", "display_name"),
        ("guest-sign-in", "state"),
        ("guest-sign-in", "exclude_users"),
    }
    owners = next(f for f in by_azuread.report["drift"] if f["property"] == "owners")
    assert owners["live"] == sorted(upn.lower() for upn in (*who[:2], who[3]))
    assert _findings(by_azuread) == _findings(by_graph)
    assert by_azuread.report["unmanaged"] == by_graph.report["unmanaged"]
    assert [u["object"] for u in by_azuread.report["unmanaged"]] == ["TST-hand-made"]
    assert azuread_served == graph_served


def test_azuread_objects_deleted_by_hand_are_reported_deleted(
    local_tenant: LocalTenantHandle, synthetic_stack: SyntheticStack, run_drift: RunDrift
) -> None:
    _, azuread = _stack(local_tenant, synthetic_stack)
    licensed = synthetic_stack.id_of("licence-terrain-group")
    f1 = next(
        s["skuId"]
        for s in local_tenant.admin.graph("GET", "/subscribedSkus")["value"]
        if s["skuPartNumber"] == "SPE_F1"
    )
    body = {"addLicenses": [], "removeLicenses": [f1]}
    local_tenant.admin.graph("POST", f"/groups/{licensed}/assignLicense", body)
    local_tenant.admin.graph("DELETE", f"/users/{synthetic_stack.id_of('guest-port-jean')}")

    run = run_drift(azuread)

    assert run.code == ExitCode.ATTENTION, run.result.output
    assert run.drifted == {
        ("licence-terrain-licence", "(object)"),
        ("guest-port-jean", "(object)"),
    }
    kinds = {f["object"]: f["kind"] for f in run.report["drift"]}
    assert kinds == {
        "licence-terrain-licence": "GroupLicence",
        "guest-port-jean": "GuestInvitation",
    }


def test_an_organisations_unit_changed_by_hand_is_found_as_on_the_graph_layers_state(
    local_tenant: LocalTenantHandle, synthetic_stack: SyntheticStack, run_drift: RunDrift
) -> None:
    """A unit of directorates' groups (pulumi-azuread's AdministrativeUnit, Member and
    RoleMember) beside a unit of users by rule (the Graph layer's under either provider)."""
    who = people(local_tenant)
    synthetic_stack.team_space("rh", who)
    unit = synthetic_stack.tenant_wide(
        "AdministrativeUnit", "administration-ville-unit", {"display_name": "Ville d'Orve"}
    )
    group = synthetic_stack.id_of("space-rh-group")
    member = {"unit_id": unit["id"], "member_id": group}
    synthetic_stack.tenant_wide("AdministrativeUnitMember", "administration-ville-rh", member)
    for name, user in (
        ("administration-ville-hd-1", who[0]),
        ("administration-ville-hd-2", who[1]),
    ):
        scoped = {"unit_id": unit["id"], "role": HELPDESK, "user": user}
        synthetic_stack.tenant_wide("AdministrativeUnitScopedRole", name, scoped)
    dynamic = {
        "display_name": "Métropole",
        "membership_type": "Dynamic",
        "membership_rule": '(user.companyName -eq "Métropole")',
        "membership_rule_processing_state": "On",
    }
    synthetic_stack.tenant_wide("AdministrativeUnit", "administration-metro-unit", dynamic)
    graph = synthetic_stack.export()
    azuread = graph.with_name("azuread.json")
    azuread.write_text(json.dumps(as_azuread(json.loads(graph.read_text()), local_tenant)))
    assert {
        "azuread:index/administrativeUnit:AdministrativeUnit",
        "azuread:index/administrativeUnitMember:AdministrativeUnitMember",
        "azuread:index/administrativeUnitRoleMember:AdministrativeUnitRoleMember",
        "pulumi-python:dynamic/tenantctl:AdministrativeUnit",
    } <= _kinds(azuread)
    untouched = run_drift(azuread)
    assert untouched.code == ExitCode.OK, untouched.result.output
    assert untouched.report["counts"]["skipped"] == 0
    admin, units = local_tenant.admin, "/directory/administrativeUnits"
    admin.graph("PATCH", f"{units}/{unit['id']}", {"visibility": "HiddenMembership"})
    admin.graph("DELETE", f"{units}/{unit['id']}/members/{group}/$ref")
    taken = synthetic_stack.id_of("administration-ville-hd-2")
    admin.graph("DELETE", f"{units}/{unit['id']}/scopedRoleMembers/{taken}")

    by_graph, graph_served = _requests(local_tenant, run_drift, graph)
    by_azuread, azuread_served = _requests(local_tenant, run_drift, azuread)

    assert by_azuread.code == ExitCode.ATTENTION, by_azuread.result.output
    assert by_azuread.drifted == {
        ("administration-ville-unit", "visibility"),
        ("administration-ville-rh", "(object)"),
        ("administration-ville-hd-2", "(object)"),
    }
    assert _findings(by_azuread) == _findings(by_graph)
    assert azuread_served == graph_served
