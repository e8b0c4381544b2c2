"""Who is in a team space's group: the directorate's rule with named members, or a list."""

from __future__ import annotations

import datetime

from hypothesis import given
from hypothesis import strategies as st

from tenantctl.model import TenantIndex
from tenantctl.model.derive import department_rule, space_rule, split_space_rule
from tenantctl.model.schema import (
    Directorate,
    Membership,
    MigrationWave,
    Organisation,
    SpaceKind,
    SpaceMembership,
    TeamSpace,
    Tenant,
    TenantSettings,
)

DEPARTMENTS = ("Direction de l\u2019eau", "Service d'assainissement", "Régie « Réseaux »")
TENANT = Tenant(
    tenant=TenantSettings(name="Ville", default_domain="ville.fr"),
    organisations=(
        Organisation(
            key="ville", display_name="V", company_name="V", prefix="VV", domain="ville.fr"
        ),
    ),
    directorates=(
        Directorate(
            code="EAU",
            organisation="ville",
            display_name="Eau",
            owners=("a@ville.fr", "b@ville.fr"),
            membership=Membership(departments=DEPARTMENTS),
        ),
    ),
)
INDEX = TenantIndex(TENANT)
UPNS = st.lists(
    st.from_regex(r"[a-zà-ÿ'.]{1,12}@ville\.fr", fullmatch=True), max_size=4, unique=True
)


def intra(**extra: object) -> TeamSpace:
    return TeamSpace(
        key="eau-equipe",
        kind=SpaceKind.INTRA,
        display_name="Équipe de l\u2019eau",
        directorates=("EAU",),
        **extra,  # type: ignore[arg-type]
    )


def test_an_intra_space_follows_its_directorate_unless_adopted_or_listed() -> None:
    rule = department_rule(DEPARTMENTS)
    assert INDEX.space_membership(intra()) == (rule, ())
    assert INDEX.space_membership(intra(adopt="g1", members=("o'neil@ville.fr",))) == (
        None,
        ("o'neil@ville.fr",),
    )
    assert INDEX.space_membership(intra(membership=SpaceMembership.LISTED)) == (None, ())


def test_an_adopted_space_that_follows_its_directorate_keeps_the_rule_and_names_members() -> None:
    space = intra(adopt="g1", members=("o'neil@ville.fr",), membership="directorate")
    rule, members = INDEX.space_membership(space)
    assert members == ()
    assert (
        rule
        == f'({department_rule(DEPARTMENTS)}) -or (user.userPrincipalName -in ["o\'neil@ville.fr"])'
    )


@given(departments=st.lists(st.text(min_size=1, max_size=20), min_size=1, max_size=3), upns=UPNS)
def test_a_space_rule_splits_back_into_the_directorate_rule_and_the_named_members(
    departments: list[str], upns: list[str]
) -> None:
    directorate = department_rule(departments)
    assert directorate is not None
    assert split_space_rule(space_rule(directorate, tuple(upns))) == (directorate, tuple(upns))


def test_a_rule_the_toolkit_did_not_write_splits_into_itself() -> None:
    rule = '(user.jobTitle -eq "Chef") -or (user.userPrincipalName -in [1])'
    assert split_space_rule(f"  {rule} ") == (rule, ())


def test_an_agent_moves_in_the_wave_naming_them_else_their_directorate_s() -> None:
    pilot = MigrationWave(
        key="pilote",
        display_name="Pilote",
        date=datetime.date(2025, 3, 3),
        people=("Zoe@ville.fr",),
    )
    general = MigrationWave(
        key="vague-1", display_name="Vague 1", date=datetime.date(2025, 4, 7), directorates=("EAU",)
    )
    index = TenantIndex(TENANT.model_copy(update={"waves": (pilot, general)}))
    assert index.wave_of("zoe@ville.fr", "EAU") is pilot
    assert index.wave_of("yann@ville.fr", "EAU") is general
    assert index.wave_of("zoe@ville.fr", None) is pilot
    assert index.wave_of("yann@ville.fr", "DRH") is None
