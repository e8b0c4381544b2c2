"""Group: a Microsoft 365 (Unified) or security group, static or dynamic.

Graph: POST/GET/PATCH/DELETE /groups, /groups/{id}/owners|members/$ref
(learn.microsoft.com/graph/api/group-post-groups, group-update, group-post-owners,
group-post-members, group-delete). Found again by mailNickname. Its group-based licences
(`assignedLicenses`, group-assignlicense) are the stack's: each is a GroupLicence.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pulumi

from tenantctl.m365 import limits, reads
from tenantctl.m365.names import mail_nickname_problem
from tenantctl.m365.reads import Read
from tenantctl.resources.context import Context, user_ref
from tenantctl.resources.kind import (
    Contents,
    Declared,
    Failure,
    Item,
    KindSpec,
    Prop,
    Props,
    StrInput,
    Users,
    is_known,
    kind_args,
    prop,
    props_of,
)
from tenantctl.resources.resource import GraphResource, IdOutput
from tenantctl.resources.specs.common import (
    Collection,
    lower,
    max_length,
    one_of,
    text,
    users,
)
from tenantctl.resources.specs.group_licence import catalogue
from tenantctl.resources.specs.membership import live_ids, sync_links


def _visibility(value: Any) -> str:
    return lower(value) or "private"


@kind_args
class GroupArgs:
    """A Microsoft 365 (Unified) or security group (groupProvider: graph).

    `membership_rule` makes the group dynamic; `members` is then ignored. Owners and members
    are UPNs or object ids. `retain_on_delete` defaults to True for Unified groups (they carry
    a team, a site and a mailbox) and False for security groups.
    """

    display_name: StrInput = prop("displayName")
    mail_nickname: StrInput = prop("mailNickname", normalise=lower)
    description: StrInput = prop("description", default="", normalise=text)
    kind: StrInput = prop(default="unified", replace=True, normalise=lower)
    visibility: StrInput = prop("visibility", default="private", normalise=_visibility)
    membership_rule: pulumi.Input[str] | None = prop("membershipRule", default=None, normalise=text)
    owners: Users = prop(default=(), normalise=users)
    members: Users = prop(default=(), normalise=users)
    retain_on_delete: pulumi.Input[bool] | None = None
    adopt_id: pulumi.Input[str] | None = prop(default=None, diffed=False)


def _unified(props: Props) -> bool:
    return lower(props.get("kind")) == "unified"


def _dynamic(props: Props) -> bool:
    return bool(text(props.get("membership_rule")))


def _check_nickname(props: Props) -> Iterable[Failure]:
    value = props.get("mail_nickname")
    if is_known(value) and (problem := mail_nickname_problem(text(value))):
        yield "mail_nickname", f"is {value!r}, which {problem}"


def _check_owners(props: Props) -> Iterable[Failure]:
    owners = props.get("owners")
    if is_known(owners) and len(users(owners)) > limits.GROUP_OWNERS_MAX:
        yield (
            "owners",
            f"names {len(users(owners))} people; a group has at most "
            f"{limits.GROUP_OWNERS_MAX} owners",
        )


def _check_members(props: Props) -> Iterable[Failure]:
    if _dynamic(props) and props.get("members"):
        yield "members", "is given for a dynamic group; the membership rule decides members"


class GroupOps(Collection):
    """Groups: the collection CRUD, plus types, owner and member links."""

    async def extra(self, ctx: Context, props: Props) -> dict[str, Any]:
        """Group types, the membership rule's state, and the first owners and members."""
        unified, dynamic = _unified(props), _dynamic(props)
        owners = list((await ctx.user_ids(props["owners"])).values())
        members = [] if dynamic else list((await ctx.user_ids(props["members"])).values())
        body: dict[str, Any] = {
            "mailEnabled": unified,
            "securityEnabled": not unified,
            "groupTypes": (["Unified"] if unified else [])
            + (["DynamicMembership"] if dynamic else []),
        }
        if dynamic:
            body["membershipRuleProcessingState"] = "On"
        # POST /groups binds at most limits.GROUP_CREATE_LINKS_MAX; the rest are linked after.
        bound_owners = owners[: limits.GROUP_CREATE_LINKS_MAX]
        bound_members = members[: limits.GROUP_CREATE_LINKS_MAX - len(bound_owners)]
        if bound_owners:
            body["owners@odata.bind"] = [user_ref(ctx.base_url, u) for u in bound_owners]
        if bound_members:
            body["members@odata.bind"] = [user_ref(ctx.base_url, u) for u in bound_members]
        return body

    def body(self, values: Props) -> dict[str, Any]:
        """Security groups have no visibility; Graph refuses an empty description."""
        body = super().body(values)
        if not _unified(values):
            body.pop("visibility", None)
        if not text(values.get("description")):
            body.pop("description", None)
        return body

    async def create(self, ctx: Context, props: Props) -> tuple[str, Props]:
        id_, outputs = await super().create(ctx, props)
        links = len(props["owners"] or ()) + (0 if _dynamic(props) else len(props["members"] or ()))
        if links > limits.GROUP_CREATE_LINKS_MAX:
            await self._links(ctx, id_, props)
        return id_, outputs

    async def _links(self, ctx: Context, id_: str, props: Props) -> None:
        """Bring owners and (static) members in step; a new group may not have replicated."""
        await sync_links(
            ctx,
            f"groups/{id_}/owners",
            props["owners"],
            await live_ids(ctx, f"groups/{id_}/owners"),
        )
        if not _dynamic(props):
            path = f"groups/{id_}/members"
            await sync_links(ctx, path, props["members"] or (), await live_ids(ctx, path))

    async def fetch(self, ctx: Context, id_: str, props: Props) -> dict[str, Any] | None:
        group = await ctx.client.find(reads.GROUP.url(id_))
        return None if group is None else dict(group)

    async def read(self, ctx: Context, id_: str, props: Props) -> Props | None:
        group = await self.fetch(ctx, id_, props)
        if group is None:
            return None
        live = self.live(group)
        live["kind"] = "unified" if "Unified" in (group.get("groupTypes") or []) else "security"
        owners = await live_ids(ctx, reads.GROUP_OWNERS.url(id_))
        live["owners"] = await ctx.as_given(owners, props.get("owners") or ())
        if not text(live.get("membership_rule")):
            members = await live_ids(ctx, reads.GROUP_MEMBERS.url(id_))
            live["members"] = await ctx.as_given(members, props.get("members") or ())
        return live

    async def update(self, ctx: Context, id_: str, olds: Props, news: Props) -> Props:
        if _dynamic(olds) != _dynamic(news):
            types = (["Unified"] if _unified(news) else []) + (
                ["DynamicMembership"] if _dynamic(news) else []
            )
            state = {"membershipRuleProcessingState": "On"} if _dynamic(news) else {}
            await ctx.client.request("PATCH", f"groups/{id_}", {"groupTypes": types, **state})
        await super().update(ctx, id_, olds, news)
        await self._links(ctx, id_, news)
        return {}


