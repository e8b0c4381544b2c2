"""Building blocks the kinds share: normalisers, validators, and collection-item operations."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from tenantctl.resources.context import Context
from tenantctl.resources.kind import Failure, Prop, Props, is_known


def text(value: Any) -> str:
    """Text, with None read as empty (Graph omits empty strings)."""
    return "" if value is None else str(value).strip()


def lower(value: Any) -> str:
    return text(value).lower()


def users(value: Any) -> list[str]:
    """A set of users by UPN or id: compared case-insensitively, in any order."""
    return sorted({lower(item) for item in value or ()})


def flag(value: Any) -> bool:
    return bool(value)


def whole(value: Any) -> int:
    """A whole number, 0 while unknown or absent; the engine sends numbers as floats (365.0)."""
    return int(value) if is_known(value) and value is not None else 0


def odata_quote(value: str) -> str:
    """A string literal for `$filter`: single quotes doubled."""
    return value.replace("'", "''")


def one_of(name: str, allowed: Iterable[str]) -> Callable[[Props], Iterable[Failure]]:
    """A validator: `name` must be one of `allowed` (case-insensitive)."""
    choices = tuple(allowed)

    def validate(props: Props) -> Iterable[Failure]:
        value = props.get(name)
        if is_known(value) and lower(value) not in choices:
            yield name, f"is {value!r}; expected one of {', '.join(choices)}"

    return validate


def max_length(name: str, limit: int) -> Callable[[Props], Iterable[Failure]]:
    """A validator: `name` is at most `limit` characters."""

    def validate(props: Props) -> Iterable[Failure]:
        value = props.get(name)
        if is_known(value) and len(text(value)) > limit:
            yield name, f"is {len(text(value))} characters long; Graph allows {limit}"

    return validate


def scalars_body(
    props: Iterable[Prop], values: Props, send: Callable[[Prop], Any]
) -> dict[str, Any]:
    """The Graph body of the one-to-one properties, each value converted by `send`."""
    return {
        prop.graph: send(prop) for prop in props if prop.graph and values.get(prop.name) is not None
    }


def changed_scalars(props: Iterable[Prop], olds: Props, news: Props) -> list[Prop]:
    """One-to-one properties whose normal form changed."""
    return [
        prop
        for prop in props
        if prop.graph and prop.normalise(olds.get(prop.name)) != prop.normalise(news.get(prop.name))
    ]


@dataclass(frozen=True)
class Collection:
    """CRUD of an item in a Graph collection, from the kind's one-to-one properties.

    `path(props)` is the collection; items live at `{path}/{id}`; `find_by` names the
    property whose value identifies an item within its collection (for adoption). A kind
    adds what is not one-to-one (types, bindings, rosters) to the create body in `extra`.
    """

    props: tuple[Prop, ...]
    path: Callable[[Props], str]
    find_by: str | None = None
    outputs: Callable[[dict[str, Any]], Props] = field(default=lambda item: {})
    send: Callable[[Prop, Any], Any] = field(default=lambda prop, value: value)

    def body(self, values: Props) -> dict[str, Any]:
        return scalars_body(self.props, values, lambda prop: self.send(prop, values[prop.name]))

    async def find(self, ctx: Context, props: Props) -> str | None:
        if self.find_by is None:
            return None
        prop = next(prop for prop in self.props if prop.name == self.find_by)
        wanted = text(props[prop.name])
        found = await ctx.client.list_all(
            self.path(props),
            params={"$filter": f"{prop.graph} eq '{odata_quote(wanted)}'"},
            consistent=True,
        )
        return next(
            (str(item["id"]) for item in found if text(item.get(prop.graph)) == wanted), None
        )

    async def extra(self, ctx: Context, props: Props) -> dict[str, Any]:
        """Create-body properties beyond the one-to-one ones."""
        return {}

    async def create(self, ctx: Context, props: Props) -> tuple[str, Props]:
        body = {**self.body(props), **await self.extra(ctx, props)}
        item = await ctx.client.post(self.path(props), body)
        return str(item["id"]), self.outputs(item)

    async def fetch(self, ctx: Context, id_: str, props: Props) -> dict[str, Any] | None:
        """The item as Graph has it, or None."""
        item = await ctx.client.find(f"{self.path(props)}/{quote(id_)}")
        return None if item is None else dict(item)

    def live(self, item: dict[str, Any]) -> Props:
        """The one-to-one properties and outputs of an item."""
        values = {prop.name: item.get(prop.graph) for prop in self.props if prop.graph}
        return {**values, **self.outputs(item)}

    async def read(self, ctx: Context, id_: str, props: Props) -> Props | None:
        item = await self.fetch(ctx, id_, props)
        return None if item is None else self.live(item)

    async def update(self, ctx: Context, id_: str, olds: Props, news: Props) -> Props:
        changed = changed_scalars(self.props, olds, news)
        if changed:
            body = {
                prop.graph: self.send(prop, news.get(prop.name)) for prop in changed if prop.graph
            }
            await ctx.client.request(
                "PATCH", f"{self.path(news)}/{quote(id_)}", body, consistent=True
            )
        return {}

    async def delete(self, ctx: Context, id_: str, props: Props) -> None:
        await ctx.client.delete(f"{self.path(props)}/{quote(id_)}")
