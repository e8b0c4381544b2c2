"""Team: a team created on an existing Microsoft 365 group from a rendered template.

Graph: POST /teams with `group@odata.bind` (202 Accepted and a teamsAsyncOperation),
GET/PATCH /teams/{id}, DELETE /groups/{id} (learn.microsoft.com/graph/api/team-post,
teamsasyncoperation-get, team-update). Found again through GET /groups/{id}/team.
After creation it keeps its name, description and visibility in step (`team_body.MANAGED`);
the settings blocks the creation body carries are TeamSettings' from then on.
Archived or not: `isArchived`; a team declared active is unarchived by POST
/teams/{id}/unarchive (a 202 and a teamsAsyncOperation, team-unarchive) before any other
change; archiving is `TeamArchive`'s, declared after the rest of the space.
Its channels are the stack's: GET /teams/{id}/channels lists them all, private and shared
ones included with application permissions (channel-list), and the General channel every
team has, which no stack declares (team-get-primarychannel).
"""

from __future__ import annotations

from collections.abc import Iterable

import pulumi

from tenantctl.m365 import limits, reads
from tenantctl.m365.reads import Read
from tenantctl.resources.context import Context
from tenantctl.resources.kind import (
    Body,
    BoolInput,
    Contents,
    Declared,
    Failure,
    Item,
    KindSpec,
    Props,
    StrInput,
    is_known,
    kind_args,
    prop,
)
from tenantctl.resources.resource import GraphResource, IdOutput
from tenantctl.resources.specs.common import flag, lower, text
from tenantctl.resources.specs.team_body import known_template, managed, template_of


@kind_args
class TeamArgs:
    """A team created from an existing Microsoft 365 group.

    `body` is the rendered POST /teams body (a Teams template: `template@odata.bind`, names,
    settings, channels, apps); the provider binds it to `group_id`. Channels and apps in the
    body are created once; display name, description, visibility and the four settings
    blocks are kept in step afterwards. `archived` says whether the team is archived: a team
    declared active and archived (by hand, or before) is unarchived; `TeamArchive` archives.
    Deleting the resource keeps the
    team unless `retain_on_delete` is False.
    """

    group_id: StrInput = prop(replace=True, normalise=text)
    body: Body = prop(normalise=managed)
    archived: BoolInput = prop(default=False, normalise=flag)
    retain_on_delete: BoolInput = True
    adopt_id: pulumi.Input[str] | None = prop(default=None, diffed=False)


def _check_body(props: Props) -> Iterable[Failure]:
    body = props.get("body")
    if not is_known(body):
        return
    if not isinstance(body, dict):
        yield "body", "must be the POST /teams body (a JSON object)"
        return
    template = template_of(body)
    if template is None:
        yield "body", "has no template@odata.bind (e.g. teamsTemplates('standard'))"
    elif not known_template(template):
        yield "body", f"uses unknown template {template!r}"
    if not text(body.get("displayName")):
        yield "body", "has no displayName"
    for key, most in (
        ("displayName", limits.DISPLAY_NAME_MAX),
        ("description", limits.DESCRIPTION_MAX),
    ):
        if len(text(body.get(key))) > most:
            yield (
                "body",
                f"has a {key} of {len(text(body.get(key)))} characters; Teams allows {most}",
            )
    if "group@odata.bind" in body:
        yield "body", "binds a group itself; give the group as group_id"


