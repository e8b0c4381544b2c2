"""TeamMember: one owner or member of a team.

Graph: POST/GET/PATCH/DELETE /teams/{id}/members (learn.microsoft.com/graph/api/
team-post-members, team-update-members, team-delete-members). Found again by user id.
"""

from __future__ import annotations

from urllib.parse import quote

import pulumi

from tenantctl.m365.reads import Read
from tenantctl.resources.context import Context
from tenantctl.resources.kind import (
    KindSpec,
    Props,
    StrInput,
    kind_args,
    prop,
)
from tenantctl.resources.resource import GraphResource, IdOutput
from tenantctl.resources.specs.common import lower, one_of, text
from tenantctl.resources.specs.conversation import MEMBER_TYPE, member_body, role_of


def _role(value: object) -> str:
    """owner or member: Graph reports a guest user's membership with the role `guest`,
    which is what `member` is for a guest."""
    role = lower(value)
    return "member" if role == "guest" else role


@kind_args
class TeamMemberArgs:
    """One member of a team, with role `owner` or `member`."""

    team_id: StrInput = prop(replace=True, normalise=text)
    user: StrInput = prop(replace=True, normalise=lower)
    role: StrInput = prop(default="member", normalise=_role)
    adopt_id: pulumi.Input[str] | None = prop(default=None, diffed=False)


def _path(props: Props) -> str:
    return f"teams/{text(props['team_id'])}/members"


class TeamMemberOps:
    """Conversation members of a team, addressed by membership id."""

    async def _user_id(self, ctx: Context, props: Props) -> str:
        user = lower(props["user"])
        return (await ctx.user_ids([user]))[user]

    async def find(self, ctx: Context, props: Props) -> str | None:
        user_id = await self._user_id(ctx, props)
        members = await ctx.client.list_all(_path(props), consistent=True)
        return next((str(m["id"]) for m in members if m.get("userId") == user_id), None)

    async def create(self, ctx: Context, props: Props) -> tuple[str, Props]:
        user_id = await self._user_id(ctx, props)
        body = member_body(ctx.base_url, user_id, lower(props["role"]))
        member = await ctx.client.request("POST", _path(props), body, consistent=True)
        return str(member.body["id"]), {"membership_id": member.body["id"], "user_id": user_id}

    async def read(self, ctx: Context, id_: str, props: Props) -> Props | None:
        member = await ctx.client.find(f"{_path(props)}/{quote(id_)}")
        if member is None:
            return None
        user = await ctx.as_given([str(member.get("userId"))], [lower(props.get("user"))])
        return {
            "user": user[0],
            "role": role_of(member),
            "membership_id": id_,
            "user_id": member.get("userId"),
        }

    async def update(self, ctx: Context, id_: str, olds: Props, news: Props) -> Props:
        if _role(olds.get("role")) != _role(news["role"]):
            roles = ["owner"] if _role(news["role"]) == "owner" else []
            body = {"@odata.type": MEMBER_TYPE, "roles": roles}
            await ctx.client.request("PATCH", f"{_path(news)}/{quote(id_)}", body, consistent=True)
        return {}

    async def delete(self, ctx: Context, id_: str, props: Props) -> None:
        await ctx.client.delete(f"{_path(props)}/{quote(id_)}")


SPEC = KindSpec(
    kind="TeamMember",
    args=TeamMemberArgs,
    ops=TeamMemberOps(),
    permissions=("TeamMember.ReadWrite.All", "User.Read.All"),
    # learn.microsoft.com/graph/api/conversationmember-get, user-get
    read_calls=(Read("teams/{id}/members", "TeamMember.Read.All"), Read("users", "User.Read.All")),
    endpoints=(
        "POST /teams/{id}/members",
        "PATCH /teams/{id}/members/{id}",
        "DELETE /teams/{id}/members/{id}",
    ),
    deletes="removes the user from the team",
    outputs=("membership_id", "user_id"),
    validators=(one_of("role", ("owner", "member")),),
    label=lambda props: repr(text(props.get("user"))),
)


class TeamMember(GraphResource[TeamMemberArgs], spec=SPEC):
    """One owner or member of a team."""

    membership_id = IdOutput()
    user_id: pulumi.Output[str]
