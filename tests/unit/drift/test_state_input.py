"""The state drift reads is input it must not trust (a file given with --state, or an export of
the wrong stack): any JSON gives the declared resources or one `JobError` line, in bounded
time, never another exception."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tenantctl.drift.state import declared, index_state
from tenantctl.jobs.pulumi_cli import JobError

GRAPH = "pulumi-python:dynamic/tenantctl:"
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
VALUES = JSON | st.sampled_from(
    [f"{GRAPH}Group", f"{GRAPH}Channel", "urn:pulumi:s::p::t::n", "not a urn", "", "::"]
)
RESOURCE = st.fixed_dictionaries(
    {},
    optional={
        "urn": VALUES,
        "type": VALUES,
        "id": VALUES,
        "custom": st.booleans() | JSON,
        "inputs": JSON,
        "outputs": JSON,
        "parent": VALUES,
    },
)
DOCUMENT = st.one_of(
    JSON,
    st.fixed_dictionaries({"deployment": JSON}),
    st.fixed_dictionaries(
        {"deployment": st.fixed_dictionaries({"resources": st.lists(RESOURCE | JSON, max_size=6)})}
    ),
)


def read(path: Path) -> None:
    index_state(path)
    for resource in declared(path):
        assert isinstance(resource.urn, str) and isinstance(resource.id, str)
        assert isinstance(resource.inputs, dict) and isinstance(resource.outputs, dict)
        assert resource.kind and resource.name


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(document=DOCUMENT)
def test_any_json_state_is_read_or_refused_in_one_line(tmp_path: Path, document: Any) -> None:
    path = tmp_path / "state.json"
    path.write_text(json.dumps(document))
    started = time.monotonic()
    try:
        read(path)
    except JobError as error:
        assert "\n" not in str(error) and str(error)
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("text", ["", "{", "[1,", "\x00\x01", '{"deployment": {"resources": 5}}'])
def test_a_broken_state_file_is_one_line(tmp_path: Path, text: str) -> None:
    path = tmp_path / "state.json"
    path.write_text(text)
    with pytest.raises(JobError) as raised:
        read(path)
    assert "\n" not in str(raised.value)