class TeamOps:
    """Create through the async operation; keep the managed part of the body in step."""

    async def find(self, ctx: Context, props: Props) -> str | None:
        group_id = text(props["group_id"])
        team = await ctx.client.find(f"groups/{group_id}/team", params={"$select": "id"})
        return group_id if team is not None else None

    async def create(self, ctx: Context, props: Props) -> tuple[str, Props]:
        group_id = text(props["group_id"])
        body = {**props["body"], "group@odata.bind": f"{ctx.base_url}/groups('{group_id}')"}
        answer = await ctx.client.request("POST", "teams", body, consistent=True)
        location = answer.headers.get("Location")
        if answer.status == 202 and location:
            operation = await ctx.client.wait_for_operation(
                location, answer.headers.get("Retry-After")
            )
            group_id = str(operation.get("targetResourceId") or group_id)
        return group_id, await self._outputs(ctx, group_id)

    async def _outputs(self, ctx: Context, id_: str) -> Props:
        """The webUrl, which neither the 202 nor the operation gives."""
        team = await ctx.client.get(
            f"teams/{id_}", params={"$select": "id,webUrl"}, consistent=True
        )
        return {"team_id": team.get("id", id_), "web_url": team.get("webUrl")}

    async def read(self, ctx: Context, id_: str, props: Props) -> Props | None:
        team = await ctx.client.find(reads.TEAM.url(id_))
        if team is None:
            return None
        wanted = managed(props.get("body"))
        body = {key: team.get(key) for key in wanted}
        return {
            "group_id": id_,
            "body": {**dict(props.get("body") or {}), **body},
            "archived": flag(team.get("isArchived")),
            "team_id": team.get("id", id_),
            "web_url": team.get("webUrl"),
        }

    async def update(self, ctx: Context, id_: str, olds: Props, news: Props) -> Props:
        """Unarchive first, since an archived team is read-only; archiving is TeamArchive's,
        after the rest of the space (team-unarchive)."""
        if flag(olds.get("archived")) and not flag(news.get("archived")):
            answer = await ctx.client.request("POST", f"teams/{id_}/unarchive", consistent=True)
            location = answer.headers.get("Location")
            if answer.status == 202 and location:
                await ctx.client.wait_for_operation(location, answer.headers.get("Retry-After"))
        old, new = managed(olds.get("body")), managed(news["body"])
        changed = {key: value for key, value in new.items() if old.get(key) != value}
        if changed:
            await ctx.client.request("PATCH", f"teams/{id_}", changed, consistent=True)
        return {}

    async def delete(self, ctx: Context, id_: str, props: Props) -> None:
        await ctx.client.delete(f"groups/{id_}")


async def _channels_added(ctx: Context, id_: str, props: Props, declared: Declared) -> list[Item]:
    """The team's channels the stack does not declare, as Channel resources or by name in
    the team's creation body (a template's channels), but for General. A stack cannot
    declare General (its name is reserved) and every team has it, so a lone undeclared
    channel is General; only when there are more is it asked for by id."""
    body = props.get("body")
    created = {lower(c.get("displayName")) for c in (body or {}).get("channels") or ()}
    listed = await ctx.client.list_all(f"teams/{id_}/channels")
    others = [
        channel
        for channel in listed
        if not declared(str(channel["id"])) and lower(channel.get("displayName")) not in created
    ]
    if len(others) < 2:
        return []
    general = await ctx.client.get(f"teams/{id_}/primaryChannel")
    return [
        Item(
            str(channel["id"]),
            text(channel.get("displayName")),
            channel.get("createdDateTime"),
            lower(channel.get("membershipType")),
        )
        for channel in others
        if channel["id"] != general.get("id")
    ]


SPEC = KindSpec(
    kind="Team",
    args=TeamArgs,
    ops=TeamOps(),
    permissions=("Team.Create", "TeamSettings.ReadWrite.All", "Group.ReadWrite.All"),
    # learn.microsoft.com/graph/api/team-get; channel-list, team-get-primarychannel
    read_calls=(
        Read("groups/{id}/team", "Team.ReadBasic.All"),
        reads.TEAM,
        reads.CHANNELS,
    ),
    endpoints=(
        "POST /teams",
        "GET /teams/{id}/operations/{id}",
        "GET /groups/{id}/team",
        "GET /teams/{id}/channels",
        "GET /teams/{id}/primaryChannel",
        "PATCH /teams/{id}",
        "POST /teams/{id}/unarchive",
        "DELETE /groups/{id}",
    ),
    deletes="keeps the team (retain_on_delete defaults to True); otherwise deletes its group",
    outputs=("team_id", "web_url"),
    validators=(_check_body,),
    retain_by_default=lambda props: True,
    contents=(Contents("Channel", _channels_added),),
    label=lambda props: (
        repr(text((props.get("body") or {}).get("displayName")))
        if isinstance(props.get("body"), dict)
        else ""
    ),
)


class Team(GraphResource[TeamArgs], spec=SPEC):
    """A team on a Microsoft 365 group, created from a rendered Teams template."""

    team_id = IdOutput()
    web_url: pulumi.Output[str]
