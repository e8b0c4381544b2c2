"""Values derived from the model that rules, components and reports all need, in one place."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property

from tenantctl.model.schema import (
    Directorate,
    LicenceGroup,
    Organisation,
    Partner,
    Person,
    SpaceKind,
    TeamSpace,
    Tenant,
)

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

    def space_membership(self, space: TeamSpace) -> tuple[str | None, tuple[str, ...]]:
        """(dynamic rule, explicit members) of a space's group.

        An intra-directorate space follows its directorate: the same dynamic rule (extra named
        members are added to the rule by user principal name) or the same explicit list. An
        adopted space keeps the members it lists.
        """
        members = space.members
        if space.kind is not SpaceKind.INTRA or space.adopt:
            return None, members
        directorate = self.directorates.get(space.directorates[0])
        if directorate is None:
            return None, members
        rule = self.directorate_rule(directorate)
        if rule is None:
            return None, tuple(dict.fromkeys((*directorate.membership.users, *members)))
        if members:
            named = ",".join(json.dumps(upn) for upn in members)
            rule = f"({rule}) -or (user.userPrincipalName -in [{named}])"
        return rule, ()

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


def department_rule(departments: list[str] | tuple[str, ...]) -> str | None:
    """A dynamic membership rule matching users of these departments."""
    if not departments:
        return None
    if len(departments) == 1:
        return f"(user.department -eq {json.dumps(departments[0], ensure_ascii=False)})"
    values = ",".join(json.dumps(d, ensure_ascii=False) for d in departments)
    return f"(user.department -in [{values}])"
