"""Drift: each declared resource read back through its spec, compared in normal form.

The comparison is the providers' own: the spec's `read` puts Graph's object in the inputs'
terms and the spec's normalisers decide what is equal, so drift and `pulumi refresh` agree
on what a change is. Only properties the stack declares and Graph reads back are compared.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from tenantctl.drift.bulk import BulkReadClient
from tenantctl.drift.state import Declared, StackState
from tenantctl.resources.context import Context
from tenantctl.resources.registry import SPECS
from tenantctl.resources.spec import is_known

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


async def read_all(client: BulkReadClient, state: StackState, done: Any = None) -> list[Finding]:
    """Read every declared resource at once and compare; `done()` is called per object."""

    async def one(resource: Declared) -> list[Finding]:
        found = await _compare(client, state, resource)
        if done is not None:
            done()
        return found

    results = await asyncio.gather(*(one(resource) for resource in state.resources))
    return [finding for found in results for finding in found]


async def _compare(client: BulkReadClient, state: StackState, resource: Declared) -> list[Finding]:
    spec = SPECS[resource.kind]
    live = await spec.ops.read(Context(client), resource.id, resource.props)

    def finding(prop: str, expected: Any, value: Any) -> Finding:
        component = state.component(resource)
        return Finding(resource.urn, resource.name, resource.kind, component, prop, expected, value)

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


def unmanaged_groups(client: BulkReadClient, state: StackState) -> list[Unmanaged]:
    """Groups whose mailNickname carries one of the stack's prefixes but are not declared.

    The prefixes are those of the declared groups' mailNicknames (`MTL-` of
    `MTL-DRH-equipe`), so the scope follows the stack's naming without further settings.
    """
    declared = [r for r in state.resources if r.kind == "Group"]
    prefixes = {
        str(r.inputs.get("mail_nickname", "")).split("-", 1)[0].lower() + "-" for r in declared
    }
    ids = {r.id for r in declared}
    found = []
    for group in client.snapshot.groups.values():
        nickname = str(group.get("mailNickname") or "")
        if group["id"] not in ids and nickname.lower().startswith(tuple(prefixes)):
            found.append(
                Unmanaged(
                    str(group["id"]),
                    nickname,
                    str(group.get("displayName") or ""),
                    group.get("createdDateTime"),
                )
            )
    return sorted(found, key=lambda item: item.mail_nickname.lower())
