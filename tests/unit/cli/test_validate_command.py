"""`tenantctl validate` reports every problem with its file, line, key and fix; no traceback."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tenantctl.cli import main
from tests.support.cli import error_lines, one_error, tenantctl


def test_a_valid_stack_is_summarised_and_exits_zero(project: Path) -> None:
    result = CliRunner().invoke(main, ["validate", "demo"])
    assert result.exit_code == 0, result.output
    assert "demo is valid: 1 organisations, 3 directorates, 5 team spaces" in result.output


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


# As users run it: a subprocess, bounded in time and memory -------------------------------

KNOWN = "known: city_metropolis, demo"


NOT_A_STACK = {
    "": ".",
    ".": ".",
    "bomb/": "stacks/bomb",
    "../stacks/demo": "../stacks/demo",
    "demo\nx": "stacks/demo\nx",
}
"""Names that are neither a stack of stacks/ nor a stack folder, and how the error shows them
(`tenantctl` runs in the repository, outside the test's project)."""


@pytest.mark.parametrize("name", sorted(NOT_A_STACK))
def test_a_name_that_is_not_a_stack_is_one_line_naming_the_known_stacks(
    project: Path, name: str
) -> None:
    assert one_error(tenantctl("validate", name)) == (
        f"error: no stack description {NOT_A_STACK[name]!r}; {KNOWN} (or give the path of a "
        "stack folder, holding __init__.py or data/)"
    )


def test_an_absolute_path_that_is_not_a_stack_folder_is_one_line(project: Path) -> None:
    assert one_error(tenantctl("validate", project / "teams_templates")) == (
        f"error: no stack description 'teams_templates'; {KNOWN} (or give the path of a stack "
        "folder, holding __init__.py or data/)"
    )


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _dev_zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


def _loop(path: Path) -> None:
    path.symlink_to(path.name)


def _dangling(path: Path) -> None:
    path.symlink_to("removed.yaml")


def _folder(path: Path) -> None:
    path.mkdir()
    (path / "inside.yaml").write_text("people: []\n")


def _legal_but_huge(path: Path) -> None:
    person = "  - {upn: p%06d@montaurel.fr, display_name: Personne %06d, directorate: DRH}\n"
    with path.open("w") as crowd:
        crowd.write("people:\n")
        number = 0
        while crowd.tell() < 19.5 * 2**20:
            crowd.write(person % (number, number))
            number += 1


HOSTILE_ENTRIES = {
    "a FIFO": (_fifo, "is a FIFO (named pipe), not a regular file"),
    "a link to /dev/zero": (_dev_zero, "is a link to a file outside the data folder"),
    "a link loop": (_loop, "is a link that leads back to itself"),
    "a dangling link": (_dangling, "is a link to nothing"),
    "a folder": (_folder, "is a folder, not a file"),
    "a legal 19.5 MiB file": (_legal_but_huge, "bytes, over the 2097152-byte limit"),
}


@pytest.mark.parametrize("stack", ["demo", "city_metropolis"])
@pytest.mark.parametrize("case", sorted(HOSTILE_ENTRIES))
def test_a_hostile_entry_in_the_data_folder_is_one_finding_in_seconds(
    project: Path, stack: str, case: str
) -> None:
    make, says = HOSTILE_ENTRIES[case]
    make(project / "stacks" / stack / "data" / "hostile.yaml")
    started = time.monotonic()
    finding, summary = error_lines(tenantctl("validate", stack, timeout=60))
    assert time.monotonic() - started < 30
    assert finding.startswith(f"stacks/{stack}/data/hostile.yaml:1: error: (file): ")
    assert says in finding
    assert summary == f"{stack}: 1 error(s); nothing was applied."


@pytest.mark.parametrize("given", ["stacks/demo", "demo/", "{project}/stacks/demo"])
def test_a_stack_may_be_named_by_its_folder(project: Path, given: str) -> None:
    result = CliRunner().invoke(main, ["validate", given.format(project=project)])
    assert result.exit_code == 0, result.output
    assert "is valid: 1 organisations, 3 directorates, 5 team spaces" in result.output


def test_a_stack_folder_outside_the_project_is_read_by_its_describe(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    elsewhere = tmp_path_factory.mktemp("exports") / "brume d'été"
    shutil.copytree(project / "stacks" / "demo", elsewhere)
    result = CliRunner().invoke(main, ["validate", str(elsewhere)])
    assert result.exit_code == 0, result.output
    assert "is valid: 1 organisations, 3 directorates, 5 team spaces" in result.output


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
