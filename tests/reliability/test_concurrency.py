"""Two updates of one stack at once: the file backend's lock refuses the second with a
clear message and the first finishes untouched. Drift detection running during an
update reports nothing false about what the update has applied so far."""

from __future__ import annotations

import pytest

from tests.engine.demo_stack import DemoStack, TenantView, run_drift
from tests.support.local_tenant_fixture import LocalTenantHandle

from .faults import wait_until
from .snapshot import assert_tenant_matches_stack, state_of

pytestmark = pytest.mark.engine

LOCKED = "the stack is currently locked by 1 lock(s)"
HELD_S = 3600  # teams provision this long: the update waits until the test releases it


def release_teams(tenant: LocalTenantHandle) -> None:
    """Finish provisioning every team now, and provision later ones at once."""
    tenant.admin.set_behaviour(team_provision_s=0)
    for team in tenant.admin.objects("team"):
        tenant.admin.patch_object("team", team["id"], {"_readyAt": 0})
    for operation in tenant.admin.objects("teamsop"):
        tenant.admin.patch_object("teamsop", operation["id"], {"_doneAt": 0})


def test_a_second_update_is_refused_and_drift_meanwhile_finds_nothing_false(
    demo: DemoStack,
) -> None:
    tenant = demo.tenant
    tenant.admin.set_behaviour(team_provision_s=HELD_S)
    first = demo.start("up", "--yes")
    wait_until(
        lambda: tenant.admin.objects("team") != [] and len(state_of(demo)) >= 5,
        300,
        "the update to record resources and start a team",
    )

    second = demo.run("up", "--yes", expect_returncode=None)
    assert second.returncode != 0
    assert LOCKED in second.stderr
    assert "pulumi cancel" in second.stderr

    during = run_drift(demo)
    assert during.report["drift"] == [], during.markdown
    assert first.poll() is None, "the update went on while teams were held"

    release_teams(tenant)
    assert first.wait(300) == 0, (demo.directory / "pulumi-up.log").read_text()
    view = TenantView(demo.tenant)
    assert_tenant_matches_stack(demo, view)
    view.close()
