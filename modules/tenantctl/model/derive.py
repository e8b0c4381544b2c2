"""Values derived from the model that rules, components and reports all need, in one place."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from tenantctl.m365.skus import gives_mailbox
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
DEPARTMENT_LIST = re.compile(
    r'^user\.department\s+-(?:eq\s+(?P<one>"(?:[^"\\]|\\.)*")|in\s+(?P<many>\[.*\]))$',
    re.IGNORECASE | re.DOTALL,
)
"""A rule that only lists departments (`user.department -eq "x"` or `-in [...]`)."""
MIGRATION_DONE = datetime.date.max
"""A planning date after every wave: the licences as they stand once the migration is over."""
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

    def licence_users(self, group: LicenceGroup) -> tuple[str, ...]:
        """The users a group names, directly or as members of its explicitly listed
        directorates, less excluded users, whatever their wave."""
        users = list(group.users)
        for code in group.directorates:
            directorate = self.directorates.get(code)
            if directorate:
                users.extend(directorate.membership.users)
        excluded = {upn.lower() for upn in group.exclude}
        return tuple(upn for upn in dict.fromkeys(users) if upn.lower() not in excluded)

    def directorate_size(self, code: str) -> int:
        """A directorate's agents: its listed members, else its headcount, else the people the
        description places in it."""
        directorate = self.directorates.get(code)
        if directorate is None:
            return 0
        if directorate.membership.users:
            return len(directorate.membership.users)
        if directorate.headcount is not None:
            return directorate.headcount
        return sum(1 for p in self.tenant.people if p.directorate == code)

    def wave_agents(self, wave: MigrationWave) -> int:
        """The agents a wave moves: its directorates' (`directorate_size`) less those named in
        another wave, and the people it names from other directorates."""
        count = sum(self.directorate_size(code) for code in wave.directorates)
        for upn, named in self.named_movers.items():
            code = self._directorate_of(upn)
            if named.key != wave.key and code in wave.directorates:
                count -= 1
            elif named.key == wave.key and code not in wave.directorates:
                count += 1
        return max(count, 0)

    def has_moved(self, wave: MigrationWave | None, today: datetime.date) -> bool:
        """Whether a wave has come on `today` (on its date it has); no wave is taken as moved."""
        return wave is None or wave.date <= today

    def waiting_directorates(self, today: datetime.date) -> tuple[str, ...]:
        """Codes of the directorates whose wave is still to come on `today`."""
        return tuple(
            code for code, wave in self.directorate_waves.items() if not self.has_moved(wave, today)
        )

    def follows_waves(self, group: LicenceGroup) -> bool:
        """Whether a licence group's members follow the waves: the stack declares waves and
        the group's licence gives a mailbox (a group with no Exchange plan is unaffected)."""
        return bool(self.tenant.waves) and gives_mailbox(group.sku, group.disabled_plans)

    def licence_membership(
        self, group: LicenceGroup, today: datetime.date
    ) -> tuple[str | None, tuple[str, ...]]:
        """(dynamic rule, explicit members) of a licence group on the planning date `today`.

        The rule is the group's directorates' departments or its own rule, less its excluded
        users, or the users it names (`user.userPrincipalName -in`). A group whose licence gives
        a mailbox (`follows_waves`) covers an agent from their wave's date only
        (`wave_of`; learn.microsoft.com/graph/api/group-assignlicense): the departments of
        directorates still waiting are left out (from a rule that only lists departments, or
        by `user.department -notIn` after any other rule), people named in a wave that has come
        are added by name, and people named in a later wave than their directorate's are left
        out by name (`-notIn`).
        """
        gated = self.follows_waves(group)
        waiting = set(self.waiting_directorates(today)) if gated else set()
        closed = [dep for code in sorted(waiting) for dep in self._departments(code)]
        named = [(upn, self._directorate_of(upn)) for upn in group.users]
        departments: list[str] = []
        for code in group.directorates:
            directorate = self.directorates.get(code)
            if directorate is None:
                continue
            named.extend((upn, code) for upn in directorate.membership.users)
            if code not in waiting:
                departments.extend(directorate.membership.departments)
        free = group.rule
        listed = listed_departments(free) if free and closed else None
        if listed is not None:
            shut = {dep.casefold() for dep in closed}
            departments.extend(dep for dep in listed if dep.casefold() not in shut)
            free = None
        elif free and closed:
            free = f"({free}) -and (user.department -notIn [{_quoted(closed)}])"
        early = self._early_movers(today) if gated else {}
        within = set(group.directorates)
        named.extend((upn, code) for upn, code in early.items() if code in within)
        parts = [department_rule(departments), free]
        beyond = [upn for upn, code in early.items() if code not in within]
        if group.rule and beyond:
            parts.append(f"({group.rule}) -and (user.userPrincipalName -in [{_quoted(beyond)}])")
        found = [p for p in parts if p]
        rule = None
        if found:
            rule = found[0] if len(found) == 1 else " -or ".join(f"({p})" for p in found)
            late = [
                upn
                for upn, code in self._late_movers(today).items()
                if code in within or group.rule
            ]
            left_out = list(dict.fromkeys((*group.exclude, *late))) if gated else group.exclude
            if left_out:
                rule = f"({rule}) -and (user.userPrincipalName -notIn [{_quoted(left_out)}])"
        excluded = {upn.lower() for upn in group.exclude}
        users = tuple(
            dict.fromkeys(
                upn
                for upn, code in named
                if upn.lower() not in excluded
                and (not gated or self.has_moved(self.wave_of(upn, code), today))
            )
        )
        if rule and users:
            return f"({rule}) -or (user.userPrincipalName -in [{_quoted(users)}])", ()
        return rule, () if rule else users

    def _departments(self, code: str) -> tuple[str, ...]:
        directorate = self.directorates.get(code)
        return directorate.membership.departments if directorate else ()

    def _directorate_of(self, upn: str) -> str | None:
        person = self.people.get(upn.lower())
        return person.directorate if person else None

    def _early_movers(self, today: datetime.date) -> dict[str, str]:
        """People named in a wave that has come whose directorate's wave has not: UPN → code."""
        waiting = set(self.waiting_directorates(today))
        return {
            upn: code
            for upn, code in self._named_people()
            if code in waiting and self.has_moved(self.named_movers[upn.lower()], today)
        }

    def _late_movers(self, today: datetime.date) -> dict[str, str]:
        """People named in a wave still to come whose directorate has moved: UPN → code."""
        waiting = set(self.waiting_directorates(today))
        return {
            upn: code
            for upn, code in self._named_people()
            if code not in waiting and not self.has_moved(self.named_movers[upn.lower()], today)
        }

    def _named_people(self) -> Iterable[tuple[str, str]]:
        for wave in self.tenant.waves:
            for upn in wave.people:
                code = self._directorate_of(upn)
                if code is not None:
                    yield upn, code


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


