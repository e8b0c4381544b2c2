"""Drift: each declared resource read back through its spec, compared in normal form.

The comparison is the providers' own: the spec's `read` puts Graph's object in the inputs'
terms and the spec's normalisers decide what is equal, so drift and `pulumi refresh` agree
on what a change is. Only properties the stack declares and Graph reads back are compared.
Where the stack owns every object of a scope (a spec's `contents`, such as a team's
channels, or `owns_all`), the live objects it does not declare were added by hand.

A kind whose read takes a write-capable permission (a site's sharing: SharePoint's admin API
takes only Sites.FullControl.All from an application) is not read by a read-only identity:
refused (403), it is counted as not checked instead of failing the run.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from tenantctl.drift.bulk import BulkReadClient
from tenantctl.drift.state import Declared, StateIndex, lower
from tenantctl.graph import GraphError
from tenantctl.m365.permissions import read_only
from tenantctl.resources.context import Context, is_guid
from tenantctl.resources.kind import Item, is_known
from tenantctl.resources.registry import SPECS

READS_IN_FLIGHT = 1024
"""Declared resources read at once: enough to fill batches of 20 many times over while some
reads wait for a slower budget (a site's for SharePoint's, a team's for Teams'), few enough
that the reads' state stays small whatever the size of the stack."""
MISSING = "(object)"
"""The property of a finding whose object is gone from the tenant."""


@dataclass(frozen=True)
class Finding:
    """One drifted property: what the stack declares and what the tenant has, both in the
    normal form they were compared in (settings in Graph's names, users in lower case)."""

    urn: str
    object: str
    kind: str
    component: str
    property: str
    expected: Any
    live: Any


@dataclass(frozen=True)
class Unmanaged:
    """An object the stack does not declare where it owns every one: a group in its naming
    scope, a channel of a team it declares, a partner of a tenant whose partners it declares.

    `name` is what a person calls it (a group's mailNickname, a channel's name); `detail`
    what else tells it apart (a group's display name, a channel's membership type);
    `scope` where it was found (the naming scope, the tenant, or the component of the
    declared resource `inside` which it was added).
    """

    kind: str
    name: str
    id: str
    created: str | None
    detail: str
    scope: str
    inside: str = ""

    @property
    def object(self) -> str:
        """How an acceptance names it: `{inside}/{name}` inside a declared object."""
        return f"{self.inside}/{self.name}" if self.inside else self.name


@dataclass(frozen=True)
class Compared:
    """What reading one declared resource found: its drifted properties, and the objects
    added by hand inside it."""

    findings: list[Finding]
    added: list[Unmanaged]


def places_to_read() -> asyncio.Semaphore:
    """The places of the reads in flight, shared by every `read_all` of one drift run."""
    return asyncio.Semaphore(READS_IN_FLIGHT)


async def read_all(
    client: BulkReadClient,
    state: StateIndex,
    resources: Iterable[tuple[int, Declared]],
    places: asyncio.Semaphore,
    done: Any = None,
    refused: Counter[str] | None = None,
) -> list[tuple[int, Compared]]:
    """Read and compare the declared resources (each with its position in the state), each
    holding one of `places` while it is read, keeping only what found something; `done()` is
    called per object. Results come with their resource's position, in that order. Resources
    the identity may not read (see the module) are counted by kind in `refused`."""
    found: list[tuple[int, Compared]] = []
    running: set[asyncio.Task[tuple[int, Compared]]] = set()
    positions: dict[asyncio.Task[tuple[int, Compared]], int] = {}

    async def one(position: int, resource: Declared) -> tuple[int, Compared]:
        try:
            compared = await _compare(client, resource, state.owned)
        except GraphError as error:
            if error.status != 403 or refused is None or not needs_write(resource.kind):
                raise
            refused[resource.kind] += 1
            compared = Compared([], [])
        if done is not None:
            done()
        return position, compared

    def settle(finished: set[asyncio.Task[tuple[int, Compared]]]) -> None:
        running.difference_update(finished)
        errors = sorted(
            ((positions[task], error) for task in finished if (error := task.exception())),
            key=lambda failed: failed[0],
        )
        if errors:  # every error is read, so none is reported again when its task is freed;
            raise errors[0][1]  # the first resource's in the state, not a set's order
        found.extend(
            task.result()
            for task in finished
            if task.result()[1].findings or task.result()[1].added
        )

    try:
        for position, resource in resources:
            await places.acquire()
            settle({task for task in running if task.done()})
            task = asyncio.create_task(one(position, resource))
            task.add_done_callback(lambda _: places.release())  # cancelled unstarted too
            positions[task] = position
            running.add(task)
        if running:
            settle((await asyncio.wait(running))[0])
    finally:
        for task in running:
            task.cancel()
    return sorted(found, key=lambda item: item[0])


