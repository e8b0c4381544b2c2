"""GraphObject takes msgraph-sdk models as bodies: the engine sees the JSON Graph receives."""

from __future__ import annotations

from typing import Any

import pulumi
from msgraph.generated.models.giphy_rating_type import GiphyRatingType
from msgraph.generated.models.group import Group
from msgraph.generated.models.team import Team
from msgraph.generated.models.team_fun_settings import TeamFunSettings

from tenantctl.resources.specs.graph_object import GraphObject, GraphObjectArgs
from tenantctl.resources.typed_bodies import graph_body
from tests.unit.components.conftest import RecordingMocks, run_under_mocks


def test_a_model_becomes_the_json_graph_receives_without_its_top_level_type() -> None:
    group = Group(
        display_name="Cellule d'astreinte — été",
        mail_nickname="astreinte-ete",
        mail_enabled=False,
        security_enabled=True,
        group_types=[],
    )
    assert graph_body(group) == {
        "displayName": "Cellule d'astreinte — été",
        "groupTypes": [],
        "mailEnabled": False,
        "mailNickname": "astreinte-ete",
        "securityEnabled": True,
    }
    team = Team(fun_settings=TeamFunSettings(giphy_content_rating=GiphyRatingType.Strict))
    assert graph_body(team) == {"funSettings": {"giphyContentRating": "strict"}}
    assert graph_body({"displayName": "as is"}) == {"displayName": "as is"}


def test_graph_object_registers_a_models_json_whether_given_plain_or_as_an_output() -> None:
    mocks = RecordingMocks()
    fun = Team(fun_settings=TeamFunSettings(allow_giphy=False))

    def program() -> pulumi.Output[Any]:
        plain = GraphObject("plain", GraphObjectArgs(path="teams/t1", body=fun, singleton=True))
        later = GraphObject(
            "later",
            GraphObjectArgs(path="teams/t2", body=pulumi.Output.from_input(fun), singleton=True),
        )
        return pulumi.Output.all(plain.object_id, later.object_id)

    run_under_mocks(mocks, program)
    bodies = {declared.name: declared.inputs["body"] for declared in mocks.declared}
    assert bodies == {
        "plain": {"funSettings": {"allowGiphy": False}},
        "later": {"funSettings": {"allowGiphy": False}},
    }