def unit_name(org: Organisation) -> str:
    """The display name of an organisation's administrative unit."""
    admin = org.administration
    return (admin.unit_name if admin else None) or org.display_name


def company_rule(org: Organisation) -> str:
    """A dynamic membership rule matching the organisation's users by their companyName."""
    return f"(user.companyName -eq {json.dumps(org.company_name, ensure_ascii=False)})"


def department_rule(departments: list[str] | tuple[str, ...]) -> str | None:
    """A dynamic membership rule matching users of these departments."""
    if not departments:
        return None
    if len(departments) == 1:
        return f"(user.department -eq {json.dumps(departments[0], ensure_ascii=False)})"
    values = ",".join(json.dumps(d, ensure_ascii=False) for d in departments)
    return f"(user.department -in [{values}])"


def _quoted(values: Iterable[str]) -> str:
    """Values as a rule's list items, quoted."""
    return ",".join(json.dumps(v, ensure_ascii=False) for v in values)


def listed_departments(rule: str) -> list[str] | None:
    """The departments a rule lists when it only lists departments, else None."""
    text = rule.strip()
    while text.startswith("(") and text.endswith(")") and _balanced(text[1:-1]):
        text = text[1:-1].strip()
    found = DEPARTMENT_LIST.match(text)
    if found is None:
        return None
    try:
        values = json.loads(found["many"] or f"[{found['one']}]")
    except json.JSONDecodeError:
        return None
    return [str(v) for v in values] if all(isinstance(v, str) for v in values) else None


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0
