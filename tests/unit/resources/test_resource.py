"""A Graph resource sends every input to the engine and exposes its id and its kind's outputs,
not its inputs: the program does not keep an output per input until the update ends."""

from __future__ import annotations

from typing import Any

import pulumi

from tenantctl.resources.specs.channel import Channel, ChannelArgs
from tests.unit.components.conftest import RecordingMocks, run_under_mocks

NAME = "Réunion d\u2019équipe"


def test_a_graph_resource_sends_its_inputs_and_exposes_only_its_outputs() -> None:
    mocks = RecordingMocks()
    declared: list[Channel] = []

    def program() -> Any:
        channel = Channel("channel", ChannelArgs(team_id="team", display_name=NAME))
        declared.append(channel)
        return pulumi.Output.all(channel.channel_id, channel.web_url)

    run_under_mocks(mocks, program)

    (sent,) = mocks.declared
    assert sent.inputs["display_name"] == NAME
    assert sent.inputs["team_id"] == "team"
    (channel,) = declared
    assert not {"team_id", "display_name", "members"} & vars(channel).keys()
    assert "web_url" in vars(channel)
