"""The one generic provider engine: check, diff and the CRUD flow of any `KindSpec`."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from tenantctl.graph import GraphError, RetryEvent
from tenantctl.resources.context import Context
from tenantctl.resources.kind import Failure, KindSpec, Props, is_known

ADOPT = "adopt_id"
CONFLICT = 409
"""Graph's answer to a create whose key another object holds (learn.microsoft.com/graph/errors)."""
RETAIN = "retain_on_delete"


@dataclass(frozen=True)
class Diff:
    """Which properties changed, and which of those need a new object."""

    changes: tuple[str, ...]
    replaces: tuple[str, ...]


def check(spec: KindSpec, news: Props) -> tuple[Props, list[Failure]]:
    """The inputs, and failures whose reasons name the kind, the object and the property."""
    given = {name: value for name, value in news.items() if value is not None}
    props = {**{prop.name: prop.default for prop in spec.props}, **given}
    failures: list[Failure] = [
        (prop.name, "is required")
        for prop in spec.props
        if prop.required and not props.get(prop.name)
    ]
    if not failures:
        for validator in spec.validators:
            failures.extend(validator(props))
    subject = f"{spec.kind} {spec.label(props)}".strip()
    return props, [(name, f"{subject}: {name} {reason}") for name, reason in failures]


def diff(spec: KindSpec, olds: Props, news: Props) -> Diff:
    """Only real changes: both sides normalised first, unknown values counted as changes.

    An unknown value (a preview, while what it comes from is being updated) never plans a
    replacement: `pulumi up` diffs again once it is known, and replaces then if it changed.
    """
    old, new = spec.normalise(olds), spec.normalise(news)
    changes = tuple(
        prop.name
        for prop in spec.props
        if prop.diffed and (not is_known(new[prop.name]) or old[prop.name] != new[prop.name])
    )
    replaces = tuple(
        name
        for name in changes
        if (p := spec.prop(name)) is not None and p.replace and is_known(new[name])
    )
    if changes and not replaces and spec.replaces_when(olds, news):
        replaces = changes
    return Diff(changes, replaces)


def _outputs(spec: KindSpec, props: Props) -> Props:
    return {name: props.get(name) for name in spec.outputs}


async def create(spec: KindSpec, ctx: Context, news: Props) -> tuple[str, Props]:
    """Create, or adopt: the object named by `adopt_id`, or one a lost create left behind.

    A create answered by a 5xx or a lost connection may have taken effect: the object is
    looked for and adopted; if it is not there, the create is tried again under the
    client's retry policy (counted as `lost-create`). A create refused with 409 because its
    key was taken after the first look (an earlier attempt that landed late, another writer)
    looks again and adopts what holds the key, as the first look would have.
    """
    props = dict(news)
    adopt = props.get(ADOPT) or await spec.ops.find(ctx, props)
    if adopt:
        return str(adopt), await _adopt(spec, ctx, str(adopt), props)
    client, attempt, waited = ctx.client, 0, 0.0
    while True:
        attempt += 1
        try:
            id_, outputs = await spec.ops.create(ctx, props)
            return id_, {**props, **outputs}
        except (httpx.TransportError, GraphError) as error:
            status = error.status if isinstance(error, GraphError) else None
            refused = status is not None and status < 500
            if refused and status != CONFLICT:
                raise
            found = await spec.ops.find(ctx, props)
            if found:
                return found, await _adopt(spec, ctx, found, props)
            if refused:
                raise
            wait = client.policy.delay(attempt, None)
            if not client.policy.allows("lost-create", attempt, waited, wait):
                raise
            client.stats.record_retry(RetryEvent("lost-create", "POST", spec.kind, wait, attempt))
            await client.clock.sleep(wait)
            waited += wait


async def _adopt(spec: KindSpec, ctx: Context, id_: str, props: Props) -> Props:
    """Read an existing object and bring it to the desired properties."""
    live = await spec.ops.read(ctx, id_, props)
    if live is None:
        raise GraphError("GET", id_, 404, "adoptNotFound", f"{spec.kind} {id_} does not exist")
    current = {**props, **live}
    outputs = (
        await spec.ops.update(ctx, id_, current, props)
        if diff(spec, current, props).changes
        else {}
    )
    return {**props, **_outputs(spec, live), **outputs}


async def read(spec: KindSpec, ctx: Context, id_: str, props: Props) -> Props | None:
    """The state as Graph has it, or None when the object is gone.

    A property whose live value equals the one held in normal form keeps the held value,
    so a refresh names only the properties that changed (Graph's `Private` is the stack's
    `private`, an empty description comes back as null).
    """
    live = await spec.ops.read(ctx, id_, props)
    return None if live is None else {**props, **live, **_unchanged(spec, props, live)}


def _unchanged(spec: KindSpec, held: Props, live: Props) -> Props:
    """The held values of the properties whose live value is the same in normal form."""
    return {
        prop.name: held[prop.name]
        for prop in spec.props
        if prop.name in held
        and prop.name in live
        and is_known(held[prop.name])
        and prop.normalise(held[prop.name]) == prop.normalise(live[prop.name])
    }


async def update(spec: KindSpec, ctx: Context, id_: str, olds: Props, news: Props) -> Props:
    """Apply the changed properties; outputs not recomputed are carried over."""
    outputs = await spec.ops.update(ctx, id_, olds, news)
    return {**news, **_outputs(spec, olds), **outputs}


async def delete(spec: KindSpec, ctx: Context, id_: str, props: Props) -> None:
    """Delete the object, unless the resource keeps it (`retain_on_delete`)."""
    retain = props.get(RETAIN)
    if spec.retain_by_default(props) if retain is None else retain:
        return
    await spec.ops.delete(ctx, id_, props)
