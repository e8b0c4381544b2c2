"""GuestInvitation: an external person invited as a guest user.

Graph: POST /invitations, GET/PATCH/DELETE /users/{id} (learn.microsoft.com/graph/api/
invitation-post, user-update, user-delete). Found again by the guest's mail.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pulumi

from tenantctl.m365.reads import Read
from tenantctl.resources.context import Context
from tenantctl.resources.kind import (
    BoolInput,
    Failure,
    KindSpec,
    Props,
    StrInput,
    is_known,
    kind_args,
    prop,
)
from tenantctl.resources.resource import GraphResource, IdOutput
from tenantctl.resources.specs.common import lower, odata_quote, text

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")


@kind_args
class GuestInvitationArgs:
    """An external person invited as a guest user (POST /invitations).

    Deleting the resource deletes the guest user unless `retain_on_delete` is True.
    """

    email: StrInput = prop(replace=True, normalise=lower)
    display_name: StrInput = prop("displayName", normalise=text)
    redirect_url: StrInput = prop(default="https://myapps.microsoft.com", diffed=False)
    send_invitation_message: BoolInput = prop(default=False, diffed=False)
    retain_on_delete: BoolInput = False
    adopt_id: pulumi.Input[str] | None = prop(default=None, diffed=False)


def _check_email(props: Props) -> Iterable[Failure]:
    value = props.get("email")
    if is_known(value) and not EMAIL.match(text(value)):
        yield "email", f"is {value!r}, not an e-mail address"


class GuestOps:
    """Invite once; afterwards the guest is a user object."""

    async def find(self, ctx: Context, props: Props) -> str | None:
        email = odata_quote(lower(props["email"]))
        found = await ctx.client.list_all(
            "users", params={"$filter": f"mail eq '{email}'", "$select": "id"}
        )
        return str(found[0]["id"]) if found else None

    async def create(self, ctx: Context, props: Props) -> tuple[str, Props]:
        body = {
            "invitedUserEmailAddress": text(props["email"]),
            "invitedUserDisplayName": text(props["display_name"]),
            "inviteRedirectUrl": text(props["redirect_url"]),
            "sendInvitationMessage": bool(props["send_invitation_message"]),
        }
        invitation = await ctx.client.post("invitations", body)
        user_id = str(invitation["invitedUser"]["id"])
        return user_id, {"user_id": user_id, "redeem_url": invitation.get("inviteRedeemUrl")}

    async def read(self, ctx: Context, id_: str, props: Props) -> Props | None:
        user = await ctx.client.find(f"users/{id_}", params={"$select": "id,mail,displayName"})
        if user is None:
            return None
        return {
            "email": lower(user.get("mail")),
            "display_name": user.get("displayName"),
            "user_id": id_,
        }

    async def update(self, ctx: Context, id_: str, olds: Props, news: Props) -> Props:
        if text(olds.get("display_name")) != text(news["display_name"]):
            body = {"displayName": text(news["display_name"])}
            await ctx.client.request("PATCH", f"users/{id_}", body, consistent=True)
        return {}

    async def delete(self, ctx: Context, id_: str, props: Props) -> None:
        await ctx.client.delete(f"users/{id_}")


SPEC = KindSpec(
    kind="GuestInvitation",
    args=GuestInvitationArgs,
    ops=GuestOps(),
    permissions=("User.Invite.All", "User.ReadWrite.All"),
    # learn.microsoft.com/graph/api/user-get
    read_calls=(Read("users", "User.Read.All"),),
    endpoints=("POST /invitations", "PATCH /users/{id}", "DELETE /users/{id}"),
    deletes="deletes the guest user (restorable for 30 days) unless retain_on_delete",
    outputs=("user_id", "redeem_url"),
    validators=(_check_email,),
    label=lambda props: repr(text(props.get("email"))),
)


class GuestInvitation(GraphResource[GuestInvitationArgs], spec=SPEC):
    """A guest user invited from outside the organisation."""

    user_id = IdOutput()
    redeem_url: pulumi.Output[str]
