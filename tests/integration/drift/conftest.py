"""Fixtures of the drift tests: a synthetic stack on the local tenant, and a drift runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tenantctl.cli import main
from tests.support.local_tenant_fixture import LocalTenantHandle
from tests.support.synthetic_stack import STACK, DriftRun, RunDrift, SyntheticStack


@pytest.fixture
def synthetic_stack(local_tenant: LocalTenantHandle, tmp_path: Path) -> SyntheticStack:
    return SyntheticStack(local_tenant, tmp_path / "state.json")


@pytest.fixture
def graph_env(local_tenant: LocalTenantHandle, monkeypatch: pytest.MonkeyPatch) -> None:
    """Graph settings in the environment, as drift reads them: the local tenant, a token."""
    monkeypatch.setenv("TENANTCTL_GRAPH_BASE_URL", local_tenant.base_url)
    monkeypatch.setenv("TENANTCTL_SHAREPOINT_ADMIN_URL", local_tenant.root_url)
    monkeypatch.setenv("TENANTCTL_CREDENTIAL", "token")
    monkeypatch.setenv("TENANTCTL_ACCESS_TOKEN", local_tenant.token())


@pytest.fixture
def run_drift(graph_env: None, tmp_path: Path) -> RunDrift:
    """Run `tenantctl drift` on a state file, with Graph settings from the environment."""

    def run(state: Path, *args: str) -> DriftRun:
        out = tmp_path / "drift.json"
        out.unlink(missing_ok=True)
        result = CliRunner().invoke(
            main, ["drift", STACK, "--state", str(state), "--json", str(out), *args]
        )
        report = json.loads(out.read_text()) if out.exists() else {}
        return DriftRun(result, report)

    return run
