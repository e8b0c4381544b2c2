"""`tenantctl validate` reports every problem with its file, line, key and fix; no traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tenantctl.cli import main


def test_a_valid_stack_is_summarised_and_exits_zero(project: Path) -> None:
    result = CliRunner().invoke(main, ["validate", "demo"])
    assert result.exit_code == 0, result.output
    assert "demo is valid: 1 organisations, 3 directorates, 4 team spaces" in result.output


def test_a_bad_stack_lists_each_error_with_its_place_and_exits_one(project: Path) -> None:
    inter = project / "stacks/demo/data/spaces/inter.yaml"
    inter.write_text(
        inter.read_text().replace(
            "owners: [julien.carrel@montaurel.fr, marc.delorme@montaurel.fr]",
            "owners: [julien.carrel@montaurel.fr]",
        )
    )
    partners = project / "stacks/demo/data/spaces/partners.yaml"
    partners.write_text(partners.read_text().replace("kind: partner", "kind: partnr"))
    result = CliRunner().invoke(main, ["validate", "demo"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if ": error: " in line]
    assert len(lines) == 2
    assert lines[0].startswith("stacks/demo/data/spaces/inter.yaml:9: error: spaces[")
    assert "owners: the team has 1 owner(s); at least 2 are needed" in lines[0]
    assert lines[1].startswith("stacks/demo/data/spaces/partners.yaml:")
    assert ".kind: Input should be 'intra', 'inter' or 'partner'" in lines[1]
    assert "demo: 2 error(s); nothing was applied." in result.output


def test_a_malformed_yaml_file_is_an_error_not_a_traceback(project: Path) -> None:
    (project / "stacks/demo/data/broken.yaml").write_text("spaces:\n  - key: [unclosed\n")
    result = CliRunner().invoke(main, ["validate", "demo"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "stacks/demo/data/broken.yaml:3: error: (file): malformed YAML" in result.output


def test_an_unknown_stack_names_the_known_ones(project: Path) -> None:
    result = CliRunner().invoke(main, ["validate", "nope"])
    assert result.exit_code == 1
    assert "no stack description 'stacks/nope'; known: city_metropolis, demo" in result.output


@pytest.mark.parametrize("given", ["stacks/demo", "demo/", "{project}/stacks/demo"])
def test_a_stack_may_be_named_by_its_folder(project: Path, given: str) -> None:
    result = CliRunner().invoke(main, ["validate", given.format(project=project)])
    assert result.exit_code == 0, result.output
    assert "is valid: 1 organisations, 3 directorates, 4 team spaces" in result.output


def test_a_stack_folder_outside_the_project_is_read_by_its_describe(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    elsewhere = tmp_path_factory.mktemp("exports") / "brume d'été"
    shutil.copytree(project / "stacks" / "demo", elsewhere)
    result = CliRunner().invoke(main, ["validate", str(elsewhere)])
    assert result.exit_code == 0, result.output
    assert "is valid: 1 organisations, 3 directorates, 4 team spaces" in result.output


def test_a_folder_of_data_alone_is_read_as_a_stack(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    elsewhere = tmp_path_factory.mktemp("exports") / "données"
    shutil.copytree(project / "stacks" / "demo" / "data", elsewhere / "data")
    inter = elsewhere / "data" / "spaces" / "inter.yaml"
    inter.write_text(
        inter.read_text().replace(
            "owners: [julien.carrel@montaurel.fr, marc.delorme@montaurel.fr]",
            "owners: [julien.carrel@montaurel.fr]",
        )
    )
    result = CliRunner().invoke(main, ["validate", str(elsewhere)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "inter.yaml:9: error: spaces[renovation-ecole].owners: the team has 1 owner(s)" in (
        result.output
    )
