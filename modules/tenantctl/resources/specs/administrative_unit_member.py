"""AdministrativeUnitMember: a group (or user) added to an administrative unit.

Graph: POST /directory/administrativeUnits/{id}/members/$ref (administrativeunit-post-members),
DELETE …/members/{id}/$ref (administrativeunit-delete-members); read in the unit's member list
(administrativeunit-list-members), which every member of one unit shares during drift. Adding a
group brings the group itself into the unit's scope, not its members
(learn.microsoft.com/entra/identity/role-based-access-control/admin-units-members-add). A
unit with dynamic membership takes no members this way (Graph answers 400).
"""

from __future__ import annotations

from urllib.parse import quote

from tenantctl.graph import GraphError
from tenantctl.m365.reads import Read
from tenantctl.resources.context import Context, user_ref
from tenantctl.resources.kind import KindSpec, Props, StrInput, kind_args, prop
from tenantctl.resources.resource import GraphResource
from tenantctl.resources.specs.administrative_unit import PATH
from tenantctl.resources.specs.common import text
from tenantctl.resources.specs.membership import live_ids


@kind_args
class AdministrativeUnitMemberArgs:
    """The unit, and the object id of the group or user it holds."""

    unit_id: StrInput = prop(replace=True, normalise=text)
    member_id: StrInput = prop(replace=True, normalise=text)


def _members(props: Props) -> str:
    return f"{PATH}/{quote(text(props['unit_id']))}/members"


def _ids(id_: str) -> tuple[str, str]:
    unit, _, member = id_.partition("/")
    return unit, member


class AdministrativeUnitMemberOps:
    """Add on create, remove on delete; present while the unit lists the member."""

    async def _holds(self, ctx: Context, unit: str, member: str) -> bool:
        path = _members({"unit_id": unit})
        try:
            return member in await live_ids(ctx, path)
        except GraphError as error:
            if error.status == 404:  # the unit is gone, and its members with it
                return False
            raise

    async def find(self, ctx: Context, props: Props) -> str | None:
        unit, member = text(props["unit_id"]), text(props["member_id"])
        return f"{unit}/{member}" if await self._holds(ctx, unit, member) else None

    async def create(self, ctx: Context, props: Props) -> tuple[str, Props]:
        unit, member = text(props["unit_id"]), text(props["member_id"])
        body = {"@odata.id": user_ref(ctx.base_url, member)}
        await ctx.client.request("POST", f"{_members(props)}/$ref", body, consistent=True)
        return f"{unit}/{member}", {}

    async def read(self, ctx: Context, id_: str, props: Props) -> Props | None:
        unit, member = _ids(id_)
        if not await self._holds(ctx, unit, member):
            return None
        return {"unit_id": unit, "member_id": member}

    async def update(self, ctx: Context, id_: str, olds: Props, news: Props) -> Props:
        return {}

    async def delete(self, ctx: Context, id_: str, props: Props) -> None:
        unit, member = _ids(id_)
        if await self._holds(ctx, unit, member):
            path = _members({"unit_id": unit})
            await ctx.client.delete(f"{path}/{quote(member)}/$ref")


SPEC = KindSpec(
    kind="AdministrativeUnitMember",
    args=AdministrativeUnitMemberArgs,
    ops=AdministrativeUnitMemberOps(),
    permissions=("AdministrativeUnit.ReadWrite.All",),
    # learn.microsoft.com/graph/api/administrativeunit-list-members
    read_calls=(Read(f"{PATH}/{{id}}/members", "AdministrativeUnit.Read.All"),),
    endpoints=(
        f"GET /{PATH}/{{id}}/members",
        f"POST /{PATH}/{{id}}/members/$ref",
        f"DELETE /{PATH}/{{id}}/members/{{id}}/$ref",
    ),
    deletes="removes the object from the unit; the object stays",
    label=lambda props: f"member {props.get('member_id')}",
)


class AdministrativeUnitMember(GraphResource[AdministrativeUnitMemberArgs], spec=SPEC):
    """A group or user held by an administrative unit."""
