"""The data folder is untrusted: only regular files inside it are read, within fixed bounds.

Each entry that cannot be a data file is one finding naming it, found without opening it:
nothing in the folder can make loading hang, read without end or show a traceback.
"""

from __future__ import annotations

import os
import socket
import textwrap
import time
import tracemalloc
from typing import TYPE_CHECKING

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tenantctl.model import TenantDescriptionError, data_folder, load_tenant, yaml_source
from tests.unit.model.conftest import BASE

if TYPE_CHECKING:
    from pathlib import Path

    from conftest import Description

NOT_DATA_FIX = "remove it, or rename it so that its name does not end in .yaml or .yml"


def only_about(desc: Description, name: str) -> tuple[str, str]:
    """The message and fix of the description's single finding, which must be at NAME:1."""
    finding = desc.only()
    assert (str(finding.source), finding.key) == (f"{name}:1", "(file)")
    return finding.message, finding.fix


def test_a_fifo_is_refused_without_being_opened(desc: Description) -> None:
    os.mkfifo(desc.folder / "pipe.yaml")
    started = time.monotonic()
    message, fix = only_about(desc, "pipe.yaml")
    assert time.monotonic() - started < 10
    assert (message, fix) == ("is a FIFO (named pipe), not a regular file", NOT_DATA_FIX)


def test_a_socket_is_refused(desc: Description) -> None:
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind(str(desc.folder / "sock.yml"))
        assert only_about(desc, "sock.yml") == ("is a socket, not a regular file", NOT_DATA_FIX)


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/null", "/etc/hostname"])
def test_a_link_out_of_the_folder_is_not_followed(desc: Description, target: str) -> None:
    (desc.folder / "outside.yaml").symlink_to(target)
    assert only_about(desc, "outside.yaml") == (
        "is a link to a file outside the data folder",
        "copy the data into the folder instead of linking to it",
    )


def test_a_link_up_to_the_stack_folder_is_not_followed(
    desc: Description, tmp_path_factory: pytest.TempPathFactory
) -> None:
    shared = tmp_path_factory.mktemp("stack") / "shared.yaml"
    shared.write_text("people: []\n")
    (desc.folder / "shared.yaml").symlink_to(shared)
    assert only_about(desc, "shared.yaml")[0] == "is a link to a file outside the data folder"


def test_a_link_to_a_file_inside_the_folder_is_read(desc: Description) -> None:
    (desc.folder / "kept").mkdir()
    (desc.folder / "kept" / "people.txt").write_text(
        "people:\n  - {upn: zoe@ville-test.fr, display_name: Zoé, directorate: DRH}\n"
    )
    (desc.folder / "more.yaml").symlink_to("kept/people.txt")
    assert "zoe@ville-test.fr" in {p.upn for p in desc.load().tenant.people}


def test_a_link_loop_is_a_finding(desc: Description) -> None:
    (desc.folder / "loop.yaml").symlink_to("loop.yaml")
    (desc.folder / "ping.yaml").symlink_to("pong.yaml")
    (desc.folder / "pong.yaml").symlink_to("ping.yaml")
    findings = desc.findings()
    assert [str(f.source) for f in findings] == ["loop.yaml:1", "ping.yaml:1", "pong.yaml:1"]
    assert {f.message for f in findings} == {"is a link that leads back to itself"}


def test_a_dangling_link_is_a_finding(desc: Description) -> None:
    (desc.folder / "gone.yaml").symlink_to("removed.yaml")
    assert only_about(desc, "gone.yaml") == ("is a link to nothing", NOT_DATA_FIX)


def test_a_folder_named_like_a_data_file_is_a_finding_and_not_read(desc: Description) -> None:
    desc.write("x.yaml/broken.yaml", "people: [\n")
    assert only_about(desc, "x.yaml") == ("is a folder, not a file", NOT_DATA_FIX)


def test_a_link_to_a_folder_inside_is_a_finding(desc: Description) -> None:
    (desc.folder / "sub").mkdir()
    (desc.folder / "sub.yaml").symlink_to("sub")
    assert only_about(desc, "sub.yaml") == ("is a folder, not a regular file", NOT_DATA_FIX)


