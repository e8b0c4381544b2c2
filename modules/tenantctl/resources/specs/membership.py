"""Keeping a group's owners or members in step with a list of users, in JSON batches."""

from __future__ import annotations

from collections.abc import Iterable

from tenantctl.graph import BatchItem, GraphError
from tenantctl.resources.context import Context, user_ref


async def live_ids(ctx: Context, path: str) -> list[str]:
    """Object ids of the directory objects in `path` (…/owners or …/members)."""
    return [
        str(item["id"])
        for item in await ctx.client.list_all(path, params={"$select": "id"}, consistent=True)
    ]


async def sync_links(
    ctx: Context, path: str, wanted: Iterable[str], present: Iterable[str]
) -> None:
    """Add the missing and remove the extra links of `path` (`$ref` requests, batched)."""
    wanted_ids = set((await ctx.user_ids(wanted)).values())
    present_ids = set(present)
    adds = sorted(wanted_ids - present_ids)
    removes = sorted(present_ids - wanted_ids)
    items = [
        BatchItem(f"add-{n}", "POST", f"{path}/$ref", {"@odata.id": user_ref(ctx.base_url, uid)})
        for n, uid in enumerate(adds)
    ] + [BatchItem(f"remove-{n}", "DELETE", f"{path}/{uid}/$ref") for n, uid in enumerate(removes)]
    if not items:
        return
    for result in (await ctx.client.batch(items)).values():
        if result.status >= 400 and result.status != 404 and not _already_there(result.body):
            raise GraphError.from_body("POST", f"{path}/$ref", result.status, result.body)


def _already_there(body: object) -> bool:
    """Graph's 400 for adding a link that exists (a resent batch): the goal is met."""
    return "already exist" in str(body)
