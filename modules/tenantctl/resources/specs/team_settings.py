"""TeamSettings: the member, guest, messaging and fun settings of a team.

Graph: GET/PATCH /teams/{id} (learn.microsoft.com/graph/api/team-update). A singleton per
team: create adopts the team's settings; delete leaves them as they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pulumi

from tenantctl.m365 import reads
from tenantctl.resources.context import Context
from tenantctl.resources.kind import (
    Failure,
    KindSpec,
    Props,
    StrInput,
    is_known,
    kind_args,
    prop,
    props_of,
)
from tenantctl.resources.resource import GraphResource
from tenantctl.resources.specs.common import text
from tenantctl.resources.specs.team_body import camel, settings_block

KNOWN = {
    "memberSettings": {
        "allowCreateUpdateChannels",
        "allowCreatePrivateChannels",
        "allowDeleteChannels",
        "allowAddRemoveApps",
        "allowCreateUpdateRemoveTabs",
        "allowCreateUpdateRemoveConnectors",
    },
    "guestSettings": {"allowCreateUpdateChannels", "allowDeleteChannels"},
    "messagingSettings": {
        "allowUserEditMessages",
        "allowUserDeleteMessages",
        "allowOwnerDeleteMessages",
        "allowTeamMentions",
        "allowChannelMentions",
    },
    "funSettings": {
        "allowGiphy",
        "giphyContentRating",
        "allowStickersAndMemes",
        "allowCustomMemes",
    },
}


@kind_args
class TeamSettingsArgs:
    """The member, guest, messaging and fun settings of a team (PATCH /teams/{id}).

    Each block maps a Graph setting name (camelCase, or its snake_case spelling) to a value;
    a block left as None is not managed. Deleting the resource leaves the settings as they are.
    """

    team_id: StrInput = prop(replace=True, normalise=text)
    member_settings: pulumi.Input[Mapping[str, Any]] | None = prop(
        "memberSettings", default=None, normalise=settings_block
    )
    guest_settings: pulumi.Input[Mapping[str, Any]] | None = prop(
        "guestSettings", default=None, normalise=settings_block
    )
    messaging_settings: pulumi.Input[Mapping[str, Any]] | None = prop(
        "messagingSettings", default=None, normalise=settings_block
    )
    fun_settings: pulumi.Input[Mapping[str, Any]] | None = prop(
        "funSettings", default=None, normalise=settings_block
    )


BLOCKS = {p.name: p.graph for p in props_of(TeamSettingsArgs) if p.graph}
"""The settings blocks, by property: the Graph name of each."""


def _check_blocks(props: Props) -> Iterable[Failure]:
    for name, graph in BLOCKS.items():
        block = props.get(name)
        if block is None or not is_known(block):
            continue
        unknown = sorted(set(map(camel, dict(block))) - KNOWN[graph])
        if unknown:
            yield (
                name,
                f"has unknown settings {', '.join(unknown)}; Graph knows {sorted(KNOWN[graph])}",
            )
        rating = (settings_block(block) or {}).get("giphyContentRating")
        if rating is not None and rating not in ("strict", "moderate"):
            yield name, f"giphyContentRating is {rating!r}; expected strict or moderate"


def _body(props: Props) -> dict[str, Any]:
    return {graph: settings_block(props[name]) for name, graph in BLOCKS.items() if props.get(name)}


class TeamSettingsOps:
    """PATCH the managed blocks; read back only the keys the inputs manage."""

    async def find(self, ctx: Context, props: Props) -> str | None:
        return text(props["team_id"])

    async def create(self, ctx: Context, props: Props) -> tuple[str, Props]:
        await self.update(ctx, text(props["team_id"]), {}, props)
        return text(props["team_id"]), {}

    async def read(self, ctx: Context, id_: str, props: Props) -> Props | None:
        selected = {"$select": ",".join(BLOCKS.values())}
        team = await ctx.client.find(reads.TEAM.url(id_), params=selected)
        if team is None:
            return None
        live: Props = {"team_id": id_}
        for name, graph in BLOCKS.items():
            wanted = settings_block(props.get(name))
            if wanted is not None:
                have = settings_block(team.get(graph) or {}) or {}
                live[name] = {key: have.get(key) for key in wanted}
        return live

    async def update(self, ctx: Context, id_: str, olds: Props, news: Props) -> Props:
        body = _body(news)
        if body:
            await ctx.client.request("PATCH", f"teams/{id_}", body, consistent=True)
        return {}

    async def delete(self, ctx: Context, id_: str, props: Props) -> None:
        return None


SPEC = KindSpec(
    kind="TeamSettings",
    args=TeamSettingsArgs,
    ops=TeamSettingsOps(),
    permissions=("TeamSettings.ReadWrite.All",),
    # learn.microsoft.com/graph/api/team-get
    read_calls=(reads.TEAM,),
    endpoints=("GET /teams/{id}", "PATCH /teams/{id}"),
    deletes="nothing: the team keeps its settings",
    validators=(_check_blocks,),
    retain_by_default=lambda props: True,
    label=lambda props: f"of team {props.get('team_id')}",
)


class TeamSettings(GraphResource[TeamSettingsArgs], spec=SPEC):
    """The member, guest, messaging and fun settings of a team."""

    _kind = "TeamSettings"