def test_hostile_file_names_are_shown_escaped_on_one_line(desc: Description) -> None:
    for name in ("new\nline.yaml", "bidi\u202e.yaml", os.fsdecode(b"latin1-\xe9.yaml")):
        os.mkfifo(desc.folder / name)
    findings = desc.findings()
    assert sorted(str(f.source) for f in findings) == [
        "bidi\\u202e.yaml:1",
        "latin1-\\udce9.yaml:1",
        "new\\nline.yaml:1",
    ]
    assert all("\n" not in str(f) for f in findings)


def test_a_file_at_the_size_limit_is_read(
    desc: Description, monkeypatch: pytest.MonkeyPatch
) -> None:
    largest = max(p.stat().st_size for p in desc.folder.iterdir())
    monkeypatch.setattr(data_folder, "MAX_FILE_BYTES", largest)
    assert len(desc.load().tenant.people) == 4


def test_a_file_over_the_size_limit_is_refused_before_parsing(
    desc: Description, monkeypatch: pytest.MonkeyPatch
) -> None:
    limit = max(p.stat().st_size for p in desc.folder.iterdir())
    monkeypatch.setattr(data_folder, "MAX_FILE_BYTES", limit)
    desc.write("big.yaml", "people: [" + "x" * limit)  # malformed, but never parsed
    assert only_about(desc, "big.yaml") == (
        f"file is {limit + len('people: [')} bytes, over the {limit}-byte limit",
        "split the data into several files in the same folder",
    )


def test_a_legal_file_of_twenty_mebibytes_is_refused_at_once(desc: Description) -> None:
    """It used to take 71 s and 1.9 GB to compose, then be refused for its aliases."""
    person = "  - {upn: p%06d@ville-test.fr, display_name: Personne %06d, directorate: DRH}\n"
    with (desc.folder / "crowd.yaml").open("w") as crowd:
        crowd.write("people:\n")
        number = 0
        while crowd.tell() < 19.5 * 2**20:
            crowd.write(person % (number, number))
            number += 1
    started = time.monotonic()
    message, fix = only_about(desc, "crowd.yaml")
    assert time.monotonic() - started < 5
    assert message.endswith(f"bytes, over the {data_folder.MAX_FILE_BYTES}-byte limit")
    assert fix == "split the data into several files in the same folder"


def test_files_over_the_total_limit_are_refused_before_any_is_read(
    desc: Description, monkeypatch: pytest.MonkeyPatch
) -> None:
    sizes = {p.name: p.stat().st_size for p in desc.folder.iterdir()}
    broken = desc.write("broken.yaml", "people: [\n")  # a finding, were it read
    monkeypatch.setattr(data_folder, "MAX_TOTAL_BYTES", sum(sizes.values()))
    [finding] = desc.findings()
    largest = max(sizes, key=lambda name: sizes[name])
    assert (str(finding.source), finding.key) == (".:1", "(folder)")
    assert finding.message == (
        f"its data files total {sum(sizes.values()) + broken.stat().st_size} bytes, over the "
        f"{sum(sizes.values())}-byte limit of a description "
        f"(the largest: {largest}, {sizes[largest]} bytes)"
    )


def test_files_at_the_total_limit_are_read(
    desc: Description, monkeypatch: pytest.MonkeyPatch
) -> None:
    total = sum(p.stat().st_size for p in desc.folder.iterdir())
    monkeypatch.setattr(data_folder, "MAX_TOTAL_BYTES", total)
    assert len(desc.load().tenant.people) == 4


