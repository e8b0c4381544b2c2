"""A stack is declared a component at a time: the program waits while too many of the
resources it declared are unanswered by the engine, in an update as in a preview."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import pulumi
import pytest

from tenantctl.stack.registrations import Steps, declared, declared_in_turn
from tests.unit.components.conftest import run_under_mocks

IN_FLIGHT = 4
COMPONENTS, RESOURCES_EACH = 12, 3


class Note(pulumi.CustomResource):
    def __init__(self, name: str) -> None:
        super().__init__("test:index:Note", name, {"text": name})


class SlowMocks(pulumi.runtime.Mocks):
    """Answer each registration after a few milliseconds, counting the answers; fail the
    registrations named in `failing`."""

    def __init__(self, failing: frozenset[str] = frozenset()) -> None:
        self.answered = 0
        self.failing = failing
        self._lock = threading.Lock()

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        time.sleep(0.005)
        with self._lock:
            self.answered += 1
        if args.name in self.failing:
            raise RuntimeError(f"{args.name} refused")
        return f"id:{args.name}", dict(args.inputs)

    def call(self, args: pulumi.runtime.MockCallArgs) -> dict[str, Any]:
        raise AssertionError(f"unexpected invoke {args.token}")


class Program:
    """COMPONENTS steps of RESOURCES_EACH resources; before each step it notes how many of
    the resources declared so far the mocks had not answered."""

    def __init__(self, mocks: SlowMocks) -> None:
        self.mocks = mocks
        self.declared = 0
        self.unanswered_before_steps: list[int] = []

    def steps(self) -> Steps[int]:
        for component in range(COMPONENTS):
            self.unanswered_before_steps.append(self.declared - self.mocks.answered)
            for resource in range(RESOURCES_EACH):
                Note(f"c{component}-r{resource}")
                self.declared += 1
            yield
        return self.declared


@pytest.mark.parametrize("preview", [False, True], ids=["update", "preview"])
def test_the_next_component_waits_while_more_than_in_flight_resources_are_unanswered(
    preview: bool,
) -> None:
    mocks = SlowMocks()
    program = Program(mocks)
    result: list[int] = []

    async def paced() -> None:
        result.append(await declared_in_turn(program.steps(), in_flight=IN_FLIGHT))

    run_under_mocks(mocks, lambda: asyncio.ensure_future(paced()), preview)

    assert result == [COMPONENTS * RESOURCES_EACH]
    assert mocks.answered == COMPONENTS * RESOURCES_EACH
    assert max(program.unanswered_before_steps) <= IN_FLIGHT


def test_declaring_at_once_leaves_every_earlier_resource_unanswered() -> None:
    """What the wait prevents: without it, the last component is declared before the mocks
    have answered any of the resources before it."""
    mocks = SlowMocks()
    program = Program(mocks)

    run_under_mocks(mocks, lambda: declared(program.steps()))

    assert program.unanswered_before_steps[-1] == (COMPONENTS - 1) * RESOURCES_EACH


def test_a_refused_registration_does_not_hold_back_the_components_after_it() -> None:
    mocks = SlowMocks(failing=frozenset({"c0-r0", "c1-r2"}))
    program = Program(mocks)

    with pytest.raises(Exception, match="refused"):
        run_under_mocks(
            mocks, lambda: asyncio.ensure_future(declared_in_turn(program.steps(), IN_FLIGHT))
        )

    assert program.declared == COMPONENTS * RESOURCES_EACH
