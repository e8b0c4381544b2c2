"""A stack of tens of thousands of objects declares thousands of dynamic resources in one run."""

from __future__ import annotations

import pickle
from typing import Any

import pulumi

from tenantctl.resources.specs.team_settings import TeamSettings, TeamSettingsArgs
from tests.unit.components.conftest import RecordingMocks, run_under_mocks

RESOURCE_COUNT = 3000


def test_thousands_of_graph_resources_serialise_without_nesting_the_pickler() -> None:
    batch_setitems = pickle._Pickler._batch_setitems
    mocks = RecordingMocks()

    def program() -> Any:
        declared = [
            TeamSettings(
                f"settings-{n}",
                TeamSettingsArgs(team_id=f"team-{n}", fun_settings={"allowGiphy": False}),
            )
            for n in range(RESOURCE_COUNT)
        ]
        return pulumi.Output.all(*(r.id for r in declared[:10]))

    run_under_mocks(mocks, program)
    assert len(mocks.declared) == RESOURCE_COUNT
    assert pickle._Pickler._batch_setitems is batch_setitems
