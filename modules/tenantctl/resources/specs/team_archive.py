"""TeamArchive: a team kept archived (read-only), its site optionally read-only for members.

Graph: POST /teams/{id}/archive with `shouldSetSpoSiteReadOnlyForMembers`, answered 202 and a
teamsAsyncOperation (learn.microsoft.com/graph/api/team-archive); GET /teams/{id}'s
`isArchived` (team-get). An archived team refuses changes to itself and its channels, so a
space declares this resource after everything else of its team: a space declared archived
from the start is built, then archived, in one `up`. Unarchiving is the `Team`'s (its
`archived: false`, done before any other change of the team, team-unarchive); deleting this
resource leaves the team as it is. A team unarchived by hand reads as gone, so `refresh` then
`up` archives it again. pulumi-azuread has no Teams resources: both group providers use it.
"""

from __future__ import annotations

from tenantctl.m365.reads import Read
from tenantctl.resources.context import Context
from tenantctl.resources.kind import BoolInput, KindSpec, Props, StrInput, kind_args, prop
from tenantctl.resources.resource import GraphResource
from tenantctl.resources.specs.common import flag, text


@kind_args
class TeamArchiveArgs:
    """The team to keep archived. `site_read_only` makes its SharePoint site read-only for the
    team's members when it is archived (Graph shows it on no property, so it is not diffed:
    it takes effect at the next archiving)."""

    team_id: StrInput = prop(replace=True, normalise=text)
    site_read_only: BoolInput = prop(default=False, diffed=False, normalise=flag)


class TeamArchiveOps:
    """Archive once; read the team's `isArchived`."""

    async def _archived(self, ctx: Context, id_: str) -> bool:
        team = await ctx.client.find(f"teams/{id_}", params={"$select": "id,isArchived"})
        return team is not None and flag(team.get("isArchived"))

    async def find(self, ctx: Context, props: Props) -> str | None:
        id_ = text(props["team_id"])
        return id_ if await self._archived(ctx, id_) else None

    async def create(self, ctx: Context, props: Props) -> tuple[str, Props]:
        id_ = text(props["team_id"])
        body = {"shouldSetSpoSiteReadOnlyForMembers": flag(props.get("site_read_only"))}
        answer = await ctx.client.request("POST", f"teams/{id_}/archive", body, consistent=True)
        location = answer.headers.get("Location")
        if answer.status == 202 and location:
            await ctx.client.wait_for_operation(location, answer.headers.get("Retry-After"))
        return id_, {}

    async def read(self, ctx: Context, id_: str, props: Props) -> Props | None:
        if not await self._archived(ctx, id_):
            return None
        return {"team_id": id_, "site_read_only": flag(props.get("site_read_only"))}

    async def update(self, ctx: Context, id_: str, olds: Props, news: Props) -> Props:
        return {}

    async def delete(self, ctx: Context, id_: str, props: Props) -> None:
        return None


SPEC = KindSpec(
    kind="TeamArchive",
    args=TeamArchiveArgs,
    ops=TeamArchiveOps(),
    permissions=("TeamSettings.ReadWrite.All",),
    # learn.microsoft.com/graph/api/team-get
    read_calls=(Read("teams/{id}", "Team.ReadBasic.All"),),
    endpoints=("GET /teams/{id}", "POST /teams/{id}/archive", "GET /teams/{id}/operations/{id}"),
    deletes="nothing: the team stays as it is (the Team unarchives it)",
    retain_by_default=lambda props: True,
    label=lambda props: f"of team {props.get('team_id')}",
)


class TeamArchive(GraphResource[TeamArchiveArgs], spec=SPEC):
    """A team kept archived, after every other change of its space."""
