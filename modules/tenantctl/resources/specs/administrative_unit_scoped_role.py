"""AdministrativeUnitScopedRole: a user holding a directory role over an administrative unit.

Graph: POST /directory/administrativeUnits/{id}/scopedRoleMembers with `roleId` (the tenant's
directoryRole object id) and `roleMemberInfo.id` (the user)
(administrativeunit-post-scopedrolemembers), GET and DELETE …/scopedRoleMembers/{id}
(administrativeunit-get-scopedrolemembers, -delete-scopedrolemembers). The role is given by
its well-known template id (`tenantctl.m365.roles`), whose directoryRole is found by
`roleTemplateId` (directoryrole-list), or by that directoryRole's own id (directoryrole-get;
what pulumi-azuread's state holds). Only a role already activated in the tenant is listed:
Graph v1.0 activates a role by POST /directoryRoles (directoryrole-post-directoryroles), which
the toolkit leaves to the tenant's administrators. A membership cannot be changed: any change
replaces it.
"""

from __future__ import annotations

from urllib.parse import quote

from tenantctl.graph import GraphError
from tenantctl.m365.reads import Read
from tenantctl.m365.roles import BY_TEMPLATE
from tenantctl.resources.context import Context
from tenantctl.resources.kind import KindSpec, Props, StrInput, kind_args, prop
from tenantctl.resources.resource import GraphResource, IdOutput
from tenantctl.resources.specs.administrative_unit import PATH
from tenantctl.resources.specs.common import lower, odata_quote, text

ROLES = "directoryRoles"


@kind_args
class AdministrativeUnitScopedRoleArgs:
    """The unit, the role (its template id, or its directoryRole's id), and the user (UPN or
    id) who holds it over the unit."""

    unit_id: StrInput = prop(replace=True, normalise=text)
    role: StrInput = prop(replace=True, normalise=lower)
    user: StrInput = prop(replace=True, normalise=lower)


def _scoped(props: Props) -> str:
    return f"{PATH}/{quote(text(props['unit_id']))}/scopedRoleMembers"


class AdministrativeUnitScopedRoleOps:
    """Memberships addressed by their id; found again by role and user."""

    async def _role_id(self, ctx: Context, role_: str) -> str:
        params = {"$filter": f"roleTemplateId eq '{odata_quote(role_)}'"}
        found = await ctx.client.list_all(ROLES, params=params)
        if not found and await ctx.client.find(f"{ROLES}/{quote(role_)}") is not None:
            return role_
        if not found:
            role = BY_TEMPLATE.get(role_)
            name = role.name if role else role_
            raise GraphError(
                "GET",
                ROLES,
                404,
                "roleNotActivated",
                f"the role {name} is not activated in the tenant: activate it (Entra admin "
                "centre, Roles, or POST /directoryRoles) and run again",
            )
        return str(found[0]["id"])

    async def _ids(self, ctx: Context, props: Props) -> tuple[str, str]:
        user = lower(props["user"])
        role_id = await self._role_id(ctx, lower(props["role"]))
        return role_id, (await ctx.user_ids([user]))[user]

    async def find(self, ctx: Context, props: Props) -> str | None:
        role_id, user_id = await self._ids(ctx, props)
        held = await ctx.client.list_all(_scoped(props), consistent=True)
        return next(
            (
                str(m["id"])
                for m in held
                if m.get("roleId") == role_id
                and (m.get("roleMemberInfo") or {}).get("id") == user_id
            ),
            None,
        )

    async def create(self, ctx: Context, props: Props) -> tuple[str, Props]:
        role_id, user_id = await self._ids(ctx, props)
        body = {"roleId": role_id, "roleMemberInfo": {"id": user_id}}
        made = await ctx.client.request("POST", _scoped(props), body, consistent=True)
        return str(made.body["id"]), {"membership_id": made.body["id"]}

    async def read(self, ctx: Context, id_: str, props: Props) -> Props | None:
        held = await ctx.client.find(f"{_scoped(props)}/{quote(id_)}")
        if held is None:
            return None
        member = str((held.get("roleMemberInfo") or {}).get("id"))
        (user,) = await ctx.as_given([member], [lower(props.get("user"))])
        return {
            "unit_id": props.get("unit_id"),
            "role": props.get("role"),
            "user": user,
            "membership_id": id_,
        }

    async def update(self, ctx: Context, id_: str, olds: Props, news: Props) -> Props:
        return {}

    async def delete(self, ctx: Context, id_: str, props: Props) -> None:
        await ctx.client.delete(f"{_scoped(props)}/{quote(id_)}")


def _label(props: Props) -> str:
    role = BY_TEMPLATE.get(lower(props.get("role")))
    return f"{role.name if role else props.get('role')} {props.get('user')!r}"


SPEC = KindSpec(
    kind="AdministrativeUnitScopedRole",
    args=AdministrativeUnitScopedRoleArgs,
    ops=AdministrativeUnitScopedRoleOps(),
    permissions=("RoleManagement.ReadWrite.Directory", "User.Read.All"),
    # learn.microsoft.com/graph/api/administrativeunit-get-scopedrolemembers, user-get
    read_calls=(
        Read(f"{PATH}/{{id}}/scopedRoleMembers", "RoleManagement.Read.Directory"),
        Read("users", "User.Read.All"),
    ),
    endpoints=(
        f"GET /{ROLES}",
        f"GET /{ROLES}/{{id}}",
        f"POST /{PATH}/{{id}}/scopedRoleMembers",
        f"DELETE /{PATH}/{{id}}/scopedRoleMembers/{{id}}",
    ),
    deletes="takes the role over the unit from the user",
    outputs=("membership_id",),
    label=_label,
)


class AdministrativeUnitScopedRole(GraphResource[AdministrativeUnitScopedRoleArgs], spec=SPEC):
    """A user holding a directory role over an administrative unit."""

    membership_id = IdOutput()
