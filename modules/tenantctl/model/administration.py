"""Rules for delegated administration: each organisation's administrative unit and the people
who hold a role over it (`organisations[].administration`).

Only some built-in roles can be assigned over an administrative unit
(learn.microsoft.com/entra/identity/role-based-access-control/admin-units-assign-roles); a
scoped role is held by a user of the tenant, never a guest: a guest administering an
organisation's people is what the unit exists to prevent. A unit of directorates' groups
needs directorates to hold.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from tenantctl.m365.roles import SCOPABLE, closest_role, role_named
from tenantctl.model.errors import Finding
from tenantctl.model.schema import Organisation, UnitMembers

if TYPE_CHECKING:
    from tenantctl.model.rules import RuleContext

ROLES = ("administration", "roles")


def scoped_roles_are_known_and_scopable(ctx: RuleContext) -> Iterator[Finding]:
    for org in ctx.tenant.organisations:
        for position, held in enumerate(org.administration.roles if org.administration else ()):
            role = role_named(held.role)
            where = (*ROLES, position, "role")
            if role is None:
                close = closest_role(held.role)
                hint = f"did you mean '{close}'? " if close else ""
                yield ctx.error(
                    "organisations",
                    org.key,
                    where,
                    f"unknown role '{held.role}'",
                    f"{hint}name a built-in role by its display name: {', '.join(SCOPABLE)}",
                )
            elif not role.scopable:
                yield ctx.error(
                    "organisations",
                    org.key,
                    where,
                    f"'{role.name}' cannot be assigned over an administrative unit",
                    f"use one that can ({', '.join(SCOPABLE)}), or assign it tenant-wide "
                    "outside the description",
                )


def scoped_administrators_are_people(ctx: RuleContext) -> Iterator[Finding]:
    for org in ctx.tenant.organisations:
        seen: set[tuple[str, str]] = set()
        for position, held in enumerate(org.administration.roles if org.administration else ()):
            for person, upn in enumerate(held.people):
                where = (*ROLES, position, "people", person)
                partner = ctx.index.partner_guests.get(upn.lower())
                if partner is not None:
                    yield ctx.error(
                        "organisations",
                        org.key,
                        where,
                        f"'{upn}' is a guest of partner '{partner}'; a guest cannot administer "
                        "the organisation's unit",
                        "name one of the organisation's people (under 'people')",
                    )
                elif ctx.missing("people", upn):
                    yield ctx.error(
                        "organisations",
                        org.key,
                        where,
                        f"unknown person '{upn}'",
                        "add them to 'people', or correct the address",
                    )
                role = role_named(held.role)
                key = ((role.name if role else held.role).lower(), upn.lower())
                if key in seen:
                    yield ctx.error(
                        "organisations",
                        org.key,
                        where,
                        f"'{upn}' holds '{held.role}' over this unit twice",
                        "list each person once per role",
                    )
                seen.add(key)


def units_of_directorates_have_directorates(ctx: RuleContext) -> Iterator[Finding]:
    for org in ctx.tenant.organisations:
        admin = org.administration
        if admin and admin.members is UnitMembers.DIRECTORATES and not _directorates(ctx, org):
            yield ctx.error(
                "organisations",
                org.key,
                ("administration", "members"),
                "the unit holds the organisation's directorates' groups, and it has none",
                "define its directorates, or use 'members: users'",
            )


def _directorates(ctx: RuleContext, org: Organisation) -> list[str]:
    return [d.code for d in ctx.tenant.directorates if d.organisation == org.key]
