"""The sample stacks load cleanly, and the city stack is a tenant at real size."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from tenantctl.m365.skus import SKUS
from tenantctl.model import ChannelKind, LoadedTenant, SharingLevel, SpaceKind
from tenantctl.stack.project import load_stack


@pytest.fixture(scope="module")
def city() -> LoadedTenant:
    return load_stack("city_metropolis")


@pytest.fixture(scope="module")
def demo() -> LoadedTenant:
    return load_stack("demo")


@pytest.mark.parametrize("name", ["demo", "city_metropolis"])
def test_a_sample_stack_loads_without_errors_or_warnings(name: str) -> None:
    loaded = load_stack(name)
    assert loaded.warnings == ()
    assert loaded.tenant.spaces


def test_findings_of_a_sample_stack_would_name_its_files_from_the_project(
    city: LoadedTenant,
) -> None:
    ref = city.sources.locate("spaces", "reseau-transports")
    assert ref is not None
    assert str(ref.file) == "stacks/city_metropolis/data/spaces/partners.yaml"


def test_the_city_stack_spans_two_organisations_and_over_thirty_directorates(
    city: LoadedTenant,
) -> None:
    tenant = city.tenant
    assert len(tenant.organisations) == 2
    per_org = Counter(d.organisation for d in tenant.directorates)
    assert len(tenant.directorates) >= 30
    assert set(per_org) == {o.key for o in tenant.organisations}
    assert min(per_org.values()) >= 10


def test_the_city_stack_counts_about_3500_agents(city: LoadedTenant) -> None:
    directorates = city.tenant.directorates
    agents = sum(d.headcount or len(d.membership.users) for d in directorates)
    assert 3_300 <= agents <= 3_800
    by_rule = [d for d in directorates if d.membership.departments]
    assert all(d.headcount for d in by_rule)
    assert 1 <= len(directorates) - len(by_rule) <= 5  # a few explicit member lists


def test_every_department_belongs_to_one_directorate(city: LoadedTenant) -> None:
    departments = Counter(dep for d in city.tenant.directorates for dep in d.membership.departments)
    assert [dep for dep, count in departments.items() if count > 1] == []


def test_the_city_stack_names_a_few_hundred_people(city: LoadedTenant) -> None:
    people = city.tenant.people
    assert 200 <= len(people) <= 500
    assert any(p.frontline for p in people)
    assert all(p.job_title for p in people)


def test_the_city_stack_has_every_kind_of_space_in_realistic_numbers(city: LoadedTenant) -> None:
    kinds = Counter(s.kind for s in city.tenant.spaces)
    assert 25 <= kinds[SpaceKind.INTRA] <= 40
    assert 8 <= kinds[SpaceKind.INTER] <= 15
    assert 5 <= kinds[SpaceKind.PARTNER] <= 8
    assert all(s.owners for s in city.tenant.spaces if s.kind is not SpaceKind.INTRA)


def test_the_city_stack_has_every_kind_of_channel(city: LoadedTenant) -> None:
    kinds = Counter(c.kind for s in city.tenant.spaces for c in s.channels)
    assert set(kinds) == set(ChannelKind)
    assert kinds[ChannelKind.SHARED] >= 3
    assert kinds[ChannelKind.PRIVATE] >= 5


def test_the_city_partners_are_varied(city: LoadedTenant) -> None:
    partners = city.tenant.partners
    assert len(partners) >= 5
    assert any(p.tenant_id for p in partners)
    assert any(p.tenant_id is None for p in partners)
    assert all(p.guests for p in partners)
    partner_spaces = [s for s in city.tenant.spaces if s.kind is SpaceKind.PARTNER]
    assert {s.site.sharing for s in partner_spaces} == {
        SharingLevel.GUESTS,
        SharingLevel.EXISTING_GUESTS,
    }
    assert any(len(s.partners) > 1 for s in partner_spaces)
    assert all(s.review is not None for s in partner_spaces)
    assert len({s.review.every_months for s in partner_spaces if s.review}) >= 3


def test_the_city_settings_vary_from_the_defaults(city: LoadedTenant) -> None:
    spaces = city.tenant.spaces
    default = type(spaces[0].settings)()
    assert sum(s.settings != default for s in spaces) >= 10


def test_the_city_licences_cover_office_and_frontline_agents(city: LoadedTenant) -> None:
    groups = city.tenant.licence_groups
    assert {"SPE_E3", "SPE_E5", "SPE_F1"} <= {g.sku for g in groups}
    assert any(SKUS[g.sku].frontline and g.frontline_only for g in groups)
    assert any(g.disabled_plans for g in groups)
    assert any(g.directorates for g in groups)
    assert any(g.rule for g in groups)
    assert any(g.users for g in groups)


@pytest.mark.parametrize("name", ["demo", "city_metropolis"])
def test_every_agent_gets_exactly_one_suite_licence(name: str) -> None:
    tenant = load_stack(name).tenant
    suites = [g for g in tenant.licence_groups if g.sku.startswith("SPE_")]
    for d in tenant.directorates:
        by_directorate = [g.key for g in suites if d.code in g.directorates]
        if by_directorate or d.membership.users:
            assert len(by_directorate) == 1, d.code
            continue
        for department in d.membership.departments:  # licensed department by department
            quoted = json.dumps(department, ensure_ascii=False)
            by_rule = [g.key for g in suites if g.rule and quoted in g.rule]
            assert len(by_rule) == 1, department


def test_the_demo_stack_stays_small(demo: LoadedTenant) -> None:
    tenant = demo.tenant
    kinds = Counter(s.kind for s in tenant.spaces)
    channels = Counter(c.kind for s in tenant.spaces for c in s.channels)
    assert len(tenant.directorates) == 3
    assert len(tenant.people) <= 15
    assert (kinds[SpaceKind.INTRA], kinds[SpaceKind.INTER], kinds[SpaceKind.PARTNER]) == (2, 2, 1)
    assert (channels[ChannelKind.SHARED], channels[ChannelKind.PRIVATE]) == (1, 1)
    assert [len(p.guests) for p in tenant.partners] == [2]
    assert len(tenant.licence_groups) == 2
