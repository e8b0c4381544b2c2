"""Licence groups: known SKUs, no more members than seats, nobody licensed twice for a SKU."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import combinations

from tenantctl.governance.rule import Breach, Params, Rule
from tenantctl.governance.subject import Subject
from tenantctl.governance.violations import Level
from tenantctl.m365.skus import SKUS
from tenantctl.model import LicenceGroup, TenantIndex

_DEPARTMENT_RULE = re.compile(r"user\.department\s+-(eq|in)\s+(\"[^\"]*\"|\[[^\]]*\])", re.I)


def known_skus(subject: Subject, _: Params) -> Iterator[Breach]:
    for group in subject.tenant.licence_groups:
        where = f"licence_groups[{group.key}].sku"
        if group.sku not in SKUS:
            yield Breach(where, f"'{group.sku}' is not a known SKU", "use a catalogued part number")
        elif subject.seats is not None and group.sku not in subject.seats:
            yield Breach(
                where,
                f"the tenant has no subscription to {group.sku}",
                "buy the subscription first, or use a SKU the tenant has",
            )


def seats_suffice(subject: Subject, params: Params) -> Iterator[Breach]:
    seats = subject.seats if subject.seats is not None else params["seats"]
    needed: dict[str, int] = {}
    for group in subject.tenant.licence_groups:
        needed[group.sku] = needed.get(group.sku, 0) + estimated_members(subject.index, group)
    for sku, count in sorted(needed.items()):
        if sku in seats and count > int(seats[sku]):
            yield Breach(
                f"licence_groups(sku {sku})",
                f"at least {count} agents would need {sku}, but only {seats[sku]} seats are "
                "purchased",
                "buy seats, or narrow the groups' directorates and rules",
            )


def estimated_members(index: TenantIndex, group: LicenceGroup) -> int:
    """A lower bound of the members: directorates by headcount or list, and named users.

    An extra dynamic `rule` adds members the description cannot count, so it adds none here.
    """
    count = len(group.users)
    for code in group.directorates:
        count += index.directorate_size(code)
    return count


def no_double_licences(subject: Subject, _: Params) -> Iterator[Breach]:
    index = subject.index
    groups = subject.tenant.licence_groups
    for first, second in combinations(groups, 2):
        if first.sku != second.sku:
            continue
        shared = sorted(_coverage(index, first) & _coverage(index, second))
        if shared:
            yield Breach(
                f"licence_groups[{second.key}]",
                f"covers {', '.join(shared)} for {second.sku}, as licence group '{first.key}' does",
                "let each agent fall in one group per SKU: split the directorates, "
                "departments or users",
            )


def _coverage(index: TenantIndex, group: LicenceGroup) -> set[str]:
    """What a group covers: directorates, departments and users (directorates' users too)."""
    covered = {f"directorate {code}" for code in group.directorates}
    users = {upn.lower() for upn in index.licence_users(group)}
    departments = set(_rule_departments(group.rule or ""))
    for code in group.directorates:
        directorate = index.directorates.get(code)
        if directorate:
            departments.update(directorate.membership.departments)
    for person in index.tenant.people:
        if person.directorate in group.directorates:
            users.add(person.upn.lower())
    covered.update(f"department '{d}'" for d in departments)
    covered.update(f"user {upn}" for upn in users)
    return covered


def _rule_departments(rule: str) -> Iterator[str]:
    for _, value in _DEPARTMENT_RULE.findall(rule):
        yield from re.findall(r"\"([^\"]*)\"", value)


RULES = (
    Rule(
        "licence-known-sku", "Licence groups use SKUs the tenant has", Level.MANDATORY, known_skus
    ),
    Rule(
        "licence-seats",
        "Licence groups need no more seats than purchased (live, or parameter 'seats')",
        Level.MANDATORY,
        seats_suffice,
        defaults={"seats": {}},
    ),
    Rule(
        "licence-overlap",
        "No agent is covered by two licence groups of the same SKU",
        Level.MANDATORY,
        no_double_licences,
    ),
)
