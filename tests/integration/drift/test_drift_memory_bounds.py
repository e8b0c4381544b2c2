"""`tenantctl drift` holds a bounded part of a large stack at a time: the declared resources
are read a window at a time, and the delta snapshot keeps only the objects the reads need."""

from __future__ import annotations

import asyncio
import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tenantctl.cli import main
from tenantctl.drift import compare
from tenantctl.drift.bulk import BulkReadClient
from tenantctl.drift.compare import MISSING, READS_IN_FLIGHT
from tenantctl.drift.snapshot import DirectorySnapshot
from tenantctl.drift.state import Declared, index_state
from tenantctl.jobs.exit_codes import ExitCode
from tenantctl.jobs.graph_access import open_client
from tests.support.local_tenant_fixture import LocalTenantHandle
from tests.support.synthetic_stack import DYNAMIC, STACK, RunDrift, SyntheticStack, people

pytestmark = pytest.mark.integration

GONE = 2 * READS_IN_FLIGHT + 5
"""Declared groups deleted from the tenant: more than two windows of reads."""


def _deleted_groups(stack: SyntheticStack, count: int) -> list[str]:
    """Declare COUNT groups the tenant no longer has; their names, in the state's order."""
    names = [f"gone-{n:04d}" for n in range(count)]
    for name in names:
        inputs = {"display_name": name, "mail_nickname": f"TST-{name}", "kind": "unified"}
        stack.resources.append(
            {
                "urn": f"urn:pulumi:drift::m365-tenant::{DYNAMIC}Group::{name}",
                "custom": True,
                "type": f"{DYNAMIC}Group",
                "id": str(uuid.uuid4()),
                "inputs": inputs,
                "outputs": inputs,
            }
        )
    return names


def test_reads_run_a_window_at_a_time_and_findings_keep_the_state_order(
    synthetic_stack: SyntheticStack, run_drift: RunDrift, monkeypatch: pytest.MonkeyPatch
) -> None:
    synthetic_stack.team_space("rh", people(synthetic_stack.tenant))
    gone = _deleted_groups(synthetic_stack, GONE)
    in_flight, most = 0, 0
    read = compare._compare

    async def counted(
        client: BulkReadClient, resource: Declared, owned: set[str]
    ) -> compare.Compared:
        nonlocal in_flight, most
        in_flight += 1
        most = max(most, in_flight)
        try:
            await asyncio.sleep(0.001)
            return await read(client, resource, owned)
        finally:
            in_flight -= 1

    monkeypatch.setattr(compare, "_compare", counted)
    run = run_drift(synthetic_stack.export())

    assert run.code == ExitCode.ATTENTION, run.result.output
    assert most == READS_IN_FLIGHT
    assert run.report["counts"]["objects"] == 7 + GONE
    assert [(f["object"], f["property"]) for f in run.report["drift"]] == [
        (name, MISSING) for name in gone
    ]


async def _load(snapshot: DirectorySnapshot) -> DirectorySnapshot:
    async with open_client({}, BulkReadClient) as client:
        await snapshot.load(client)
    return snapshot


def _group(local_tenant: LocalTenantHandle, nickname: str) -> str:
    body: dict[str, Any] = {
        "displayName": nickname,
        "mailNickname": nickname,
        "mailEnabled": True,
        "securityEnabled": False,
        "groupTypes": ["Unified"],
    }
    return str(local_tenant.admin.graph("POST", "/groups", body)["id"])


@pytest.mark.usefixtures("graph_env")
def test_the_snapshot_keeps_the_declared_groups_and_the_naming_scope_and_no_user(
    local_tenant: LocalTenantHandle, synthetic_stack: SyntheticStack
) -> None:
    who = people(local_tenant)
    synthetic_stack.team_space("rh", who)
    index = index_state(synthetic_stack.export())
    declared_group = next(r["id"] for r in synthetic_stack.resources if r["type"].endswith("Group"))
    in_scope, outside = _group(local_tenant, "TST-hand-made"), _group(local_tenant, "OTH-other")

    whole = asyncio.run(_load(DirectorySnapshot()))
    kept = asyncio.run(
        _load(DirectorySnapshot(wanted=set(index.ids), scopes=tuple(index.prefixes)))
    )

    assert {in_scope, outside, declared_group} <= set(whole.groups)
    assert set(kept.groups) == {declared_group, in_scope}
    assert index.users == {upn.lower() for upn in who}  # listed by name, not kept from a round
    assert not hasattr(kept, "users")
    assert kept.group(declared_group) == whole.group(declared_group)
    assert kept.group_members(declared_group) == whole.group_members(declared_group)


@pytest.mark.usefixtures("graph_env")
def test_an_object_the_snapshot_did_not_keep_is_asked_of_graph(
    local_tenant: LocalTenantHandle,
) -> None:
    outside = _group(local_tenant, "OTH-other")
    kept = asyncio.run(_load(DirectorySnapshot(wanted=set(), scopes=("tst-",))))
    assert kept.group(outside) is None


def test_a_state_on_standard_input_is_compared_as_from_a_file(
    local_tenant: LocalTenantHandle,
    synthetic_stack: SyntheticStack,
    run_drift: RunDrift,
    tmp_path: Path,
) -> None:
    synthetic_stack.team_space("rh", people(local_tenant))
    _deleted_groups(synthetic_stack, 3)
    state = synthetic_stack.export()
    from_file = run_drift(state)
    out = tmp_path / "stdin.json"
    piped = CliRunner().invoke(
        main, ["drift", STACK, "--state", "-", "--json", str(out)], input=state.read_text()
    )
    assert from_file.code == piped.exit_code == ExitCode.ATTENTION, piped.output
    report = json.loads(out.read_text())
    assert report["drift"] == from_file.report["drift"]
    assert report["counts"]["objects"] == from_file.report["counts"]["objects"] == 10
