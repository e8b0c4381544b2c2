"""Every problem is reported in one run, sorted by file and line, and nothing ever escapes as a
traceback: any input gives a loaded tenant or a TenantDescriptionError."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tenantctl.model import TenantDescriptionError

if TYPE_CHECKING:
    from conftest import Description


def test_errors_in_several_files_are_reported_together_sorted_by_file_and_line(
    desc: Description,
) -> None:
    desc.replace("tenant.yaml", "prefix: VT", "prefix: vt")  # schema
    desc.replace("spaces.yaml", "shared_with: [transports]", "shared_with: [hopital]")  # rule
    desc.replace("spaces.yaml", "directorates: [DRH]", "directorates: [DRH, DSI]")  # rule
    desc.replace("licences.yaml", "sku: SPE_F1", "sku: SPE_F9")  # rule
    desc.replace("people.yaml", "job_title:", "job:")  # schema
    desc.write("notes.yaml", "remarks: []\n")  # unknown section
    with_lines = [(str(f.source), f.key) for f in desc.findings()]
    assert with_lines == [
        (f"licences.yaml:{desc.line('licences.yaml', 'SPE_F9')}", "licence_groups[f1].sku"),
        ("notes.yaml:1", "remarks"),
        (f"people.yaml:{desc.line('people.yaml', 'job:')}", "people[alice@ville-test.fr].job"),
        (
            f"spaces.yaml:{desc.line('spaces.yaml', '[DRH, DSI]')}",
            "spaces[drh-equipe].directorates",
        ),
        (
            f"spaces.yaml:{desc.line('spaces.yaml', 'shared_with')}",
            "spaces[mobilite].channels[0].shared_with[0]",
        ),
        (f"tenant.yaml:{desc.line('tenant.yaml', 'prefix: vt')}", "organisations[ville].prefix"),
    ]


def test_the_error_message_lists_every_finding_with_its_fix(desc: Description) -> None:
    desc.replace("licences.yaml", "sku: SPE_F1", "sku: SPE_F9")
    desc.replace("people.yaml", "job_title:", "job_titel:")
    with pytest.raises(TenantDescriptionError) as caught:
        desc.load()
    lines = str(caught.value).splitlines()
    assert lines[0] == "The tenant description has 2 errors:"
    assert lines[1].startswith(
        f"  licences.yaml:{desc.line('licences.yaml', 'SPE_F9')}: error: "
        "licence_groups[f1].sku: unknown SKU part number 'SPE_F9' (fix: use one of: "
    )
    assert lines[2] == (
        f"  people.yaml:{desc.line('people.yaml', 'job_titel')}: error: "
        "people[alice@ville-test.fr].job_titel: unknown key (fix: did you mean 'job_title'?)"
    )


def test_warnings_alone_do_not_stop_a_load(desc: Description) -> None:
    desc.replace(
        "spaces.yaml",
        "    owners: [alice@ville-test.fr, chloe@ville-test.fr]\n",
        "    owners: [alice@ville-test.fr]\n    adopt: 0b5c1e7a-3d2f-4a6b-9c8d-7e6f5a4b3c2d\n",
    )
    loaded = desc.load()
    assert [w.key for w in loaded.warnings] == ["spaces[projet-commun].owners"]


YAML_NOISE = st.text(alphabet=[*":-[]{}&*!|>'\"#%@`,? \t\n\\", "é", "a", "1", "\x00"], max_size=12)


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    name=st.sampled_from(["tenant.yaml", "people.yaml", "spaces.yaml", "licences.yaml"]),
    where=st.floats(min_value=0, max_value=1),
    cut=st.integers(min_value=0, max_value=8),
    noise=YAML_NOISE,
)
def test_any_edit_gives_a_tenant_or_findings_never_a_traceback(
    desc: Description, name: str, where: float, cut: int, noise: str
) -> None:
    original = desc.text(name)
    at = int(where * len(original))
    desc.write_bytes(name, (original[:at] + noise + original[at + cut :]).encode())
    try:
        desc.load()
    except TenantDescriptionError as error:
        assert error.findings
        assert all(f.key and f.message and f.fix for f in error.findings)
    finally:
        desc.write_bytes(name, original.encode())


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=200))
def test_any_bytes_give_a_tenant_or_findings_never_a_traceback(
    desc: Description, data: bytes
) -> None:
    desc.write_bytes("random.yaml", data)
    try:
        desc.load()
    except TenantDescriptionError as error:
        assert error.findings
