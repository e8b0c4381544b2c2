"""Each team setting has exactly one owner among the resource kinds: TeamSettings reads,
diffs and PATCHes it; Team only sends it in the creation body."""

from __future__ import annotations

import pytest

from tenantctl.model.schema import TeamSettings
from tenantctl.resources.specs.team_body import MANAGED, managed
from tenantctl.resources.specs.team_settings import BLOCKS, KNOWN
from tenantctl.translate import team_settings_body

MODEL = team_settings_body(TeamSettings())
PROPERTIES = sorted((block, name) for block, values in MODEL.items() for name in values)


def owners(block: str, name: str) -> list[str]:
    """The kinds that keep `block.name` in step after creation."""
    found = []
    if block in MANAGED:
        found.append("Team")
    if block in BLOCKS.values() and name in KNOWN[block]:
        found.append("TeamSettings")
    return found


@pytest.mark.parametrize(("block", "name"), PROPERTIES)
def test_exactly_one_kind_owns_each_setting(block: str, name: str) -> None:
    assert owners(block, name) == ["TeamSettings"]


def test_the_settings_the_model_sets_are_those_team_settings_knows() -> None:
    assert {block: set(values) for block, values in MODEL.items()} == KNOWN


def test_a_team_compares_none_of_its_creation_bodys_settings() -> None:
    body = {"displayName": "Ateliers", "visibility": "Private", **MODEL}
    assert managed(body) == {"displayName": "Ateliers", "visibility": "private"}
