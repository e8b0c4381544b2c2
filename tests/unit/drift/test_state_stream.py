"""The stack state is streamed from the export document: an index of what the reads need
first, then the declared resources one at a time, in the document's order."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tenantctl.drift.state import declared, index_state
from tenantctl.jobs.pulumi_cli import JobError

DYNAMIC = "pulumi-python:dynamic/tenantctl:"
SPACE = "urn:pulumi:s::p::tenantctl:m365:TeamSpace::space-rh"
GROUP_ID = "0b5e3b2c-0000-4000-8000-000000000001"
OWNER_ID = "0B5E3B2C-0000-4000-8000-0000000000AA"


def _resource(kind: str, name: str, id_: str, inputs: dict[str, Any]) -> dict[str, Any]:
    return {
        "urn": f"urn:pulumi:s::p::{DYNAMIC}{kind}::{name}",
        "custom": True,
        "type": f"{DYNAMIC}{kind}",
        "id": id_,
        "inputs": {**inputs, "__provider": "secret-free"},
        "outputs": {"object_id": id_},
        "parent": SPACE,
    }


def _write(path: Path, resources: list[dict[str, Any]]) -> Path:
    path.write_text(json.dumps({"version": 3, "deployment": {"resources": resources}}))
    return path


@pytest.fixture
def state(tmp_path: Path) -> Path:
    group = _resource(
        "Group",
        "space-rh-group",
        GROUP_ID,
        {"mail_nickname": "MTL-RH-equipe", "owners": ["Ada@Example.org", OWNER_ID]},
    )
    team = _resource("Team", "space-rh-team", GROUP_ID, {"group_id": GROUP_ID})
    azuread = {  # a pulumi-azuread kind with no Graph-layer twin: not checked
        "urn": "urn:pulumi:s::p::azuread:index/user:User::x",
        "custom": True,
        "type": "azuread:index/user:User",
        "id": "x",
    }
    provider = {
        "urn": "urn:pulumi:s::p::pulumi:providers:azuread::p",
        "custom": True,
        "type": "pulumi:providers:azuread",
        "id": "p",
    }
    component = {"urn": SPACE, "custom": False, "type": "tenantctl:m365:TeamSpace"}
    return _write(tmp_path / "state.json", [component, provider, group, azuread, team])


def test_the_index_holds_ids_user_names_prefixes_and_counts(state: Path) -> None:
    index = index_state(state)
    assert (index.count, index.skipped) == (2, 1)
    assert index.ids == {GROUP_ID, "ada@example.org", OWNER_ID.lower()}
    assert index.group_ids == {GROUP_ID}
    assert index.prefixes == {"mtl-"}


def test_declared_resources_come_one_by_one_in_the_document_order(state: Path) -> None:
    resources = declared(state)
    first = next(resources)
    assert (first.kind, first.name, first.component) == ("Group", "space-rh-group", "Team space rh")
    assert "__provider" not in first.inputs
    assert [r.kind for r in resources] == ["Team"]


def test_a_document_without_deployment_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.json"
    path.write_text(json.dumps({"version": 3, "resources": []}))
    with pytest.raises(JobError, match="no deployment"):
        index_state(path)


def test_an_empty_deployment_declares_nothing(tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    path.write_text(json.dumps({"version": 3, "deployment": {"manifest": {}}}))
    assert index_state(path).count == 0
    assert list(declared(path)) == []


def test_a_truncated_document_is_an_error(tmp_path: Path, state: Path) -> None:
    path = tmp_path / "cut.json"
    path.write_text(state.read_text()[:-40])
    with pytest.raises(JobError, match="is not JSON"):
        index_state(path)
