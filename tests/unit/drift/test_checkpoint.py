"""A stack on a local file backend is read from its checkpoint file, streamed as an export
is, without the engine holding the state to export it."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from tenantctl.drift.checkpoint import checkpoint_file
from tenantctl.drift.state import declared, index_state
from tenantctl.jobs.pulumi_cli import JobError

GROUP_ID = "0b5e3b2c-0000-4000-8000-000000000001"
GROUP = {
    "urn": "urn:pulumi:city::m365::pulumi-python:dynamic/tenantctl:Group::space-d'arc-group",
    "custom": True,
    "type": "pulumi-python:dynamic/tenantctl:Group",
    "id": GROUP_ID,
    "inputs": {"mail_nickname": "MTL-Arc", "owners": ["Zoé.O'Brien@Example.org"]},
    "outputs": {"object_id": GROUP_ID},
}
SECRETS = {"type": "passphrase", "state": {"salt": "v1:abc"}}


def _project(folder: Path, name: str = "m365-tenant", backend: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    text = f"name: {name}\nruntime: python\n"
    if backend:
        text += f"backend:\n  url: {backend}\n"
    (folder / "Pulumi.yaml").write_text(text)
    return folder


def _checkpoint(path: Path, resources: list[dict[str, Any]] | None) -> Path:
    latest = {"manifest": {}, "secrets_providers": SECRETS, "resources": resources}
    document = {"version": 3, "checkpoint": {"stack": "city", "latest": latest}}
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(document).encode()
    path.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)
    return path


@pytest.mark.parametrize("suffix", [".json", ".json.gz"])
def test_the_checkpoint_of_a_file_backend_is_found_and_read_as_an_export(
    tmp_path: Path, suffix: str
) -> None:
    project = _project(tmp_path / "project")
    backend = tmp_path / "backend"
    stored = _checkpoint(backend / ".pulumi" / "stacks" / "m365-tenant" / f"city{suffix}", [GROUP])
    export = tmp_path / "export.json"
    export.write_text(json.dumps({"version": 3, "deployment": {"resources": [GROUP]}}))
    environ = {"PULUMI_BACKEND_URL": f"file://{backend}?metadata=skip"}

    found = checkpoint_file("city", project, environ)

    assert found == stored
    assert checkpoint_file("acme/m365-tenant/city", project, environ) == stored
    assert list(declared(stored)) == list(declared(export))
    assert index_state(stored).users == {"zoé.o'brien@example.org"}


def test_the_project_backend_and_the_legacy_layout_are_found(tmp_path: Path) -> None:
    backend = tmp_path / "backend"
    project = _project(tmp_path / "project", backend=f"file://{backend}")
    stored = _checkpoint(backend / ".pulumi" / "stacks" / "city.json", [GROUP])
    assert checkpoint_file("city", project, {}) == stored


@pytest.mark.parametrize(
    ("backend", "why"),
    [
        ("https://api.pulumi.com", "not a file backend"),
        ("file://relative/backend", "a relative path: the engine knows where it is"),
        ("s3://bucket", "a cloud bucket"),
    ],
)
def test_other_backends_are_exported_by_the_engine(tmp_path: Path, backend: str, why: str) -> None:
    project = _project(tmp_path / "project")
    assert checkpoint_file("city", project, {"PULUMI_BACKEND_URL": backend}) is None, why


def test_no_checkpoint_or_no_project_is_exported_by_the_engine(tmp_path: Path) -> None:
    environ = {"PULUMI_BACKEND_URL": f"file://{tmp_path / 'backend'}"}
    assert checkpoint_file("city", _project(tmp_path / "project"), environ) is None
    assert checkpoint_file("city", tmp_path / "nowhere", environ) is None


def test_a_checkpoint_never_deployed_declares_nothing(tmp_path: Path) -> None:
    stored = _checkpoint(tmp_path / "city.json", None)
    assert index_state(stored).count == 0


def test_a_truncated_checkpoint_is_an_error_naming_the_file(tmp_path: Path) -> None:
    stored = _checkpoint(tmp_path / "city.json.gz", [GROUP])
    stored.write_bytes(stored.read_bytes()[:40])
    with pytest.raises(JobError, match=r"city\.json\.gz is not JSON"):
        index_state(stored)
