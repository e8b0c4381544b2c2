"""Administrative unit and directory role routes (their permissions:
`local_tenant.permissions.ROUTES`)."""

from __future__ import annotations

from local_tenant.router import Route, RouteSet
from local_tenant.units import responses as r

UNITS = "/directory/administrativeUnits"
UNIT = f"{UNITS}/{{id}}"


def routes() -> list[Route]:
    s = RouteSet("directory")
    add = s.add
    add("GET", UNITS, r.list_units, name="administrativeUnits.list")
    add("POST", UNITS, r.create_unit, name="administrativeUnits.create")
    add("GET", UNIT, r.get_unit, name="administrativeUnits.get")
    add("PATCH", UNIT, r.update_unit, name="administrativeUnits.update")
    add("DELETE", UNIT, r.delete_unit, name="administrativeUnits.delete")
    add("GET", f"{UNIT}/members", r.list_members, name="administrativeUnits.members")
    add("POST", f"{UNIT}/members/$ref", r.add_member, name="administrativeUnits.members.add")
    add(
        "DELETE",
        f"{UNIT}/members/{{member}}/$ref",
        r.remove_member,
        name="administrativeUnits.members.remove",
    )
    scoped = f"{UNIT}/scopedRoleMembers"
    add("GET", scoped, r.list_scoped, name="administrativeUnits.scopedRoleMembers.list")
    add("POST", scoped, r.add_scoped, name="administrativeUnits.scopedRoleMembers.add")
    add(
        "GET",
        f"{scoped}/{{membership}}",
        r.get_scoped,
        name="administrativeUnits.scopedRoleMembers.get",
    )
    add(
        "DELETE",
        f"{scoped}/{{membership}}",
        r.remove_scoped,
        name="administrativeUnits.scopedRoleMembers.delete",
    )
    add("GET", "/directoryRoles", r.list_directory_roles, name="directoryRoles.list")
    add("GET", "/directoryRoles/{id}", r.get_directory_role, name="directoryRoles.get")
    definitions = "/roleManagement/directory/roleDefinitions"
    add("GET", definitions, r.list_definitions, name="roleDefinitions.list")
    add("GET", f"{definitions}/{{id}}", r.get_definition, name="roleDefinitions.get")
    return s.routes
