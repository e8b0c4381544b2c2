"""Drift: each declared resource read back through its spec, compared in normal form.

The comparison is the providers' own: the spec's `read` puts Graph's object in the inputs'
terms and the spec's normalisers decide what is equal, so drift and `pulumi refresh` agree
on what a change is. Only properties the stack declares and Graph reads back are compared.

A kind whose read takes a write-capable permission (a site's sharing: SharePoint's admin API
takes only Sites.FullControl.All from an application) is not read by a read-only identity:
refused (403), it is counted as not checked instead of failing the run.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from tenantctl.drift.bulk import BulkReadClient
from tenantctl.drift.state import Declared, StateIndex
from tenantctl.graph import GraphError
from tenantctl.resources.context import Context
from tenantctl.resources.permissions import read_only
from tenantctl.resources.registry import SPECS
from tenantctl.resources.spec import is_known

READS_IN_FLIGHT = 256
"""Declared resources read at once: enough to fill batches of 20 many times over, few
enough that the reads' state stays small whatever the size of the stack."""
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
    """A group in the stack's naming scope that the stack does not declare."""

    id: str
    mail_nickname: str
    display_name: str
    created: str | None


async def read_all(
    client: BulkReadClient,
    resources: Iterable[tuple[int, Declared]],
    done: Any = None,
    refused: Counter[str] | None = None,
) -> list[tuple[int, Finding]]:
    """Read and compare the declared resources (each with its position in the state), at most
    `READS_IN_FLIGHT` at a time, keeping only the findings; `done()` is called per object.
    Findings come with their resource's position, in that order. Resources the identity may
    not read (see the module) are counted by kind in `refused`."""
    found: list[tuple[int, list[Finding]]] = []
    running: set[asyncio.Task[tuple[int, list[Finding]]]] = set()

    async def one(position: int, resource: Declared) -> tuple[int, list[Finding]]:
        try:
            findings = await _compare(client, resource)
        except GraphError as error:
            if error.status != 403 or refused is None or not needs_write(resource.kind):
                raise
            refused[resource.kind] += 1
            findings = []
        if done is not None:
            done()
        return position, findings

    async def settle(wait: Any) -> None:
        finished, pending = await asyncio.wait(running, return_when=wait)
        running.intersection_update(pending)
        errors = [error for task in finished if (error := task.exception()) is not None]
        if errors:  # every error is read, so none is reported again when its task is freed
            raise errors[0]
        found.extend(task.result() for task in finished if task.result()[1])

    try:
        for position, resource in resources:
            if len(running) >= READS_IN_FLIGHT:
                await settle(asyncio.FIRST_COMPLETED)
            running.add(asyncio.create_task(one(position, resource)))
        if running:
            await settle(asyncio.ALL_COMPLETED)
    finally:
        for task in running:
            task.cancel()
    return [
        (position, finding)
        for position, findings in sorted(found, key=lambda item: item[0])
        for finding in findings
    ]


def needs_write(kind: str) -> bool:
    """Whether reading `kind` takes a permission that also writes."""
    return not all(read_only(permission) for permission in SPECS[kind].reads)


async def _compare(client: BulkReadClient, resource: Declared) -> list[Finding]:
    spec = SPECS[resource.kind]
    live = await spec.ops.read(Context(client), resource.id, resource.props)

    def finding(prop: str, expected: Any, value: Any) -> Finding:
        return Finding(
            resource.urn, resource.name, resource.kind, resource.component, prop, expected, value
        )

    if live is None:
        return [finding(MISSING, "present", "deleted")]
    declared, have = spec.normalise(resource.inputs), spec.normalise(live)
    return [
        finding(prop.name, declared[prop.name], have[prop.name])
        for prop in spec.props
        if prop.diffed
        and prop.name in live
        and prop.name in resource.inputs
        and is_known(declared[prop.name])
        and declared[prop.name] != have[prop.name]
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
                    str(group["id"]),
                    nickname,
                    str(group.get("displayName") or ""),
                    group.get("createdDateTime"),
                )
            )
    return sorted(found, key=lambda item: item.mail_nickname.lower())
