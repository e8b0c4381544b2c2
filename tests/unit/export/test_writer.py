"""The export writes a description the loader reads back whole: a section larger than the
loader's file limit goes on in numbered parts, each within the limit, and a later, smaller
export removes the parts it no longer needs."""

from __future__ import annotations

from pathlib import Path

import pytest

from tenantctl.export import writer
from tenantctl.export.classify import Export
from tenantctl.model import Tenant, data_folder, load_tenant

ROOT = Path(__file__).resolve().parents[3]
LIMIT = 16 * 2**10


@pytest.fixture(scope="module")
def city() -> Tenant:
    """The city's description as an export holds it: a live tenant says nothing of how a team
    splits it into stacks, so the export never writes `shards` (a re-export leaves the team's
    shards.yaml as it is: it is none of the export's files)."""
    tenant = load_tenant(ROOT / "stacks" / "city_metropolis" / "data").tenant
    assert tenant.shards
    return tenant.model_copy(update={"shards": ()})


def test_a_section_over_the_file_limit_is_written_in_parts_the_loader_reads_back(
    city: Tenant, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer, "MAX_FILE_BYTES", LIMIT)
    monkeypatch.setattr(data_folder, "MAX_FILE_BYTES", LIMIT)
    writer.write_export(Export(city), tmp_path)
    files = sorted(p.name for p in (tmp_path / "data").iterdir())
    assert {"spaces.yaml", "spaces_02.yaml", "people.yaml", "people_02.yaml"} <= set(files)
    assert all((tmp_path / "data" / name).stat().st_size <= LIMIT for name in files)
    assert load_tenant(tmp_path / "data").tenant == city


def test_a_smaller_export_removes_the_parts_it_no_longer_needs(
    city: Tenant, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as small:
        small.setattr(writer, "MAX_FILE_BYTES", LIMIT)
        writer.write_export(Export(city), tmp_path)
    (tmp_path / "data" / "notes_02.yaml").write_text("# not a part of an export\n")
    written = writer.write_export(Export(city), tmp_path)
    files = sorted(p.name for p in (tmp_path / "data").iterdir())
    assert files == [
        "directorates.yaml",
        "licences.yaml",
        "mailboxes.yaml",
        "notes_02.yaml",
        "partners.yaml",
        "people.yaml",
        "spaces.yaml",
        "tenant.yaml",
        "waves.yaml",
    ]
    assert [p.name for p in written[:8]] == [
        "tenant.yaml",
        "people.yaml",
        "directorates.yaml",
        "partners.yaml",
        "spaces.yaml",
        "licences.yaml",
        "mailboxes.yaml",
        "waves.yaml",
    ]
    assert load_tenant(tmp_path / "data").tenant == city