def needs_write(kind: str) -> bool:
    """Whether reading `kind` takes a permission that also writes."""
    return not all(read_only(permission) for permission in SPECS[kind].reads)


async def _compare(client: BulkReadClient, resource: Declared, owned: set[str]) -> Compared:
    """The resource's drifted properties and, when it is there, the objects inside it that
    are not among the `owned` ids the stack declares."""
    spec, ctx = SPECS[resource.kind], Context(client)
    if resource.users:
        resource = await _named(ctx, resource)
    # The contents are listed alongside the read, so that reads of the same lists made for
    # the declared objects inside (a team's channels) are in flight at once and go once.
    read, *listed = await asyncio.gather(
        spec.ops.read(ctx, resource.id, resource.props),
        *(
            contents.added(ctx, resource.id, resource.props, lambda id_: lower(id_) in owned)
            for contents in spec.contents
        ),
        return_exceptions=True,
    )
    live = _result(read)

    def finding(prop: str, expected: Any, value: Any) -> Finding:
        return Finding(
            resource.urn, resource.name, resource.kind, resource.component, prop, expected, value
        )

    if live is None:
        return Compared([finding(MISSING, "present", "deleted")], [])
    declared, have = spec.normalise(resource.inputs), spec.normalise(live)
    findings = [
        finding(prop.name, declared[prop.name], have[prop.name])
        for prop in spec.props
        if prop.diffed
        and prop.name in live
        and prop.name in resource.inputs
        and is_known(declared[prop.name])
        and declared[prop.name] != have[prop.name]
    ]
    added = [
        _added(contents.kind, item, resource.component, resource.name)
        for contents, items in zip(spec.contents, listed, strict=True)
        for item in _result(items)
    ]
    return Compared(findings, added)


async def _named(ctx: Context, resource: Declared) -> Declared:
    """A pulumi-azuread resource with its users (object ids) by user principal name, as the
    Graph layer declares them, so that findings name people alike (the snapshot answers)."""
    lists = {p: v for p in resource.users if isinstance(v := resource.inputs.get(p), list)}
    ids = [v for values in lists.values() for v in values if isinstance(v, str) and is_guid(v)]
    names = await ctx.user_names(ids) if ids else {}
    inputs = dict(resource.inputs)
    for prop, values in lists.items():
        inputs[prop] = [
            names.get(value, value) if isinstance(value, str) else value for value in values
        ]
    return replace(resource, inputs=inputs)


def _result(outcome: Any) -> Any:
    """A gathered outcome, its error raised (a listing fails only with its object gone,
    which is reported first)."""
    if isinstance(outcome, BaseException):
        raise outcome
    return outcome


def _added(kind: str, item: Item, scope: str, inside: str = "") -> Unmanaged:
    return Unmanaged(kind, item.name, item.id, item.created, item.detail, scope, inside)


async def added_in_tenant(client: BulkReadClient, state: StateIndex) -> list[Unmanaged]:
    """Objects of the kinds the stack owns every one of in the tenant (`owns_all`) that it
    does not declare; such a kind is read only when the stack declares one."""
    listings = [
        (kind, spec.owns_all)
        for kind, spec in SPECS.items()
        if spec.owns_all is not None and kind in state.kinds
    ]
    listed = await asyncio.gather(*(owns_all(Context(client)) for _, owns_all in listings))
    return [
        _added(kind, item, "tenant")
        for (kind, _), items in zip(listings, listed, strict=True)
        for item in items
        if lower(item.id) not in state.owned
    ]


def unmanaged_groups(client: BulkReadClient, state: StateIndex) -> list[Unmanaged]:
    """Groups whose mailNickname carries one of the stack's prefixes but are not declared.

    The prefixes are those of the declared groups' mailNicknames (`MTL-` of
    `MTL-DRH-equipe`), so the scope follows the stack's naming without further settings.
    """
    prefixes = tuple(state.prefixes)
    found = []
    for group in client.snapshot.groups.values():
        nickname = str(group.get("mailNickname") or "")
        if group["id"] not in state.group_ids and nickname.lower().startswith(prefixes):
            found.append(
                Unmanaged(
                    "Group",
                    nickname,
                    str(group["id"]),
                    group.get("createdDateTime"),
                    str(group.get("displayName") or ""),
                    "naming scope",
                )
            )
    return sorted(found, key=lambda item: item.name.lower())