async def _licences_added(ctx: Context, id_: str, props: Props, declared: Declared) -> list[Item]:
    """Licences assigned to the group that the stack does not declare (GroupLicence ids are
    `{groupId}/{skuId}`), named by the tenant's SKUs only when there are some."""
    group = await ctx.client.find(reads.GROUP.url(id_), params={"$select": "assignedLicenses"})
    ids = [f"{id_}/{a.get('skuId')}" for a in (group or {}).get("assignedLicenses") or ()]
    others = [licence for licence in ids if not declared(licence)]
    if not others:
        return []
    skus = await catalogue(ctx)
    return [Item(licence, skus.part_number(licence.split("/", 1)[1])) for licence in others]


def _send(prop: Prop, value: Any) -> Any:
    if prop.name == "visibility":
        return text(value).capitalize()
    return value


SPEC = KindSpec(
    kind="Group",
    args=GroupArgs,
    ops=GroupOps(
        props_of(GroupArgs),
        path=lambda props: "groups",
        find_by="mail_nickname",
        outputs=lambda item: {"object_id": item.get("id"), "mail": item.get("mail")},
        send=_send,
    ),
    permissions=("Group.ReadWrite.All", "User.Read.All"),
    # learn.microsoft.com/graph/api/group-get, group-list-owners, group-list-members,
    # user-get
    read_calls=(
        reads.GROUP,
        reads.GROUP_MEMBERS,
        reads.GROUP_OWNERS,
        Read("groups", "GroupMember.Read.All"),
        reads.USER,
        Read("users", "User.Read.All"),
        reads.SUBSCRIBED_SKUS,
    ),
    endpoints=(
        "POST /groups",
        "PATCH /groups/{id}",
        "POST /groups/{id}/owners/$ref",
        "POST /groups/{id}/members/$ref",
        "DELETE /groups/{id}",
    ),
    deletes="deletes the group (restorable for 30 days); Unified groups are kept by default",
    outputs=("object_id", "mail"),
    validators=(
        max_length("display_name", limits.DISPLAY_NAME_MAX),
        max_length("description", limits.DESCRIPTION_MAX),
        max_length("membership_rule", limits.MEMBERSHIP_RULE_MAX),
        _check_nickname,
        _check_owners,
        one_of("kind", ("unified", "security")),
        one_of("visibility", ("private", "public", "hiddenmembership")),
        _check_members,
    ),
    retain_by_default=_unified,
    contents=(Contents("GroupLicence", _licences_added),),
    label=lambda props: repr(props.get("mail_nickname") or props.get("display_name") or ""),
)


class Group(GraphResource[GroupArgs], spec=SPEC):
    """A Microsoft 365 or security group, with owners, members or a dynamic rule."""

    object_id = IdOutput()
    mail: pulumi.Output[str]
