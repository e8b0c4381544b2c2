"""The resources a description declares, planned without the engine (Pulumi mocks).

The components run under mocks exactly as in `pulumi preview`; a stack transformation records
each resource's type, name, inputs, protection and enclosing component.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import pulumi

from tenantctl.components import BuildOptions, build_tenant
from tenantctl.components.directory import GroupProvider
from tenantctl.components.labels import COMPONENTS
from tenantctl.governance.subject import PlannedResource
from tenantctl.jobs.urns import kind_of
from tenantctl.m365.roles import ROLES
from tenantctl.model import Tenant


class _Mocks(pulumi.runtime.Mocks):
    """Echo inputs as outputs; answer azuread user and role look-ups with placeholder ids."""

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        return f"planned-{args.name}", dict(args.inputs)

    def call(
        self, args: pulumi.runtime.MockCallArgs
    ) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
        if args.token == "azuread:index/getDirectoryRoles:getDirectoryRoles":
            roles = [
                {"objectId": f"planned-{r.template_id}", "templateId": r.template_id} for r in ROLES
            ]
            return {"roles": roles}, []
        return {"objectId": f"planned-{args.args.get('userPrincipalName', '')}"}, []


class _Recorder:
    def __init__(self) -> None:
        self.components: dict[str, str] = {}
        self.planned: list[PlannedResource] = []

    def __call__(self, args: pulumi.ResourceTransformationArgs) -> None:
        kind = kind_of(args.type_)
        if kind in COMPONENTS:
            self.components[args.name] = kind
            return
        parent = args.opts.parent if args.opts else None
        parent_name = parent._name if parent is not None else None
        props = {k: v for k, v in args.props.items() if not k.startswith("__")}
        self.planned.append(
            PlannedResource(
                kind=kind,
                name=args.name,
                props=props,
                component=self.components.get(parent_name or ""),
                component_name=parent_name,
                protect=bool(args.opts and args.opts.protect),
            )
        )


def plan_resources(tenant: Tenant, group_provider: GroupProvider) -> tuple[PlannedResource, ...]:
    """Every resource `pulumi preview` would plan for this description."""
    recorder = _Recorder()

    def program() -> None:
        pulumi.runtime.register_stack_transformation(recorder)
        build_tenant(tenant, BuildOptions(group_provider=group_provider))

    with _mock_loops():
        pulumi.runtime.set_mocks(_Mocks(), project="m365-tenant", stack="plan", preview=True)
        pulumi.runtime.test(program)()  # type: ignore[no-untyped-call]
    return tuple(recorder.planned)


@contextmanager
def _mock_loops() -> Iterator[None]:
    """The current thread's event loop for the program, whose executor threads (where the
    mock monitor answers the SDK's calls, each needing a loop of its own) get loops that are
    closed with it: a thread's loop left open is collected at the interpreter's exit, and a
    `tenantctl check` that had finished could print a traceback from it."""
    thread_loops: list[asyncio.AbstractEventLoop] = []

    def give_thread_a_loop() -> None:
        thread_loops.append(asyncio.new_event_loop())
        asyncio.set_event_loop(thread_loops[-1])

    loop = asyncio.new_event_loop()
    executor = ThreadPoolExecutor(initializer=give_thread_a_loop)
    loop.set_default_executor(executor)
    asyncio.set_event_loop(loop)
    try:
        yield
    finally:
        asyncio.set_event_loop(None)
        executor.shutdown(wait=True)
        loop.close()
        for thread_loop in thread_loops:
            thread_loop.close()
