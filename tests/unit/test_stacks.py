"""Every command that takes a stack description names it by its folder under stacks/: a path,
which could lead out of stacks/, is one line naming the known stacks, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli import one_error, tenantctl

ROOT = Path(__file__).resolve().parents[2]

NOT_PLAIN = (
    "stack name '../stacks/demo' is not a plain name: give the name of a folder under "
    "stacks/ (known: city_metropolis, demo)"
)


@pytest.mark.parametrize(
    ("command", "said"),
    [
        (["check"], f"error: {NOT_PLAIN}"),
        (["report", "licences"], f"Error: stack '../stacks/demo': {NOT_PLAIN}"),
        (["report", "adoption"], f"Error: stack '../stacks/demo': {NOT_PLAIN}"),
        (["seed-local"], f"Error: stack '../stacks/demo': {NOT_PLAIN}"),
    ],
)
def test_a_stack_given_as_a_path_is_one_line_naming_the_known_stacks(
    project: Path, tmp_path: Path, command: list[str], said: str
) -> None:
    options = {
        "seed-local": ["--data", str(tmp_path)],
        "licences": ["--prices", str(ROOT / "reports" / "prices.yaml"), "--out", str(tmp_path)],
        "adoption": ["--out", str(tmp_path)],
    }.get(command[-1], [])
    assert one_error(tenantctl(*command, "../stacks/demo", *options)) == said
