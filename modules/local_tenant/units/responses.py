"""Administrative unit and directory role handlers."""

from __future__ import annotations

from local_tenant.odata import listing
from local_tenant.protocol import Response, entity, no_content
from local_tenant.router import Call
from local_tenant.storage import public
from local_tenant.units.host import UnitsHost

UNITS = "directory/administrativeUnits"


def list_units(call: Call[UnitsHost]) -> Response:
    return Response(200, listing(call.request, f"/{UNITS}", UNITS, call.tenant.units.units()))


def create_unit(call: Call[UnitsHost]) -> Response:
    doc = call.tenant.units.create(call.request.json())
    return entity(call.request, UNITS, public(doc), status=201)


def get_unit(call: Call[UnitsHost]) -> Response:
    return entity(call.request, UNITS, public(call.tenant.units.unit(call.param("id"))))


def update_unit(call: Call[UnitsHost]) -> Response:
    call.tenant.units.update(call.param("id"), call.request.json())
    return no_content()


def delete_unit(call: Call[UnitsHost]) -> Response:
    call.tenant.units.delete(call.param("id"))
    return no_content()


def list_members(call: Call[UnitsHost]) -> Response:
    directory = call.tenant.directory
    ids = call.tenant.units.member_ids(call.param("id"))
    items = [directory.render_object(i) for i in ids]
    return Response(
        200,
        listing(call.request, f"/{UNITS}/{call.param('id')}/members", "directoryObjects", items),
    )


def add_member(call: Call[UnitsHost]) -> Response:
    call.tenant.units.add_member(call.param("id"), call.request.json())
    return no_content()


def remove_member(call: Call[UnitsHost]) -> Response:
    call.tenant.units.remove_member(call.param("id"), call.param("member"))
    return no_content()


def _scoped_context(call: Call[UnitsHost]) -> str:
    return f"{UNITS}('{call.param('id')}')/scopedRoleMembers"


def list_scoped(call: Call[UnitsHost]) -> Response:
    items = call.tenant.units.scoped_members(call.param("id"))
    path = f"/{UNITS}/{call.param('id')}/scopedRoleMembers"
    return Response(200, listing(call.request, path, _scoped_context(call), items))


def add_scoped(call: Call[UnitsHost]) -> Response:
    doc = call.tenant.units.add_scoped_member(call.param("id"), call.request.json())
    return entity(call.request, _scoped_context(call), public(doc), status=201)


def get_scoped(call: Call[UnitsHost]) -> Response:
    doc = call.tenant.units.scoped_member(call.param("id"), call.param("membership"))
    return entity(call.request, _scoped_context(call), public(doc))


def remove_scoped(call: Call[UnitsHost]) -> Response:
    call.tenant.units.remove_scoped_member(call.param("id"), call.param("membership"))
    return no_content()


def list_directory_roles(call: Call[UnitsHost]) -> Response:
    return Response(
        200,
        listing(
            call.request, "/directoryRoles", "directoryRoles", call.tenant.roles.directory_roles()
        ),
    )


def get_directory_role(call: Call[UnitsHost]) -> Response:
    return entity(
        call.request, "directoryRoles", call.tenant.roles.directory_role(call.param("id"))
    )


DEFINITIONS = "roleManagement/directory/roleDefinitions"


def list_definitions(call: Call[UnitsHost]) -> Response:
    return Response(
        200, listing(call.request, f"/{DEFINITIONS}", DEFINITIONS, call.tenant.roles.definitions())
    )


def get_definition(call: Call[UnitsHost]) -> Response:
    return entity(call.request, DEFINITIONS, call.tenant.roles.definition(call.param("id")))
