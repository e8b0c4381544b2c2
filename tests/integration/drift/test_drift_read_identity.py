"""`tenantctl drift` run by a read-only identity: the tenant is read with exactly the stack's
read set (`tenantctl permissions --read`); a site's sharing, which only SharePoint's
write-capable Sites.FullControl.All reads, is reported as not checked instead of failing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tenantctl.governance.permissions import JOB_READS, kind_reads
from tenantctl.jobs.exit_codes import ExitCode
from tenantctl.resources.permissions import read_set
from tests.support.local_tenant_fixture import LocalTenantHandle
from tests.support.synthetic_stack import RunDrift, SyntheticStack, people

pytestmark = pytest.mark.integration

SPACE_KINDS = ["Channel", "Group", "GroupDirectorySettings", "SiteSharing", "Team", "TeamSettings"]
READ_SET = read_set(kind_reads(SPACE_KINDS, "graph"), JOB_READS).permissions


@pytest.fixture
def drifted(local_tenant: LocalTenantHandle, synthetic_stack: SyntheticStack) -> Path:
    """One team space, then a team setting changed behind its back."""
    synthetic_stack.team_space("rh", people(local_tenant))
    state = synthetic_stack.export()
    team = next(str(r["id"]) for r in synthetic_stack.resources if r["urn"].endswith("-rh-team"))
    local_tenant.admin.graph("PATCH", f"/teams/{team}", {"funSettings": {"allowGiphy": True}})
    return state


def use_roles(tenant: LocalTenantHandle, monkeypatch: pytest.MonkeyPatch, roles: list[str]) -> None:
    monkeypatch.setenv("TENANTCTL_ACCESS_TOKEN", tenant.token(roles))


def test_the_read_set_finds_the_drift_and_names_the_sites_it_could_not_read(
    drifted: Path,
    run_drift: RunDrift,
    local_tenant: LocalTenantHandle,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    use_roles(local_tenant, monkeypatch, READ_SET)

    run = run_drift(drifted)

    assert run.code == ExitCode.ATTENTION, run.result.output
    assert run.drifted == {("space-rh-settings", "fun_settings")}
    assert run.report["counts"]["not_read"] == {"SiteSharing": 1}
    assert (
        "1 SiteSharing resources were not checked: reading them takes "
        "SharePoint:Sites.FullControl.All, which this identity does not have"
    ) in run.result.output


def test_a_read_set_missing_a_read_permission_is_still_an_error(
    drifted: Path,
    run_drift: RunDrift,
    local_tenant: LocalTenantHandle,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    use_roles(local_tenant, monkeypatch, [p for p in READ_SET if p != "Team.ReadBasic.All"])

    run = run_drift(drifted)

    assert run.code == ExitCode.ERROR
    assert run.report == {}
    assert "Team.ReadBasic.All" in run.result.output


def test_the_write_identity_still_reads_the_sites(drifted: Path, run_drift: RunDrift) -> None:
    run = run_drift(drifted)

    assert run.code == ExitCode.ATTENTION
    assert run.report["counts"]["not_read"] == {}
