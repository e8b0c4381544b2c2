"""preview-report's input, whatever it is: any JSON gives a report or one line naming what is
wrong, never a traceback; a preview with an error diagnostic is never "No changes".

Inputs are drawn three ways: any JSON value; documents of the preview's shape with any value
in any place; and the project's real previews (tests/unit/preview/fixtures/) with one value,
anywhere in them, replaced by any JSON.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tenantctl.cli import main
from tenantctl.jobs.exit_codes import ExitCode
from tenantctl.preview.render import MARKER
from tenantctl.resources.registry import SPECS

FIXTURES = Path(__file__).parent / "fixtures"
SKUS = FIXTURES / "subscribed_skus.json"
REAL = ("licence_seats", "refused", "changes", "program_failed")
OPS = ("create", "update", "replace", "delete", "same", "create-replacement", "read", "import")
EXAMPLES = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

Path_ = tuple[str | int, ...]


@cache
def real(name: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((FIXTURES / f"{name}.json").read_text())
    return document


@cache
def places(name: str) -> tuple[Path_, ...]:
    """Every place (key path) of a real preview."""
    found: list[Path_] = []

    def walk(value: Any, path: Path_) -> None:
        found.append(path)
        if isinstance(value, dict | list):
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, inner in items:
                walk(inner, (*path, key))

    walk(real(name), ())
    return tuple(found[1:])


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**40), 2**40)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
real_urns = st.sampled_from(
    sorted({str(step["urn"]) for name in REAL for step in real(name).get("steps", ())})
)
urns = real_urns | st.text(max_size=30) | json_values
prop_names = st.sampled_from(sorted({p.name for spec in SPECS.values() for p in spec.props}))
states = st.fixed_dictionaries(
    {},
    optional={
        "type": st.sampled_from([f"pulumi-python:dynamic/tenantctl:{k}" for k in SPECS])
        | json_values,
        "parent": urns,
        "custom": st.booleans() | json_values,
        "inputs": st.dictionaries(prop_names | st.text(max_size=8), json_values, max_size=4)
        | json_values,
        "outputs": json_values,
        "dependencies": st.lists(urns, max_size=2) | json_values,
    },
)
steps = st.fixed_dictionaries(
    {},
    optional={
        "op": st.sampled_from(OPS) | json_values,
        "urn": urns,
        "oldState": states | json_values,
        "newState": states | json_values,
        "replaceReasons": st.lists(st.text(max_size=8) | json_values, max_size=2) | json_values,
    },
)
diagnostics = st.fixed_dictionaries(
    {},
    optional={
        "urn": urns,
        "message": st.text(max_size=40) | json_values,
        "severity": st.sampled_from(["error", "warning", "info"]) | json_values,
    },
)
previews = st.fixed_dictionaries(
    {},
    optional={
        "steps": st.lists(steps, max_size=4) | json_values,
        "changeSummary": st.dictionaries(
            st.sampled_from(OPS) | st.text(max_size=8),
            st.integers(0, 60) | json_values,
            max_size=4,
        )
        | json_values,
        "diagnostics": st.lists(diagnostics, max_size=3) | json_values,
        "config": json_values,
    },
)


@st.composite
def altered_real_previews(draw: st.DrawFn) -> Any:
    """A real preview with the value at one place replaced by any JSON."""
    name = draw(st.sampled_from(REAL))
    document = copy.deepcopy(real(name))
    place = draw(st.sampled_from(places(name)))
    holder: Any = document
    for key in place[:-1]:
        holder = holder[key]
    holder[place[-1]] = draw(json_values)
    return document


def reported(document: Any) -> tuple[int, str]:
    """preview-report on DOCUMENT (standard input): its exit code and output, once it is
    known to be a report or one error line, never a traceback."""
    result = CliRunner().invoke(
        main,
        ["preview-report", "local", "--from", "-", "--skus", str(SKUS)],
        input=json.dumps(document),
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    if result.exit_code == ExitCode.ERROR:
        (line,) = result.output.splitlines()
        assert line.startswith("preview-report: error: standard input")
        assert "internal error" not in line
        assert line.endswith("(expected the output of `pulumi preview --json`)")
    else:
        assert result.exit_code in (ExitCode.OK, ExitCode.ATTENTION, ExitCode.REFUSED)
        assert result.output.startswith(MARKER + "\n")
    return result.exit_code, result.output


def failed(document: Any) -> bool:
    """Whether DOCUMENT says the preview failed (a diagnostic of severity error)."""
    found = document.get("diagnostics") if isinstance(document, dict) else None
    return isinstance(found, list) and any(
        isinstance(d, dict) and d.get("severity") == "error" for d in found
    )


def check(document: Any) -> None:
    code, output = reported(document)
    if failed(document):
        assert code in (ExitCode.REFUSED, ExitCode.ERROR)
        assert "No changes." not in output
    if code == ExitCode.REFUSED:
        assert "### ⛔ The preview failed" in output


@EXAMPLES
@given(json_values)
def test_any_json_value_is_a_report_or_one_line(document: Any) -> None:
    check(document)


@EXAMPLES
@given(previews)
def test_any_document_of_the_previews_shape_is_a_report_or_one_line(document: Any) -> None:
    check(document)


@EXAMPLES
@given(altered_real_previews())
def test_a_real_preview_with_any_value_anywhere_is_a_report_or_one_line(document: Any) -> None:
    check(document)


def test_the_real_previews_are_reports() -> None:
    assert [reported(real(name))[0] for name in REAL] == [
        ExitCode.ATTENTION,
        ExitCode.REFUSED,
        ExitCode.ATTENTION,
        ExitCode.REFUSED,
    ]
