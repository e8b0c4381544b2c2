"""An organisation's administrative unit and its scoped administrators, read back.

The unit of an organisation is the dynamic one whose rule is the organisation's companyName
rule (`members: users`), else an assigned one holding only the organisation's directorates'
agents groups (`members: directorates`); any other unit is not the description's. Its scoped
role members (administrativeunit-list-scopedrolemembers) are named by role (their directoryRole's
`roleTemplateId`, `tenantctl.m365.roles`) and agent; a member the model cannot name (a guest,
a group, a role that cannot be scoped) is left out with its reason.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from tenantctl.export.directory import People, Unresolved
from tenantctl.export.kinds import AGENTS, group_kind
from tenantctl.export.reader import CollaborationSnapshot
from tenantctl.m365.roles import BY_TEMPLATE
from tenantctl.model.derive import company_rule
from tenantctl.model.schema import Administration, Organisation, ScopedRole, UnitMembers
from tenantctl.resources.specs.common import text

Leave = Callable[[str, str], None]
"""Records what was left out: the object's id, and why."""


def _agents_groups(snap: CollaborationSnapshot, org: Organisation) -> set[str]:
    return {
        str(g["id"])
        for g in snap.groups
        if group_kind(g) == "directorates"
        and (m := AGENTS.match(g["mailNickname"]))
        and m["prefix"].upper() == org.prefix
    }


def _unit_of(
    snap: CollaborationSnapshot, org: Organisation
) -> tuple[dict[str, Any], UnitMembers] | None:
    rule = company_rule(org)
    groups = _agents_groups(snap, org)
    for unit in snap.units:
        if text(unit.get("membershipType")).lower() == "dynamic":
            if text(unit.get("membershipRule")) == rule:
                return unit, UnitMembers.USERS
        elif unit.get("members") and set(unit["members"]) <= groups:
            return unit, UnitMembers.DIRECTORATES
    return None


def _roles(
    snap: CollaborationSnapshot, unit: dict[str, Any], people: People, leave: Leave
) -> tuple[ScopedRole, ...]:
    templates = {str(r["id"]): str(r.get("roleTemplateId")) for r in snap.roles}
    held: dict[str, list[str]] = {}
    for scoped in unit.get("scopedRoleMembers") or ():
        role = BY_TEMPLATE.get(templates.get(str(scoped.get("roleId")), ""))
        user_id = str((scoped.get("roleMemberInfo") or {}).get("id"))
        if role is None or not role.scopable:
            leave(str(scoped.get("id")), f"role {scoped.get('roleId')} is no role of the model")
            continue
        if people.is_guest(user_id):
            leave(str(scoped.get("id")), f"{role.name} is held by a guest")
            continue
        try:
            held.setdefault(role.name, []).append(people.agent(user_id).upn)
        except Unresolved as problem:
            leave(str(scoped.get("id")), f"{role.name}: {problem}")
    return tuple(ScopedRole(role=name, people=tuple(upns)) for name, upns in held.items())


def administration_of(
    snap: CollaborationSnapshot, org: Organisation, people: People, leave: Leave
) -> Administration | None:
    """The organisation's unit and administrators, or None when it has no unit."""
    found = _unit_of(snap, org)
    if found is None:
        return None
    unit, members = found
    name = text(unit.get("displayName"))
    try:
        return Administration(
            unit_name=None if name == org.display_name else name,
            description=text(unit.get("description")),
            members=members,
            hidden=text(unit.get("visibility")) == "HiddenMembership",
            roles=_roles(snap, unit, people, leave),
            adopt=str(unit["id"]),
        )
    except ValidationError as problem:
        leave(str(unit["id"]), str(problem.errors()[0]["msg"]))
        return None
