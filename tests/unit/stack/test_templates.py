"""Teams templates render into POST /teams bodies that Graph v1.0 accepts, strictly."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tenantctl.model import SpaceKind, TenantIndex
from tenantctl.stack.project import load_stack, templates_dir
from tenantctl.stack.templates import TeamTemplateError, render_team_body

STACKS = ("demo", "city_metropolis")


@pytest.mark.parametrize("stack", STACKS)
def test_every_rendered_team_body_matches_the_graph_schema(stack: str, graph_schema: Any) -> None:
    tenant = load_stack(stack).tenant
    index = TenantIndex(tenant)
    violations = {
        space.key: graph_schema.check(
            "team", render_team_body(index, space), strict_open_types=True
        )
        for space in tenant.spaces
    }
    assert {key: found for key, found in violations.items() if found} == {}
    assert {space.kind for space in tenant.spaces} == set(SpaceKind)


def test_a_body_binds_the_standard_template_and_carries_the_space_settings() -> None:
    tenant = load_stack("demo").tenant
    index = TenantIndex(tenant)
    space = next(s for s in tenant.spaces if s.kind is SpaceKind.PARTNER)
    body = render_team_body(index, space)
    assert body["template@odata.bind"].endswith("teamsTemplates('standard')")
    assert body["displayName"] == space.display_name
    assert body["visibility"] == "private"
    assert body["guestSettings"] == {
        "allowCreateUpdateChannels": space.settings.guests.allow_create_update_channels,
        "allowDeleteChannels": space.settings.guests.allow_delete_channels,
    }
    assert body["funSettings"]["giphyContentRating"] == space.settings.fun.giphy_content_rating


def test_only_standard_channels_are_created_with_the_team() -> None:
    tenant = load_stack("demo").tenant
    index = TenantIndex(tenant)
    for space in tenant.spaces:
        names = {c["displayName"] for c in render_team_body(index, space)["channels"]}
        for channel in space.channels:
            assert (channel.name in names) == (channel.kind.value == "standard")


def _copy_templates(tmp_path: Path) -> Path:
    folder = tmp_path / "teams_templates"
    shutil.copytree(templates_dir(), folder)
    return folder


def _intra_space() -> tuple[TenantIndex, Any]:
    tenant = load_stack("demo").tenant
    space = next(s for s in tenant.spaces if s.kind is SpaceKind.INTRA)
    return TenantIndex(tenant), space


def test_an_undefined_variable_is_an_error_naming_template_and_line(tmp_path: Path) -> None:
    folder = _copy_templates(tmp_path)
    template = folder / "intra-directorate.json.j2"
    lines = template.read_text().splitlines()
    line_no = next(i for i, line in enumerate(lines, 1) if '"displayName"' in line)
    lines[line_no - 1] = '  "displayName": {{ space.nickname | tojson }},'
    template.write_text("\n".join(lines))
    index, space = _intra_space()
    with pytest.raises(TeamTemplateError) as error:
        render_team_body(index, space, folder)
    assert f"intra-directorate.json.j2 (space '{space.key}'):{line_no}:" in str(error.value)
    assert "nickname" in str(error.value)


def test_output_that_is_not_json_is_an_error(tmp_path: Path) -> None:
    folder = _copy_templates(tmp_path)
    template = folder / "intra-directorate.json.j2"
    template.write_text(template.read_text().replace('"visibility":', '"visibility"'))
    index, space = _intra_space()
    with pytest.raises(TeamTemplateError, match="rendered output is not valid JSON"):
        render_team_body(index, space, folder)


def test_a_misspelt_graph_property_in_a_template_fails_the_schema_check(
    tmp_path: Path, graph_schema: Any
) -> None:
    folder = _copy_templates(tmp_path)
    template = folder / "intra-directorate.json.j2"
    template.write_text(template.read_text().replace('"visibility"', '"visibilty"'))
    index, space = _intra_space()
    body = render_team_body(index, space, folder)
    violations = graph_schema.check("team", body, strict_open_types=True)
    assert any("visibilty" in v for v in violations)


def test_an_unknown_template_is_an_error(tmp_path: Path) -> None:
    index, space = _intra_space()
    with pytest.raises(TeamTemplateError, match="template not found"):
        render_team_body(index, space.model_copy(update={"template": "nope"}), tmp_path)


def test_a_space_is_created_with_its_own_settings_whatever_its_kind() -> None:
    index, space = _intra_space()
    guests = space.settings.guests.model_copy(update={"allow_create_update_channels": True})
    space = space.model_copy(
        update={"settings": space.settings.model_copy(update={"guests": guests})}
    )
    body = render_team_body(index, space)
    assert body["guestSettings"] == {
        "allowCreateUpdateChannels": True,
        "allowDeleteChannels": False,
    }


@pytest.mark.parametrize("template", sorted(p.name for p in templates_dir().glob("*.json.j2")))
def test_no_shipped_template_sets_what_the_space_settings_own(template: str) -> None:
    text = (templates_dir() / template).read_text()
    for block in ("memberSettings", "guestSettings", "messagingSettings", "funSettings"):
        assert block not in text, (template, block)


def test_a_template_that_sets_a_settings_block_is_refused_naming_it(tmp_path: Path) -> None:
    folder = _copy_templates(tmp_path)
    template = folder / "intra-directorate.json.j2"
    template.write_text(
        template.read_text().replace(
            '"channels": [', '"guestSettings": {"allowDeleteChannels": true},\n  "channels": ['
        )
    )
    index, space = _intra_space()
    with pytest.raises(TeamTemplateError) as error:
        render_team_body(index, space, folder)
    assert str(error.value) == (
        f"teams_templates/intra-directorate.json.j2 (space '{space.key}'): sets guestSettings, "
        "which the space's settings own; remove them from the template and set "
        f"spaces[{space.key}].settings instead"
    )
