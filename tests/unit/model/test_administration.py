"""Delegated administration: an organisation's administrative unit and who holds which role
over it, checked with file, line and fix before anything is applied."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tenantctl.m365 import limits
from tenantctl.model.derive import company_rule, unit_name
from tenantctl.model.schema import UnitMembers

if TYPE_CHECKING:
    from conftest import Description


def administer(desc: Description, *lines: str) -> None:
    desc.replace(
        "tenant.yaml",
        "    domain: ville-test.fr\n",
        "    domain: ville-test.fr\n    administration:\n"
        + "".join(f"      {line}\n" for line in lines),
    )


def test_a_unit_with_scoped_roles_loads(desc: Description) -> None:
    administer(
        desc,
        "roles:",
        "  - role: Helpdesk Administrator",
        "    people: [alice@ville-test.fr, bruno@ville-test.fr]",
        "  - role: groups administrator",
        "    people: [chloe@ville-test.fr]",
    )
    (org,) = desc.load().tenant.organisations
    assert org.administration is not None
    assert org.administration.members is UnitMembers.USERS
    assert [(r.role, r.people) for r in org.administration.roles] == [
        ("Helpdesk Administrator", ("alice@ville-test.fr", "bruno@ville-test.fr")),
        ("groups administrator", ("chloe@ville-test.fr",)),
    ]
    assert unit_name(org) == "Ville de Test"
    assert company_rule(org) == '(user.companyName -eq "Ville de Test")'


def test_a_company_name_with_quotes_and_accents_is_one_rule_value(desc: Description) -> None:
    desc.replace("tenant.yaml", "company_name: Ville de Test", "company_name: 'L''\"Île\" d''Oc'")
    administer(desc, "members: users")
    (org,) = desc.load().tenant.organisations
    assert company_rule(org) == '(user.companyName -eq "L\'\\"Île\\" d\'Oc")'


def test_an_unknown_role_is_named_with_the_nearest_one(desc: Description) -> None:
    administer(
        desc, "roles:", "  - role: Helpdesk Admnistrator", "    people: [alice@ville-test.fr]"
    )
    finding = desc.only()
    assert finding.key == "organisations[ville].administration.roles[0].role"
    assert finding.message == "unknown role 'Helpdesk Admnistrator'"
    assert finding.fix.startswith("did you mean 'Helpdesk Administrator'? ")
    assert finding.source is not None
    assert finding.source.line == desc.line("tenant.yaml", "Helpdesk Admnistrator")


def test_a_role_that_cannot_be_scoped_is_refused(desc: Description) -> None:
    administer(
        desc, "roles:", "  - role: Global Administrator", "    people: [alice@ville-test.fr]"
    )
    finding = desc.only()
    assert (
        finding.message == "'Global Administrator' cannot be assigned over an administrative unit"
    )
    assert "Helpdesk Administrator" in finding.fix and "Global" not in finding.fix
    assert finding.source is not None
    assert finding.source.line == desc.line("tenant.yaml", "Global Administrator")


@pytest.mark.parametrize(
    ("upn", "message"),
    [
        ("zoe@ville-test.fr", "unknown person 'zoe@ville-test.fr'"),
        (
            "eva@transports.example.com",
            "'eva@transports.example.com' is a guest of partner 'transports'; a guest cannot "
            "administer the organisation's unit",
        ),
    ],
)
def test_an_administrator_is_a_person_of_the_tenant(
    desc: Description, upn: str, message: str
) -> None:
    administer(
        desc,
        "roles:",
        "  - role: User Administrator",
        "    people:",
        "      - alice@ville-test.fr",
        f"      - {upn}",
    )
    finding = desc.only()
    assert (finding.key, finding.message) == (
        "organisations[ville].administration.roles[0].people[1]",
        message,
    )
    assert finding.source is not None
    assert finding.source.line == desc.line("tenant.yaml", f"- {upn}")


def test_the_same_person_holding_a_role_twice_is_refused(desc: Description) -> None:
    administer(
        desc,
        "roles:",
        "  - role: Helpdesk Administrator",
        "    people: [alice@ville-test.fr]",
        "  - role: helpdesk administrator",
        "    people: [bruno@ville-test.fr, ALICE@ville-test.fr]",
    )
    finding = desc.only()
    assert finding.key == "organisations[ville].administration.roles[1].people[1]"
    assert finding.message == (
        "'ALICE@ville-test.fr' holds 'helpdesk administrator' over this unit twice"
    )
    assert finding.source is not None
    assert finding.source.line == desc.line("tenant.yaml", "ALICE@")


def test_a_role_is_held_by_someone(desc: Description) -> None:
    administer(desc, "roles:", "  - role: Helpdesk Administrator", "    people: []")
    finding = desc.only()
    assert finding.key == "organisations[ville].administration.roles[0].people"


def test_a_unit_of_directorates_needs_directorates(desc: Description) -> None:
    desc.append(
        "tenant.yaml",
        "  - key: syndicat",
        "    display_name: Syndicat des eaux",
        "    company_name: Syndicat des eaux",
        "    prefix: SDE",
        "    domain: syndicat-eaux.fr",
        "    administration:",
        "      members: directorates",
    )
    finding = desc.only()
    assert finding.key == "organisations[syndicat].administration.members"
    assert finding.fix == "define its directorates, or use 'members: users'"
    assert finding.source is not None
    assert finding.source.line == desc.line("tenant.yaml", "members: directorates")


def test_the_unit_name_may_be_as_long_as_graph_allows_and_no_longer(desc: Description) -> None:
    longest = "É" * limits.DISPLAY_NAME_MAX
    administer(desc, f"unit_name: {longest}")
    (org,) = desc.load().tenant.organisations
    assert unit_name(org) == longest
    desc.replace("tenant.yaml", longest, longest + "x")
    finding = desc.only()
    assert finding.key == "organisations[ville].administration.unit_name"
    assert finding.source is not None
    assert finding.source.line == desc.line("tenant.yaml", "unit_name:")
