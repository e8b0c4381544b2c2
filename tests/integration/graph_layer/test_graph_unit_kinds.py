"""Administrative units, their group members and their scoped roles through the providers, on
the local tenant, each with a token holding exactly its kind's least permissions."""

from __future__ import annotations

import pytest

from tenantctl.m365.roles import role_named
from tests.integration.graph_layer.conftest import MakeProvider, lifecycle, make_group, members
from tests.support.local_tenant_fixture import LocalTenantHandle

pytestmark = pytest.mark.integration

HELPDESK = role_named("Helpdesk Administrator")
GLOBAL = role_named("Global Administrator")
UNITS = "/directory/administrativeUnits"


def test_a_dynamic_unit_is_created_changed_and_deleted(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    rule = '(user.companyName -eq "Commune d\'Aubrac")'
    outcome = lifecycle(
        provider("AdministrativeUnit"),
        {
            "display_name": "Commune d'Aubrac — administration",
            "membership_type": "dynamic",
            "membership_rule": rule,
            "membership_rule_processing_state": "On",
        },
        {"membership_rule_processing_state": "Paused", "visibility": "HiddenMembership"},
    )
    assert outcome.read["membership_rule"] == rule
    assert outcome.read["visibility"] == "Public"
    assert outcome.reread["membership_rule_processing_state"] == "Paused"
    assert local_tenant.admin.graph("GET", UNITS)["value"] == []


def test_a_unit_becomes_assigned_and_its_rule_goes(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    units = provider("AdministrativeUnit")
    dynamic = {
        "display_name": "Métropole",
        "membership_type": "Dynamic",
        "membership_rule": '(user.companyName -eq "Métropole")',
        "membership_rule_processing_state": "On",
    }
    created = units.create(units.check({}, dynamic).inputs)
    assigned = units.check(created.outs, {"display_name": "Métropole"}).inputs
    units.update(created.id, created.outs, assigned)
    live = local_tenant.admin.graph("GET", f"{UNITS}/{created.id}")
    assert (live["membershipType"], live["membershipRule"]) == ("Assigned", None)
    read = units.read(created.id, created.outs)
    assert units.diff(created.id, read.outs, assigned).changes is False


def test_an_existing_unit_of_the_same_name_is_adopted(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    existing = local_tenant.admin.graph("POST", UNITS, {"displayName": "Ville d'Orve"})
    assert (existing["visibility"], existing["membershipType"]) == (None, None)
    units = provider("AdministrativeUnit")
    news = units.check({}, {"display_name": "Ville d'Orve"}).inputs
    adopted = units.create(news)
    assert adopted.id == existing["id"]
    read = units.read(adopted.id, adopted.outs)  # absent reads as Public and Assigned
    assert units.diff(adopted.id, read.outs, news).changes is False


def test_a_rule_without_dynamic_or_dynamic_without_a_rule_fails_in_check(
    provider: MakeProvider,
) -> None:
    units = provider("AdministrativeUnit")

    def failures(**inputs: str) -> list[tuple[str, str]]:
        checked = units.check({}, {"display_name": "Unité", **inputs})
        return [(f.property, f.reason) for f in checked.failures]

    assert failures(membership_type="Dynamic", membership_rule_processing_state="On") == [
        (
            "membership_rule",
            "AdministrativeUnit 'Unité': membership_rule is empty; a Dynamic unit needs a rule",
        )
    ]
    rule = '(user.city -eq "Orve")'
    assert failures(membership_type="Dynamic", membership_rule=rule) == [
        (
            "membership_rule_processing_state",
            "AdministrativeUnit 'Unité': membership_rule_processing_state is ''; a Dynamic "
            "unit's is On or Paused",
        )
    ]
    assert failures(membership_rule='(user.city -eq "Orve")') == [
        (
            "membership_rule",
            "AdministrativeUnit 'Unité': membership_rule is set; only a Dynamic unit has a rule",
        )
    ]
    assert failures(display_name="É" * 256) == []
    assert [p for p, _ in failures(display_name="É" * 257)] == ["display_name"]


def test_a_group_is_added_to_a_unit_until_it_is_removed(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    unit = local_tenant.admin.graph("POST", UNITS, {"displayName": "Ville"})["id"]
    group = make_group(provider, local_tenant, "voirie")
    member = provider("AdministrativeUnitMember")
    news = member.check({}, {"unit_id": unit, "member_id": group}).inputs

    created = member.create(news)
    listed = local_tenant.admin.graph("GET", f"{UNITS}/{unit}/members")["value"]
    assert [m["id"] for m in listed] == [group]
    assert member.read(created.id, created.outs).outs == {"unit_id": unit, "member_id": group}
    assert member.create(news).id == created.id  # found in the unit: adopted, not added twice

    local_tenant.admin.graph("DELETE", f"{UNITS}/{unit}/members/{group}/$ref")
    gone = member.read(created.id, created.outs)
    assert (gone.id, gone.outs) == ("", {})
    member.create(news)
    member.delete(created.id, created.outs)
    assert local_tenant.admin.graph("GET", f"{UNITS}/{unit}/members")["value"] == []
    local_tenant.admin.graph("DELETE", f"{UNITS}/{unit}")
    assert member.read(created.id, created.outs).id == ""  # the unit itself gone


def test_a_person_holds_a_role_over_a_unit_until_it_is_taken(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    assert HELPDESK is not None
    unit = local_tenant.admin.graph("POST", UNITS, {"displayName": "Métropole"})["id"]
    (upn,) = members(local_tenant, 1)
    scoped = provider("AdministrativeUnitScopedRole")
    inputs = {"unit_id": unit, "role": HELPDESK.template_id, "user": upn.upper()}
    news = scoped.check({}, inputs).inputs

    created = scoped.create(news)
    held = local_tenant.admin.graph("GET", f"{UNITS}/{unit}/scopedRoleMembers")["value"]
    role = local_tenant.admin.graph("GET", f"/directoryRoles/{held[0]['roleId']}")
    assert role["roleTemplateId"] == HELPDESK.template_id
    read = scoped.read(created.id, created.outs)
    assert read.outs["user"].lower() == upn.lower()
    assert scoped.diff(created.id, read.outs, news).changes is False
    assert scoped.create(news).id == created.id  # found by role and user: adopted

    local_tenant.admin.graph("DELETE", f"{UNITS}/{unit}/scopedRoleMembers/{created.id}")
    assert scoped.read(created.id, created.outs).id == ""
    again = scoped.create(news)
    scoped.delete(again.id, again.outs)
    assert local_tenant.admin.graph("GET", f"{UNITS}/{unit}/scopedRoleMembers")["value"] == []


def test_a_role_that_cannot_be_scoped_is_graphs_refusal(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    assert GLOBAL is not None
    unit = local_tenant.admin.graph("POST", UNITS, {"displayName": "Ville"})["id"]
    (upn,) = members(local_tenant, 1)
    scoped = provider("AdministrativeUnitScopedRole")
    inputs = {"unit_id": unit, "role": GLOBAL.template_id, "user": upn}
    with pytest.raises(Exception, match="cannot be assigned with an administrative unit scope"):
        scoped.create(scoped.check({}, inputs).inputs)
