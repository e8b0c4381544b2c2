"""Declare a tenant under Pulumi mocks and record every resource it registers."""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import pulumi
import pytest

from tenantctl.components import BuildOptions, BuiltTenant, declare_tenant
from tenantctl.m365.roles import ROLES
from tenantctl.model import Tenant
from tenantctl.model.derive import MIGRATION_DONE
from tenantctl.stack.registrations import Steps, declared, declared_in_turn

DYNAMIC_PREFIX = "pulumi-python:dynamic/"
STACK_REFERENCE = "pulumi:pulumi:StackReference"


@dataclass(frozen=True)
class Declared:
    """One registered resource: its type token, name and inputs, whether it is protected,
    and the names of the resources it waits for (`depends_on`)."""

    type: str
    name: str
    inputs: dict[str, Any]
    protect: bool = False
    depends_on: tuple[str, ...] = ()


class RecordingMocks(pulumi.runtime.Mocks):
    """Mocks that keep every resource and answer azuread user look-ups."""

    def __init__(self, references: dict[str, dict[str, Any]] | None = None) -> None:
        self.declared: list[Declared] = []
        self.references = references or {}

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        if args.typ == STACK_REFERENCE:
            self.declared.append(Declared(args.typ, args.name, dict(args.inputs)))
            stack = args.name.rsplit("/", 1)[-1]
            return args.name, {"name": args.name, "outputs": self.references[stack]}
        kind = args.typ.removeprefix(DYNAMIC_PREFIX)
        self.declared.append(Declared(kind, args.name, dict(args.inputs)))
        outputs = dict(args.inputs)
        for output in ("object_id", "objectId", "team_id", "user_id", "userId"):
            outputs.setdefault(output, f"out:{args.name}")
        return f"id:{args.name}", outputs

    def call(self, args: pulumi.runtime.MockCallArgs) -> dict[str, Any]:
        if args.token == "azuread:index/getUser:getUser":
            upn = args.args["userPrincipalName"]
            return {"objectId": f"oid:{upn}", "userPrincipalName": upn}
        if args.token == "azuread:index/getDirectoryRoles:getDirectoryRoles":
            roles = [
                {
                    "description": role.description,
                    "displayName": role.name,
                    "objectId": f"role:{role.template_id}",
                    "templateId": role.template_id,
                }
                for role in ROLES
            ]
            return {"objectIds": [r["objectId"] for r in roles], "roles": roles}
        raise AssertionError(f"unexpected invoke {args.token}")


def run_under_mocks(
    mocks: pulumi.runtime.Mocks, program: Callable[[], Any], preview: bool = False
) -> None:
    """Run a Pulumi program under mocks, on an event loop of its own."""
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        pulumi.runtime.set_mocks(mocks, project="m365-tenant", stack="test", preview=preview)
        pulumi.runtime.test(program)()
    finally:
        asyncio.set_event_loop(None)
        loop.close()


def declare(
    tenant: Tenant,
    group_provider: str = "azuread",
    today: datetime.date = MIGRATION_DONE,
    *,
    shard: str | None = None,
    references: dict[str, dict[str, Any]] | None = None,
    in_flight: int | None = None,
) -> list[Declared]:
    """Every resource the components declare for a tenant, or one shard of it (the outputs of
    the stacks it references by name in `references`), on the date the program plans for, as
    the engine would see them; declared at once, or a component at a time with at most
    IN_FLIGHT resources unanswered (`tenantctl.stack.registrations`)."""
    mocks = RecordingMocks(references)
    options: dict[str, pulumi.ResourceOptions] = {}

    def record(args: pulumi.ResourceTransformationArgs) -> None:
        options[args.name] = args.opts or pulumi.ResourceOptions()

    def team_ids(built: BuiltTenant) -> pulumi.Output[Any]:
        return pulumi.Output.all(*(space.team_id for space in built.spaces.values()))

    async def in_turn(steps: Steps[BuiltTenant], in_flight: int) -> Any:
        return await team_ids(await declared_in_turn(steps, in_flight)).future()

    def program() -> Any:
        pulumi.runtime.register_stack_transformation(record)
        steps = declare_tenant(
            tenant,
            BuildOptions(
                group_provider=group_provider,  # type: ignore[arg-type]
                shard=shard,
                tenant_wide_stack="test-tenant",
                today=today,
            ),
        )
        if in_flight is None:
            return team_ids(declared(steps))
        return asyncio.ensure_future(in_turn(steps, in_flight))

    run_under_mocks(mocks, program)
    return [_with_options(d, options.get(d.name)) for d in mocks.declared]


def _with_options(declared: Declared, opts: pulumi.ResourceOptions | None) -> Declared:
    if opts is None:
        return declared
    waits = opts.depends_on if isinstance(opts.depends_on, list) else []
    return replace(
        declared,
        protect=bool(opts.protect),
        depends_on=tuple(r._name for r in waits if isinstance(r, pulumi.Resource)),
    )


@pytest.fixture(scope="module")
def by_type() -> Any:
    """Group declared resources by type."""

    def group(declared: list[Declared]) -> dict[str, list[Declared]]:
        result: dict[str, list[Declared]] = {}
        for item in declared:
            result.setdefault(item.type, []).append(item)
        return result

    return group
