"""Each organisation's administrative unit under Pulumi mocks, with either group provider: a
unit of its users by rule (the Graph layer's, which alone has dynamic units) or of its
directorates' groups, and one scoped role assignment per person and role."""

from __future__ import annotations

from functools import cache

from tenantctl.m365.roles import role_named
from tenantctl.model import Tenant
from tenantctl.model.derive import company_rule
from tenantctl.stack.project import load_stack
from tests.unit.components.conftest import Declared, declare
from tests.unit.components.test_components import (
    AZUREAD_ROLE_MEMBER,
    AZUREAD_UNIT,
    AZUREAD_UNIT_MEMBER,
)


@cache
def city() -> Tenant:
    return load_stack("city_metropolis").tenant


@cache
def declared(provider: str) -> dict[str, Declared]:
    return {d.name: d for d in declare(city(), provider)}


def of_type(provider: str, *kinds: str) -> dict[str, Declared]:
    return {name: d for name, d in declared(provider).items() if d.type in kinds}


def test_the_metropolis_unit_holds_its_users_by_companyname_under_either_provider() -> None:
    metropole = next(o for o in city().organisations if o.key == "metropole")
    for provider in ("azuread", "graph"):
        unit = declared(provider)["administration-metropole-unit"]
        assert unit.type == "tenantctl:AdministrativeUnit"
        assert {k: unit.inputs[k] for k in ("display_name", "visibility", "membership_type")} == {
            "display_name": "Valmont Métropole",
            "visibility": "HiddenMembership",
            "membership_type": "Dynamic",
        }
        assert unit.inputs["membership_rule"] == company_rule(metropole)
        assert unit.inputs["membership_rule_processing_state"] == "On"
        assert not any(
            name.startswith("administration-metropole-dgsm") for name in declared(provider)
        )


def test_the_city_unit_holds_each_of_its_directorates_groups() -> None:
    ville = [d.code.lower() for d in city().directorates if d.organisation == "ville"]
    expected = {f"administration-ville-{code}" for code in ville}
    graph = of_type("graph", "tenantctl:AdministrativeUnitMember")
    assert set(graph) == expected
    for name, member in graph.items():
        code = name.removeprefix("administration-ville-")
        assert member.inputs["unit_id"] == "id:administration-ville-unit"
        assert member.inputs["member_id"] == f"id:directorate-{code}-agents"
    azuread = of_type("azuread", AZUREAD_UNIT_MEMBER)
    assert set(azuread) == expected
    for name, member in azuread.items():
        code = name.removeprefix("administration-ville-")
        assert member.inputs["administrativeUnitObjectId"] == "out:administration-ville-unit"
        assert member.inputs["memberObjectId"] == f"out:directorate-{code}-agents"
    unit = declared("azuread")["administration-ville-unit"]
    assert unit.type == AZUREAD_UNIT
    assert unit.inputs["displayName"] == "Ville de Valmont — administration déléguée"
    assert unit.inputs["hiddenMembershipEnabled"] is False


def template_id(role: str) -> str:
    found = role_named(role)
    assert found is not None
    return found.template_id


def test_each_person_holds_each_declared_role_over_their_organisations_unit() -> None:
    wanted = {
        (org.key, template_id(held.role), upn.lower())
        for org in city().organisations
        if org.administration
        for held in org.administration.roles
        for upn in held.people
    }
    assert len(wanted) == 5
    graph = of_type("graph", "tenantctl:AdministrativeUnitScopedRole").values()
    assert {
        (
            d.inputs["unit_id"].removeprefix("id:administration-").removesuffix("-unit"),
            d.inputs["role"],
            d.inputs["user"].lower(),
        )
        for d in graph
    } == wanted
    azuread = of_type("azuread", AZUREAD_ROLE_MEMBER).values()
    assert {
        (
            d.inputs["administrativeUnitObjectId"]
            .split("administration-")[1]
            .removesuffix("-unit"),
            d.inputs["roleObjectId"].removeprefix("role:"),
            d.inputs["memberObjectId"].removeprefix("oid:").lower(),
        )
        for d in azuread
    } == wanted