def test_too_many_files_are_refused(desc: Description, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(data_folder, "MAX_FILES", len(list(desc.folder.iterdir())))
    assert len(desc.load().tenant.people) == 4
    desc.write("empty.yaml", "")
    [finding] = desc.findings()
    assert finding.message == (
        f"holds {data_folder.MAX_FILES + 1} data files, over the limit of {data_folder.MAX_FILES}"
    )
    assert finding.fix == "merge small files"


def test_a_file_of_more_values_than_any_description_needs_is_refused(
    desc: Description, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(yaml_source, "MAX_VALUES", 1_000)
    desc.write("values.yaml", "x:\n  - [" + ", ".join(["a"] * 1_000) + "]\n")
    finding = desc.only()
    assert str(finding.source) == "values.yaml:2"  # the value past the limit is on line 2
    assert finding.message == "the file holds more than 1000 values"
    assert finding.fix == "split the data into several files in the same folder"


def test_a_file_of_bare_values_at_the_size_limit_ends_in_seconds(desc: Description) -> None:
    values = (data_folder.MAX_FILE_BYTES - len("x: []\n")) // 2
    desc.write("dense.yaml", "x: [" + ",".join(["a"] * values) + "]\n")
    started = time.monotonic()
    finding = desc.only()
    assert time.monotonic() - started < 60
    assert (str(finding.source), finding.message) == (
        "dense.yaml:1",
        f"the file holds more than {yaml_source.MAX_VALUES} values",
    )


# Any folder ---------------------------------------------------------------------------------

NAME_TEXT = st.text(
    alphabet=st.characters(blacklist_characters="/\x00", blacklist_categories=["Cs"]),
    min_size=1,
    max_size=16,
)
NAME_BYTES = st.binary(min_size=1, max_size=16).filter(lambda b: b"/" not in b and b"\0" not in b)
NAMES = (
    st.tuples(
        st.one_of(NAME_TEXT, NAME_BYTES.map(os.fsdecode)),
        st.sampled_from([".yaml", ".yml", "", ".txt", ".yaml.bak"]),
    )
    .map("".join)
    .filter(lambda name: name not in {".", ".."})
)
CONTENTS = st.one_of(
    st.binary(max_size=300),
    st.sampled_from(
        [
            "people: []\n",
            "tenant: {name: Autre, default_domain: autre.fr}\n",
            "x: &a [*a]\n",
            "x: " + "[" * 200 + "]" * 200 + "\n",
            "!!python/object/apply:os.system [true]\n",
        ]
    ),
)
ENTRIES = st.lists(
    st.tuples(
        st.lists(NAMES, min_size=1, max_size=3),  # the entry's path under the folder
        st.sampled_from(["file", "folder", "fifo", "link"]),
        CONTENTS,
        st.sampled_from(
            ["/dev/zero", "/dev/null", "/etc", "..", ".", "nowhere.yaml", "people.yaml", "sub"]
        ),
    ),
    max_size=8,
)
TRACED_BOUND = 64 * 2**20


def make_entry(folder: Path, parts: list[str], kind: str, content: str | bytes, to: str) -> None:
    """Create one entry and its parent folders, never through a link and never over an
    entry made before (writing to a FIFO made before would block the test itself)."""
    parent = folder
    for part in parts[:-1]:
        parent = parent / part
        if parent.is_symlink() or (os.path.lexists(parent) and not parent.is_dir()):
            return
        parent.mkdir(exist_ok=True)
    path = parent / parts[-1]
    if os.path.lexists(path):
        return
    if kind == "file":
        path.write_bytes(content.encode() if isinstance(content, str) else content)
    elif kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to(to)


@settings(max_examples=80, deadline=None)
@given(entries=ENTRIES)
def test_any_folder_gives_a_tenant_or_one_line_findings_in_bounded_time_and_memory(
    tmp_path_factory: pytest.TempPathFactory,
    entries: list[tuple[list[str], str, str | bytes, str]],
) -> None:
    folder = tmp_path_factory.mktemp("data")
    for name, text in BASE.items():
        (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
    for parts, kind, content, to in entries:
        make_entry(folder, parts, kind, content, to)
    started = time.monotonic()
    tracemalloc.start()
    try:
        load_tenant(folder, relative_to=folder)
    except TenantDescriptionError as error:
        assert error.findings
        assert all(f.source is None or f.source.line >= 1 for f in error.findings)
        assert all("\n" not in str(f) and "\r" not in str(f) for f in error.findings)
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert peak < TRACED_BOUND
    assert time.monotonic() - started < 10
