"""GroupLifecyclePolicyGroup: a Microsoft 365 group among a `Selected` lifecycle policy's groups.

Graph: POST /groupLifecyclePolicies/{id}/addGroup and removeGroup with `{"groupId"}`
(grouplifecyclepolicy-addgroup, grouplifecyclepolicy-removegroup). Graph lists no policy's
groups; a group a policy manages has an `expirationDateTime` (resources/group: null for the
groups no policy manages), which is what read looks at (GET /groups/{id}).
"""

from __future__ import annotations

from tenantctl.m365.reads import Read
from tenantctl.resources.context import Context
from tenantctl.resources.kind import KindSpec, Props, StrInput, kind_args, prop
from tenantctl.resources.resource import GraphResource
from tenantctl.resources.specs.common import text
from tenantctl.resources.specs.group_lifecycle_policy import PATH


@kind_args
class GroupLifecyclePolicyGroupArgs:
    """The policy, and the group it manages."""

    policy_id: StrInput = prop(replace=True, normalise=text)
    group_id: StrInput = prop(replace=True, normalise=text)


def _ids(id_: str) -> tuple[str, str]:
    policy, _, group = id_.partition("/")
    return policy, group


class GroupLifecyclePolicyGroupOps:
    """Add on create, remove on delete; read the group's expiry."""

    async def _expires(self, ctx: Context, group: str) -> bool:
        found = await ctx.client.find(
            f"groups/{group}", params={"$select": "id,expirationDateTime"}
        )
        return found is not None and found.get("expirationDateTime") is not None

    async def find(self, ctx: Context, props: Props) -> str | None:
        policy, group = text(props["policy_id"]), text(props["group_id"])
        return f"{policy}/{group}" if await self._expires(ctx, group) else None

    async def create(self, ctx: Context, props: Props) -> tuple[str, Props]:
        policy, group = text(props["policy_id"]), text(props["group_id"])
        body = {"groupId": group}
        await ctx.client.request("POST", f"{PATH}/{policy}/addGroup", body, consistent=True)
        return f"{policy}/{group}", {}

    async def read(self, ctx: Context, id_: str, props: Props) -> Props | None:
        policy, group = _ids(id_)
        if not await self._expires(ctx, group):
            return None
        return {"policy_id": policy, "group_id": group}

    async def update(self, ctx: Context, id_: str, olds: Props, news: Props) -> Props:
        return {}

    async def delete(self, ctx: Context, id_: str, props: Props) -> None:
        policy, group = _ids(id_)
        if await self._expires(ctx, group):
            body = {"groupId": group}
            await ctx.client.request("POST", f"{PATH}/{policy}/removeGroup", body)


SPEC = KindSpec(
    kind="GroupLifecyclePolicyGroup",
    args=GroupLifecyclePolicyGroupArgs,
    ops=GroupLifecyclePolicyGroupOps(),
    permissions=("Directory.ReadWrite.All", "GroupMember.Read.All"),
    # learn.microsoft.com/graph/api/group-get
    read_calls=(Read("groups/{id}", "GroupMember.Read.All"),),
    endpoints=(
        "GET /groups/{id}",
        "POST /groupLifecyclePolicies/{id}/addGroup",
        "POST /groupLifecyclePolicies/{id}/removeGroup",
    ),
    deletes="removes the group from the policy: it no longer expires",
    label=lambda props: f"group {props.get('group_id')}",
)


class GroupLifecyclePolicyGroup(GraphResource[GroupLifecyclePolicyGroupArgs], spec=SPEC):
    """A group that expires under the tenant's Selected lifecycle policy."""
