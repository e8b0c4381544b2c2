"""GraphObject: any Graph object given by a collection path and a body, or a singleton.

Graph: POST {path}, GET/PATCH/DELETE {path}/{id}; singletons GET/PATCH {path}. Diff compares
only the body properties given, as Graph returns them; the object's permissions are the
caller's to declare (`permissions`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any
from urllib.parse import quote

import pulumi
from kiota_abstractions.serialization import Parsable

from tenantctl.resources.context import Context
from tenantctl.resources.kind import (
    Body,
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
from tenantctl.resources.specs.common import text
from tenantctl.resources.typed_bodies import graph_body


def _path(value: Any) -> str:
    return text(value).strip("/")


def _body(value: Any) -> dict[str, Any]:
    return dict(value or {})


@kind_args
class GraphObjectArgs:
    """Any Graph object: POST `body` to the collection `path`, or PATCH it when `singleton`.

    `body` is a JSON mapping or an msgraph-sdk model (`msgraph.generated.models`), typed and
    checked by the type checker (see `typed_bodies`).

    `replace_on_changes` names body properties Graph cannot update in place. Deleting the
    resource deletes the object unless `retain_on_delete` (singletons are never deleted).
    `permissions` lists the Graph application permissions the object needs.
    """

    path: StrInput = prop(replace=True, normalise=_path)
    body: Body | Parsable | pulumi.Output[Parsable] = prop(normalise=_body)
    singleton: BoolInput = prop(default=False, replace=True, normalise=bool)
    replace_on_changes: pulumi.Input[Sequence[str]] = prop(default=(), diffed=False)
    retain_on_delete: BoolInput = False
    permissions: Sequence[str] = prop(default=(), diffed=False)
    adopt_id: pulumi.Input[str] | None = prop(default=None, diffed=False)


def _check(props: Props) -> Iterable[Failure]:
    if is_known(props.get("body")) and not isinstance(props.get("body"), dict):
        yield "body", "must be a JSON object"
    if is_known(props.get("path")) and "://" in text(props.get("path")):
        yield "path", "must be relative to the Graph version root (e.g. 'groups')"


def _replaces(olds: Props, news: Props) -> bool:
    old, new = _body(olds.get("body")), _body(news.get("body"))
    keys = set(news.get("replace_on_changes") or ())
    return any(old.get(key) != new.get(key) for key in keys)


def _item(props: Props, id_: str) -> str:
    path = _path(props["path"])
    return path if props.get("singleton") else f"{path}/{quote(id_)}"


class GraphObjectOps:
    """POST or PATCH a body; read back the properties the body names."""

    async def find(self, ctx: Context, props: Props) -> str | None:
        return _path(props["path"]) if props.get("singleton") else None

    async def create(self, ctx: Context, props: Props) -> tuple[str, Props]:
        path = _path(props["path"])
        if props.get("singleton"):
            await ctx.client.request("PATCH", path, _body(props["body"]))
            return path, {"object_id": path}
        item = await ctx.client.post(path, _body(props["body"]))
        return str(item["id"]), {"object_id": item["id"], "graph": item}

    async def read(self, ctx: Context, id_: str, props: Props) -> Props | None:
        item = await ctx.client.find(_item(props, id_))
        if item is None:
            return None
        wanted = _body(props.get("body"))
        return {"body": {key: item.get(key) for key in wanted}, "object_id": id_, "graph": item}

    async def update(self, ctx: Context, id_: str, olds: Props, news: Props) -> Props:
        old, new = _body(olds.get("body")), _body(news["body"])
        changed = {key: value for key, value in new.items() if old.get(key) != value}
        if changed:
            await ctx.client.request("PATCH", _item(news, id_), changed, consistent=True)
        return {}

    async def delete(self, ctx: Context, id_: str, props: Props) -> None:
        if not props.get("singleton"):
            await ctx.client.delete(_item(props, id_))


SPEC = KindSpec(
    kind="GraphObject",
    args=GraphObjectArgs,
    ops=GraphObjectOps(),
    permissions=(),
    endpoints=("POST {path}", "PATCH {path}/{id}", "DELETE {path}/{id}"),
    deletes="deletes the object unless retain_on_delete; singletons are left as they are",
    outputs=("object_id", "graph"),
    validators=(_check,),
    label=lambda props: repr(text(props.get("path"))),
    replaces_when=_replaces,
)


class GraphObject(GraphResource[GraphObjectArgs], spec=SPEC):
    """Any Graph object given by path and body (a JSON mapping or an msgraph-sdk model)."""

    object_id = IdOutput()
    graph: pulumi.Output[dict[str, Any]]

    def __init__(
        self, resource_name: str, args: GraphObjectArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        body = args.body
        if isinstance(body, Parsable):
            args = replace(args, body=graph_body(body))
        elif not isinstance(body, Mapping):  # an Output or awaitable, resolved to a model
            resolved: pulumi.Output[Any] = pulumi.Output.from_input(body)
            args = replace(args, body=resolved.apply(graph_body))
        super().__init__(resource_name, args, opts)
