"""Values derived from the model that rules, components and reports all need, in one place."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cached_property

from tenantctl.model.schema import (
    Directorate,
    LicenceGroup,
    MigrationWave,
    Organisation,
    Partner,
    Person,
    SpaceKind,
    SpaceMembership,
    TeamSpace,
    Tenant,
)

NAMED_MEMBERS = re.compile(
    r'^\((?P<rule>.+)\) -or \(user\.userPrincipalName -in (?P<members>\["[^\]]*"\])\)$'
)
"""A rule `space_rule` wrote with named members."""
DEFAULT_TEMPLATES = {
    SpaceKind.INTRA: "intra-directorate",
    SpaceKind.INTER: "inter-directorate",
    SpaceKind.PARTNER: "external-partner",
}


@dataclass(frozen=True)
class TenantIndex:
    """Lookups by key over a tenant description."""

    tenant: Tenant
    organisations: dict[str, Organisation] = field(init=False)
    directorates: dict[str, Directorate] = field(init=False)
    people: dict[str, Person] = field(init=False)
    partners: dict[str, Partner] = field(init=False)

    def __post_init__(self) -> None:
        t = self.tenant
        object.__setattr__(self, "organisations", {o.key: o for o in t.organisations})
        object.__setattr__(self, "directorates", {d.code: d for d in t.directorates})
        object.__setattr__(self, "people", {p.upn.lower(): p for p in t.people})
        object.__setattr__(self, "partners", {p.key: p for p in t.partners})

    @cached_property
    def partner_guests(self) -> dict[str, str]:
        """Guest e-mail (lower case) → partner key."""
        return {g.email.lower(): p.key for p in self.tenant.partners for g in p.guests}

    @cached_property
    def directorate_waves(self) -> dict[str, MigrationWave]:
        """Directorate code → the wave it moves in."""
        return {code: w for w in self.tenant.waves for code in w.directorates}

    @cached_property
    def named_movers(self) -> dict[str, MigrationWave]:
        """Lower-case UPN → the wave that names the person, whatever their directorate."""
        return {upn.lower(): w for w in self.tenant.waves for upn in w.people}

    def wave_of(self, upn: str, directorate: str | None) -> MigrationWave | None:
        """The wave an agent moves in: the one naming them, else their directorate's."""
        named = self.named_movers.get(upn.lower())
        if named is not None or directorate is None:
            return named
        return self.directorate_waves.get(directorate)

    def knows_person(self, upn: str) -> bool:
        return upn.lower() in self.people

    def space_organisation(self, space: TeamSpace) -> Organisation | None:
        directorate = self.directorates.get(space.directorates[0])
        return self.organisations.get(directorate.organisation) if directorate else None

    def space_mail_nickname(self, space: TeamSpace) -> str:
        if space.mail_nickname:
            return space.mail_nickname
        org = self.space_organisation(space)
        prefix = org.prefix if org else self.tenant.tenant.stack_prefix
        return f"{prefix}-{space.directorates[0]}-{space.key}"

    def space_owners(self, space: TeamSpace) -> tuple[str, ...]:
        """Named owners, or for an intra-directorate space, its directorate's owners."""
        if space.owners or space.kind is not SpaceKind.INTRA:
            return space.owners
        directorate = self.directorates.get(space.directorates[0])
        return directorate.owners if directorate else ()

    def follows_directorate(self, space: TeamSpace) -> bool:
        """Whether an intra space's team is its directorate's agents and its named members:
        as its `membership` says, by default unless it is adopted (an adopted space keeps the
        members it lists)."""
        if space.kind is not SpaceKind.INTRA:
            return False
        if space.membership is not None:
            return space.membership is SpaceMembership.DIRECTORATE
        return not space.adopt

    def space_membership(self, space: TeamSpace) -> tuple[str | None, tuple[str, ...]]:
        """(dynamic rule, explicit members) of a space's group.

        A space that follows its (one) directorate has the same dynamic rule, with extra named
        members added to it by user principal name (`space_rule`), or the same explicit list
        and its named members. Any other space has the members it lists.
        """
        members = space.members
        if not self.follows_directorate(space):
            return None, members
        directorate = self.directorates.get(space.directorates[0])
        if directorate is None:
            return None, members
        rule = self.directorate_rule(directorate)
        if rule is None:
            return None, tuple(dict.fromkeys((*directorate.membership.users, *members)))
        return space_rule(rule, members), ()

    def directorate_mail_nickname(self, directorate: Directorate) -> str:
        org = self.organisations.get(directorate.organisation)
        prefix = org.prefix if org else self.tenant.tenant.stack_prefix
        return f"{prefix}-{directorate.code}-agents"

    def licence_mail_nickname(self, group: LicenceGroup) -> str:
        return group.mail_nickname or f"{self.tenant.tenant.stack_prefix}-LIC-{group.key}"

    def directorate_rule(self, directorate: Directorate) -> str | None:
        """The dynamic membership rule of a directorate, or None for an explicit list."""
        return department_rule(directorate.membership.departments)

    def licence_rule(self, group: LicenceGroup) -> str | None:
        """The dynamic rule of a licence group: its directorates' departments, or its own rule,
        less its excluded users."""
        departments = [
            dep
            for code in group.directorates
            if code in self.directorates
            for dep in self.directorates[code].membership.departments
        ]
        parts = [rule for rule in (department_rule(departments), group.rule) if rule]
        if not parts:
            return None
        rule = parts[0] if len(parts) == 1 else " -or ".join(f"({p})" for p in parts)
        if group.exclude:
            excluded = ",".join(json.dumps(upn) for upn in group.exclude)
            rule = f"({rule}) -and (user.userPrincipalName -notIn [{excluded}])"
        return rule

    def licence_users(self, group: LicenceGroup) -> tuple[str, ...]:
        """Explicit members: named users and members of explicitly listed directorates, less
        excluded users."""
        users = list(group.users)
        for code in group.directorates:
            directorate = self.directorates.get(code)
            if directorate:
                users.extend(directorate.membership.users)
        excluded = {upn.lower() for upn in group.exclude}
        return tuple(upn for upn in dict.fromkeys(users) if upn.lower() not in excluded)


def template_name(space: TeamSpace) -> str:
    """The Teams template a space uses."""
    return space.template or DEFAULT_TEMPLATES[space.kind]


def space_rule(directorate_rule: str, members: tuple[str, ...]) -> str:
    """The dynamic rule of a team that follows a directorate: the directorate's rule, or
    anyone it matches and the members named by user principal name."""
    if not members:
        return directorate_rule
    named = ",".join(json.dumps(upn) for upn in members)
    return f"({directorate_rule}) -or (user.userPrincipalName -in [{named}])"


def split_space_rule(rule: str) -> tuple[str, tuple[str, ...]]:
    """The directorate rule and named members of a rule `space_rule` wrote; any other rule
    is returned whole, with no members."""
    found = NAMED_MEMBERS.match(rule.strip())
    if found is None:
        return rule.strip(), ()
    members = tuple(str(upn) for upn in json.loads(found["members"]))
    return found["rule"], members


def department_rule(departments: list[str] | tuple[str, ...]) -> str | None:
    """A dynamic membership rule matching users of these departments."""
    if not departments:
        return None
    if len(departments) == 1:
        return f"(user.department -eq {json.dumps(departments[0], ensure_ascii=False)})"
    values = ",".join(json.dumps(d, ensure_ascii=False) for d in departments)
    return f"(user.department -in [{values}])"
