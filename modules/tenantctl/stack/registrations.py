"""Declare a stack a component at a time, so the program never holds every registration at once.

The Pulumi Python SDK keeps each registration's request, task and serialised inputs until the
engine has answered it, and `up` answers a registration once the resource is applied, a few
at a time. A program that declares its whole tenant at once holds all of them: on the
engine alone it went from 89 to 190 MiB between 167 and 2,349 resources (docs/engine.md,
"Memory"). Here the program declares one component, then waits while more than `IN_FLIGHT`
of its resources are unanswered before it declares the next.

A preview answers a registration as soon as the engine has planned it, so a preview still shows
every resource. The wait never holds back what a waiting resource needs: a component's
dependencies are declared before it, and already in flight.
"""

from __future__ import annotations

import asyncio
from collections.abc import Generator, Iterator
from typing import Any, TypeVar

import pulumi

T = TypeVar("T")

Steps = Generator[None, None, T]
"""A program's declarations, one component per step; its return value is what it declared."""

IN_FLIGHT = 256
"""Resources declared and not yet answered before the program waits: many more than the
engine applies at once (`pulumi up --parallel`, 4 per CPU by default), as most of them wait on
their team or group, and few enough to keep the program flat."""


def declared(steps: Steps[T]) -> T:
    """Run every step at once (tests and `tenantctl check`, where the mocks answer at once)."""
    returned: list[T] = []
    for _ in _stepped(steps, returned):
        pass
    return returned[0]


async def declared_in_turn(steps: Steps[T], in_flight: int = IN_FLIGHT) -> T:
    """Run the steps, waiting after each while more than IN_FLIGHT of the resources they
    declared are still unanswered by the engine."""
    unanswered: set[asyncio.Future[Any]] = set()
    new: list[pulumi.Resource] = []
    # Transformations see every resource as it is constructed, before it has a URN.
    pulumi.runtime.register_stack_transformation(lambda args: new.append(args.resource))
    returned: list[T] = []
    for _ in _stepped(steps, returned):
        unanswered.update(asyncio.ensure_future(resource.urn.future()) for resource in new)
        new.clear()
        while len(unanswered) > in_flight:
            answered, _ = await asyncio.wait(unanswered, return_when=asyncio.FIRST_COMPLETED)
            unanswered -= answered
            for registration in answered:
                # A failed registration is the SDK's to report; taking its error here keeps
                # asyncio from reporting it again when the program ends.
                registration.exception()
    return returned[0]


def _stepped(steps: Steps[T], returned: list[T]) -> Iterator[None]:
    """The steps one at a time; what they return is put in RETURNED."""
    returned.append((yield from steps))
