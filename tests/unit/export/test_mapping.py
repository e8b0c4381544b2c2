"""`tenantctl export --mapping FILE` refuses a mapping it cannot use in one line naming the
file, line, key and fix, before any request reaches the tenant; never a traceback."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tenantctl.graph.settings import ENVIRONMENT
from tenantctl.model.data_folder import MAX_FILE_BYTES
from tests.support.cli import one_error, tenantctl

SYNTAX_FIX = (
    "(fix: check indentation, quoting and the ':' after each key; only plain YAML "
    "(no tags such as !!python) is accepted)"
)
VALUE_FIX = "(fix: correct the value (the mapping's format: docs/adoption.md, 'The mapping file'))"


def _text(text: str) -> Callable[[Path], None]:
    return lambda path: path.write_text(text, encoding="utf-8")


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _dev_zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


def _too_large(path: Path) -> None:
    with path.open("wb") as large:
        large.truncate(MAX_FILE_BYTES + 1)


MAPPINGS: dict[str, tuple[Callable[[Path], None], str]] = {
    "unclosed brackets": (
        _text("departments: [\n"),
        ":2: error: (file): malformed YAML: while parsing a flow node expected the node "
        f"content, but found '<stream end>' {SYNTAX_FIX}",
    ),
    "a lower-case prefix and no domain": (
        _text(
            "organisations:\n"
            "  - {key: ville, display_name: Ville d'Ys, company_name: Ville d'Ys,\n"
            "     prefix: vdm}\n"
        ),
        ":3: error: mapping.organisations[0].prefix: String should match pattern "
        f"'^[A-Z]{{2,6}}$' (and 1 more problem(s)) {VALUE_FIX}",
    ),
    "a list for a directorate code": (
        _text("departments:\n  Ressources humaines: DRH\n  Finances: [DF]\n"),
        f":3: error: mapping.departments.Finances: Input should be a valid string {VALUE_FIX}",
    ),
    "a list": (
        _text("- departments\n"),
        ":1: error: mapping: Input should be a valid dictionary or instance of ExportMapping "
        f"{VALUE_FIX}",
    ),
    "a review interval that is not a number": (
        _text("review: {every_months: bientôt}\n"),
        ":1: error: mapping.review.every_months: Input should be a valid integer, unable to "
        f"parse string as an integer {VALUE_FIX}",
    ),
    "a python tag": (
        _text("departments: !!python/object/apply:os.system [true]\n"),
        ":1: error: (file): the tag '!!python/object/apply:os.system' is not accepted (fix: "
        "write plain values without tags such as !!python or !!timestamp)",
    ),
    "a FIFO": (
        _fifo,
        ":1: error: (file): is a FIFO (named pipe), not a regular file (fix: give a regular file)",
    ),
    "a folder": (
        lambda path: path.mkdir(),
        ":1: error: (file): is a folder, not a regular file (fix: give a regular file)",
    ),
    "a link to /dev/zero": (
        _dev_zero,
        ":1: error: (file): is a character device, not a regular file (fix: give a regular file)",
    ),
    "a file over the size limit": (
        _too_large,
        f":1: error: (file): file is {MAX_FILE_BYTES + 1} bytes, over the {MAX_FILE_BYTES}-byte "
        "limit (fix: split the data into several files in the same folder)",
    ),
}


@pytest.mark.parametrize("case", sorted(MAPPINGS))
def test_a_mapping_that_cannot_be_used_is_one_line_before_any_request(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    for variable in ENVIRONMENT.values():  # no tenant and no credential: nothing is read
        monkeypatch.delenv(variable, raising=False)
    make, says = MAPPINGS[case]
    mapping = tmp_path / "mapping.yaml"
    make(mapping)
    line = one_error(tenantctl("export", "--out", tmp_path / "out", "--mapping", mapping))
    assert line == f"export: error: {mapping}{says}"
    assert not (tmp_path / "out").exists()
