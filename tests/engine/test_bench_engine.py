"""The engine bench's floor program runs at the sizes the bench measures: past a thousand
dynamic resources in one program, where the SDK's provider serialisation used to nest
once per resource until it exceeded Python's recursion limit (`bench/engine.py --spaces 48`)."""

from __future__ import annotations

import sys

import pytest

from tests.engine.conftest import ROOT, ProjectFactory

sys.path.insert(0, str(ROOT / "bench"))

from engine import trivial_program

pytestmark = pytest.mark.engine

PAST_THE_RECURSION_LIMIT = 1_000
"""Resources in one program: Python's default recursion limit is 1,000 frames, and each
registration used to add one."""


def test_the_floor_program_registers_a_thousand_resources(python_project: ProjectFactory) -> None:
    project = python_project("trivial", trivial_program(PAST_THE_RECURSION_LIMIT))
    project.run("stack", "init", "bench")
    preview = project.run("preview")
    assert "RecursionError" not in preview.stdout + preview.stderr
    assert f"+ {PAST_THE_RECURSION_LIMIT + 1} to create" in preview.stdout
