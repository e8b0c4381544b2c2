"""Channel: a standard, private or shared channel of a team, with its owners and members.

Graph: POST/GET/PATCH/DELETE /teams/{id}/channels, /teams/{id}/channels/{id}/members
(learn.microsoft.com/graph/api/channel-post, channel-patch, channel-post-members,
channel-delete). Found again by display name within the team.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

import pulumi

from tenantctl.graph import BatchItem, GraphError
from tenantctl.m365 import limits, reads
from tenantctl.m365.names import channel_name_problem
from tenantctl.m365.reads import Read
from tenantctl.resources.context import Context
from tenantctl.resources.kind import (
    Failure,
    KindSpec,
    Props,
    StrInput,
    Users,
    is_known,
    kind_args,
    prop,
    props_of,
)
from tenantctl.resources.resource import GraphResource, IdOutput
from tenantctl.resources.specs.common import Collection, lower, max_length, one_of, text, users
from tenantctl.resources.specs.conversation import member_body, role_of


@kind_args
class ChannelArgs:
    """A channel of a team: `membership_type` is standard, private or shared.

    Private and shared channels need at least one owner. Changing the team or the membership
    type replaces the channel; the name, description, owners and members update in place.
    """

    team_id: StrInput = prop(replace=True, normalise=text)
    display_name: StrInput = prop("displayName", normalise=text)
    description: StrInput = prop("description", default="", normalise=text)
    membership_type: StrInput = prop(
        "membershipType", default="standard", replace=True, normalise=lower
    )
    owners: Users = prop(default=(), normalise=users)
    members: Users = prop(default=(), normalise=users)
    adopt_id: pulumi.Input[str] | None = prop(default=None, diffed=False)


def _has_roster(props: Props) -> bool:
    return lower(props.get("membership_type")) in ("private", "shared")


def _check_name(props: Props) -> Iterable[Failure]:
    name = props.get("display_name")
    if is_known(name) and (problem := channel_name_problem(text(name))):
        yield "display_name", problem


def _check_roster(props: Props) -> Iterable[Failure]:
    kind = lower(props.get("membership_type"))
    if not is_known(props.get("owners")):
        return
    if _has_roster(props) and not props.get("owners"):
        yield "owners", f"is empty; a {kind} channel needs at least one owner"
    if kind == "standard" and (props.get("owners") or props.get("members")):
        yield "owners", "are given for a standard channel, which has the team's members"
    most = limits.CHANNEL_MEMBERS_MAX.get(kind)
    people = len({*users(props.get("owners")), *users(props.get("members"))})
    if most is not None and is_known(props.get("members")) and people > most:
        yield "members", f"and owners name {people:,} people; a {kind} channel has at most {most:,}"


def _path(props: Props) -> str:
    return f"teams/{text(props['team_id'])}/channels"


class ChannelOps(Collection):
    """Channels: collection CRUD, plus the roster of private and shared channels."""

    async def _roster(self, ctx: Context, props: Props) -> list[dict[str, Any]]:
        ids = await ctx.user_ids([*props["owners"], *props["members"]])
        owners = {ids[user] for user in props["owners"]}
        members = {ids[user] for user in props["members"]} - owners
        return [member_body(ctx.base_url, u, "owner") for u in sorted(owners)] + [
            member_body(ctx.base_url, u, "member") for u in sorted(members)
        ]

    async def extra(self, ctx: Context, props: Props) -> dict[str, Any]:
        """Private and shared channels are created with their owners and members."""
        return {"members": await self._roster(ctx, props)} if _has_roster(props) else {}

    async def fetch(self, ctx: Context, id_: str, props: Props) -> dict[str, Any] | None:
        channel = await ctx.client.find(reads.CHANNEL.url(text(props["team_id"]), id_))
        return None if channel is None else dict(channel)

    async def read(self, ctx: Context, id_: str, props: Props) -> Props | None:
        live = await super().read(ctx, id_, props)
        if live is None or not _has_roster(live):
            return live
        roster = await ctx.client.list_all(f"{_path(props)}/{quote(id_)}/members")
        for role, name in (("owner", "owners"), ("member", "members")):
            ids = [str(m["userId"]) for m in roster if role_of(m) == role and m.get("userId")]
            live[name] = await ctx.as_given(ids, props.get(name) or ())
        return live

    async def update(self, ctx: Context, id_: str, olds: Props, news: Props) -> Props:
        await super().update(ctx, id_, olds, news)
        if _has_roster(news):
            await self._sync_roster(ctx, f"{_path(news)}/{quote(id_)}/members", news)
        return {}

    async def _sync_roster(self, ctx: Context, path: str, props: Props) -> None:
        """Add, re-role and remove conversation members so the roster matches `props`."""
        wanted = {m["user@odata.bind"]: m for m in await self._roster(ctx, props)}
        present = {str(m["userId"]): m for m in await ctx.client.list_all(path) if m.get("userId")}
        items: list[BatchItem] = []
        for n, (bind, body) in enumerate(sorted(wanted.items())):
            user_id = bind.rsplit("'", 2)[-2]
            current = present.pop(user_id, None)
            if current is None:
                items.append(BatchItem(f"add-{n}", "POST", path, body))
            elif role_of(current) != role_of(body):
                patch = {"@odata.type": body["@odata.type"], "roles": body["roles"]}
                items.append(BatchItem(f"role-{n}", "PATCH", f"{path}/{current['id']}", patch))
        items += [
            BatchItem(f"remove-{n}", "DELETE", f"{path}/{member['id']}")
            for n, member in enumerate(present.values())
        ]
        for result in (await ctx.client.batch(items)).values() if items else ():
            if result.status >= 400:
                raise GraphError.from_body("POST", path, result.status, result.body)


SPEC = KindSpec(
    kind="Channel",
    args=ChannelArgs,
    ops=ChannelOps(
        props_of(ChannelArgs),
        path=_path,
        find_by="display_name",
        outputs=lambda item: {"channel_id": item.get("id"), "web_url": item.get("webUrl")},
    ),
    permissions=(
        "Channel.Create",
        "ChannelSettings.ReadWrite.All",
        "ChannelMember.ReadWrite.All",
        "Channel.Delete.All",
        "User.Read.All",
    ),
    # learn.microsoft.com/graph/api/channel-get, channel-list-members, user-get
    read_calls=(
        reads.CHANNEL,
        reads.CHANNELS,
        Read("teams/{id}/channels/{id}/members", "ChannelMember.Read.All"),
        Read("users", "User.Read.All"),
    ),
    endpoints=(
        "POST /teams/{id}/channels",
        "PATCH /teams/{id}/channels/{id}",
        "POST /teams/{id}/channels/{id}/members",
        "DELETE /teams/{id}/channels/{id}",
    ),
    deletes="deletes the channel (Teams keeps it restorable for 30 days)",
    outputs=("channel_id", "web_url"),
    validators=(
        _check_name,
        max_length("description", limits.DESCRIPTION_MAX),
        one_of("membership_type", ("standard", "private", "shared")),
        _check_roster,
    ),
    label=lambda props: repr(text(props.get("display_name"))),
)


class Channel(GraphResource[ChannelArgs], spec=SPEC):
    """A standard, private or shared channel of a team."""

    channel_id = IdOutput()
    web_url: pulumi.Output[str]
