"""Who a licence group licenses on the date the program plans for: a licence that gives a
mailbox reaches an agent from their migration wave's date, not before. Each rule is judged by
the local tenant's own evaluator of dynamic membership rules."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from local_tenant.directory.rules import compile_rule
from tenantctl.m365 import limits
from tenantctl.model import TenantIndex
from tenantctl.model.derive import MIGRATION_DONE
from tenantctl.model.schema import (
    Directorate,
    LicenceGroup,
    Membership,
    MigrationWave,
    Organisation,
    Person,
    Tenant,
    TenantSettings,
)
from tenantctl.stack.project import load_stack

EAU = ("EAU - Réseaux", "EAU - Station d'épuration")
VOIRIE = ("VOIRIE - Éclairage", "VOIRIE - Chaussées")
PILOT = datetime.date(2025, 3, 3)
SECOND = datetime.date(2025, 4, 7)


def _directorate(code: str, **membership: Any) -> Directorate:
    return Directorate(
        code=code,
        organisation="ville",
        display_name=code,
        owners=("a@ville.fr", "b@ville.fr"),
        membership=Membership(**membership),
    )


TENANT = Tenant(
    tenant=TenantSettings(name="Ville", default_domain="ville.fr"),
    organisations=(
        Organisation(
            key="ville", display_name="V", company_name="V", prefix="VV", domain="ville.fr"
        ),
    ),
    directorates=(
        _directorate("EAU", departments=EAU),
        _directorate("VOIRIE", departments=VOIRIE),
        _directorate("CAB", users=("maire@ville.fr", "chef.cabinet@ville.fr")),
    ),
    people=(
        Person(upn="zoé.o'neil@ville.fr", display_name="Zoé O'Neil", directorate="VOIRIE"),
        Person(upn="yann@ville.fr", display_name="Yann", directorate="EAU"),
        Person(upn="maire@ville.fr", display_name="Maire", directorate="CAB"),
        Person(upn="chef.cabinet@ville.fr", display_name="Chef", directorate="CAB"),
    ),
    waves=(
        MigrationWave(
            key="pilote",
            display_name="Pilote",
            date=PILOT,
            directorates=("EAU", "CAB"),
            people=("zoé.o'neil@ville.fr",),
        ),
        MigrationWave(
            key="vague-2",
            display_name="Vague 2",
            date=SECOND,
            directorates=("VOIRIE",),
            people=("yann@ville.fr", "chef.cabinet@ville.fr"),
        ),
    ),
)
AGENTS = [
    {"userPrincipalName": "eau.1@ville.fr", "department": EAU[0], "jobTitle": "Agent"},
    {"userPrincipalName": "eau.2@ville.fr", "department": EAU[1], "jobTitle": "Agent saisonnier"},
    {"userPrincipalName": "yann@ville.fr", "department": EAU[0], "jobTitle": "Agent"},
    {"userPrincipalName": "voirie.1@ville.fr", "department": VOIRIE[0], "jobTitle": "Agent"},
    {
        "userPrincipalName": "voirie.2@ville.fr",
        "department": VOIRIE[1],
        "jobTitle": "Agent saisonnier",
    },
    {"userPrincipalName": "zoé.o'neil@ville.fr", "department": VOIRIE[1], "jobTitle": "Agent"},
    {"userPrincipalName": "maire@ville.fr", "department": "Cabinet", "jobTitle": "Maire"},
    {"userPrincipalName": "chef.cabinet@ville.fr", "department": "Cabinet", "jobTitle": "Chef"},
    {"userPrincipalName": "hors@ville.fr", "department": "Sans direction", "jobTitle": "Agent"},
]


def _licensed(group: LicenceGroup, today: datetime.date, tenant: Tenant = TENANT) -> set[str]:
    """The agents the group's rule (judged by the local tenant) or list takes on `today`."""
    rule, members = TenantIndex(tenant).licence_membership(group, today)
    matches = compile_rule(rule) if rule else None
    found = {upn for upn in members}
    if matches is not None:
        found |= {a["userPrincipalName"] for a in AGENTS if matches(a)}
    return found


E3 = LicenceGroup(key="e3", display_name="E3", sku="SPE_E3", directorates=("EAU", "VOIRIE", "CAB"))


def test_before_any_wave_a_mailbox_licence_reaches_no_one() -> None:
    assert _licensed(E3, PILOT - datetime.timedelta(days=1)) == set()


