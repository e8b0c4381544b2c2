"""Every command that takes a stack description names it by its folder under stacks/ or by the
path of a stack folder; anything else is one line naming the known stacks, never a
traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli import one_error, tenantctl

ROOT = Path(__file__).resolve().parents[3]

NOT_A_STACK = (
    "error: no stack description '../stacks/demo'; known: city_metropolis, demo (or give the "
    "path of a stack folder, holding __init__.py or data/)"
)


@pytest.mark.parametrize(
    ("command", "said"),
    [
        (["check"], f"check: {NOT_A_STACK}"),
        (["report", "licences"], f"report: {NOT_A_STACK}"),
        (["report", "adoption"], f"report: {NOT_A_STACK}"),
        (["seed-local"], f"seed-local: {NOT_A_STACK}"),
    ],
)
def test_a_path_that_is_not_a_stack_folder_is_one_line_naming_the_known_stacks(
    project: Path, tmp_path: Path, command: list[str], said: str
) -> None:
    options = {
        "seed-local": ["--data", str(tmp_path)],
        "licences": ["--prices", str(ROOT / "reports" / "prices.yaml"), "--out", str(tmp_path)],
        "adoption": ["--out", str(tmp_path)],
    }.get(command[-1], [])
    assert one_error(tenantctl(*command, "../stacks/demo", *options)) == said
