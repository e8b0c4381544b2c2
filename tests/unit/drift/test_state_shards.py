"""A shard's drift counts the groups and tenant-wide objects the other shards declare as
managed: they are not unmanaged in its naming scope, and not read or counted by it."""

from __future__ import annotations

import json
from pathlib import Path

from tenantctl.drift.state import index_state

GRAPH = "pulumi-python:dynamic/tenantctl:"


def export(path: Path, *groups: tuple[str, str]) -> Path:
    resources = [
        {
            "urn": f"urn:pulumi:s::m365-tenant::{GRAPH}Group::{nickname}",
            "type": f"{GRAPH}Group",
            "id": group_id,
            "custom": True,
            "inputs": {"mail_nickname": nickname},
            "outputs": {},
        }
        for group_id, nickname in groups
    ]
    path.write_text(json.dumps({"version": 3, "deployment": {"resources": resources}}))
    return path


def test_the_other_shards_groups_are_managed_but_not_read_or_counted(tmp_path: Path) -> None:
    tenant_wide = index_state(export(tmp_path / "t.json", ("g-dsi", "VM-DSI-agents")))
    ville = index_state(export(tmp_path / "v.json", ("g-drh", "VV-DRH-agents")))
    metropole = index_state(export(tmp_path / "m.json", ("g-voirie", "VM-VOIRIE-agents")))

    tenant_wide.managed_elsewhere(ville)
    tenant_wide.managed_elsewhere(metropole)

    assert tenant_wide.group_ids == {"g-dsi", "g-drh", "g-voirie"}
    assert tenant_wide.prefixes == {"vm-"}
    assert tenant_wide.count == 1
    assert tenant_wide.ids == {"g-dsi"}