def test_on_its_date_a_wave_s_directorates_and_named_people_are_licensed() -> None:
    assert _licensed(E3, PILOT) == {
        "eau.1@ville.fr",
        "eau.2@ville.fr",
        "maire@ville.fr",
        "zoé.o'neil@ville.fr",  # named in the pilot, ahead of VOIRIE
    }  # yann (EAU) and the chief of staff (CAB) are named in the later wave: left out


def test_once_every_wave_has_come_everyone_covered_is_licensed() -> None:
    everyone = {a["userPrincipalName"] for a in AGENTS} - {"hors@ville.fr"}
    assert _licensed(E3, SECOND) == everyone
    assert _licensed(E3, MIGRATION_DONE) == everyone


def test_a_licence_with_no_mailbox_ignores_the_waves() -> None:
    no_mail = E3.model_copy(update={"sku": "M365_F1"})
    no_exchange = E3.model_copy(update={"disabled_plans": ("EXCHANGE_S_ENTERPRISE",)})
    everyone = {a["userPrincipalName"] for a in AGENTS} - {"hors@ville.fr"}
    for group in (no_mail, no_exchange):
        assert _licensed(group, PILOT - datetime.timedelta(days=1)) == everyone


def test_a_rule_of_departments_keeps_only_the_departments_whose_wave_has_come() -> None:
    group = LicenceGroup(
        key="f1",
        display_name="F1",
        sku="SPE_F1",
        rule=f'(user.department -in ["{EAU[1]}", "{VOIRIE[0]}"])',
    )
    assert _licensed(group, PILOT) == {"eau.2@ville.fr"}
    assert _licensed(group, SECOND) == {"eau.2@ville.fr", "voirie.1@ville.fr"}


def test_any_other_rule_leaves_out_the_departments_still_waiting() -> None:
    group = LicenceGroup(
        key="f1",
        display_name="F1",
        sku="SPE_F1",
        rule='(user.jobTitle -eq "Agent saisonnier") -or '
        '(user.userPrincipalName -eq "hors@ville.fr")',
    )
    assert _licensed(group, PILOT) == {"eau.2@ville.fr", "hors@ville.fr"}
    assert _licensed(group, SECOND) == {"eau.2@ville.fr", "voirie.2@ville.fr", "hors@ville.fr"}


def test_a_person_named_early_is_licensed_by_a_rule_that_covers_them() -> None:
    group = LicenceGroup(
        key="e3", display_name="E3", sku="SPE_E3", rule='(user.jobTitle -eq "Agent")'
    )
    assert "zoé.o'neil@ville.fr" in _licensed(group, PILOT)
    assert "voirie.1@ville.fr" not in _licensed(group, PILOT)


def test_a_person_named_in_a_later_wave_is_left_out_of_a_rule_that_covers_them() -> None:
    group = LicenceGroup(
        key="e3", display_name="E3", sku="SPE_E3", rule=f'(user.department -eq "{EAU[0]}")'
    )
    assert _licensed(group, PILOT) == {"eau.1@ville.fr"}  # not yann, who moves in vague-2
    assert _licensed(group, SECOND) == {"eau.1@ville.fr", "yann@ville.fr"}


def test_excluded_users_stay_out_whatever_the_wave() -> None:
    group = E3.model_copy(update={"exclude": ("eau.1@ville.fr", "maire@ville.fr")})
    assert _licensed(group, PILOT) == {"eau.2@ville.fr", "zoé.o'neil@ville.fr"}


def test_without_waves_the_rule_is_as_before() -> None:
    tenant = TENANT.model_copy(update={"waves": ()})
    rule, members = TenantIndex(tenant).licence_membership(E3, PILOT)
    assert members == ()
    assert rule == (
        f'((user.department -in ["{EAU[0]}","{EAU[1]}","{VOIRIE[0]}","{VOIRIE[1]}"])) '
        '-or (user.userPrincipalName -in ["maire@ville.fr","chef.cabinet@ville.fr"])'
    )


def _eves_and_days() -> list[datetime.date]:
    dates = sorted({w.date for w in load_stack("city_metropolis").tenant.waves})
    return [d - datetime.timedelta(days=1) for d in dates] + [*dates, MIGRATION_DONE]


@pytest.mark.parametrize("today", _eves_and_days(), ids=str)
def test_city_licence_rules_fit_entra_id_on_every_wave_s_eve_and_day(
    today: datetime.date,
) -> None:
    tenant = load_stack("city_metropolis").tenant
    index = TenantIndex(tenant)
    for group in tenant.licence_groups:
        rule, _ = index.licence_membership(group, today)
        assert len(rule or "") <= limits.MEMBERSHIP_RULE_MAX, group.key
        if rule:
            compile_rule(rule)  # the local tenant accepts it, as Entra ID would
