"""The read-only identity of the CI previews and drift: on the deployed demo stack, an
application holding exactly `tenantctl permissions demo --read` runs the pull-request
preview job's commands (live governance checks, a real `pulumi preview` through
`tenantctl preview-report`, with seats read) and the nightly `tenantctl drift`; each
succeeds, and the local tenant's counters show that only reads reached it."""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from tenantctl.jobs.exit_codes import ExitCode
from tenantctl.m365.permissions import read_only
from tests.support.cli import Result
from tests.support.local_tenant_fixture import LocalTenantHandle

from .demo_stack import DemoStack

pytestmark = pytest.mark.engine

READING_POSTS = {
    "batch.batch",
    "sharepointAdmin.batch",
    "sharepointAdmin.sites.getByUrl",
    "identity.token",
}
"""POST routes that only read: Graph's and SharePoint's `$batch` (whose operations are counted
on their own routes), SharePoint's GetSitePropertiesByUrl, and the token endpoint."""

GRAPH = ("--group-provider", "graph")
"""The demo stack's group provider on the local tenant."""


@dataclass(frozen=True)
class Application:
    client_id: str
    secret: str
    roles: list[str]


def tenantctl(demo: DemoStack, app: Application, *args: str) -> Result:
    """Run tenantctl in the stack's project as APP, its secret and settings in the environment
    as CI gives them (the stack's configuration names the application)."""
    tenant = demo.tenant
    env = {
        "AZURE_CLIENT_SECRET": app.secret,
        "AZURE_CLIENT_ID": app.client_id,
        "AZURE_TENANT_ID": tenant.tenant_id,
        "AZURE_AUTHORITY_HOST": tenant.authority,
        "TENANTCTL_GRAPH_BASE_URL": tenant.base_url,
        "TENANTCTL_SHAREPOINT_ADMIN_URL": tenant.root_url,
        "TENANTCTL_CREDENTIAL": "client_secret",
    }
    return demo.tenantctl(*args, env=env)


def read_set(demo: DemoStack) -> list[str]:
    """What `tenantctl permissions demo --read` prints for the stack copy."""
    result = demo.tenantctl("permissions", "demo", "--read", *GRAPH)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def register(tenant: LocalTenantHandle, roles: list[str]) -> Application:
    app = Application(str(uuid.uuid4()), f"secret-{uuid.uuid4()}", roles)
    body = {"client_id": app.client_id, "client_secret": app.secret, "roles": roles}
    tenant.admin.call("POST", "/_admin/clients", body).raise_for_status()
    return app


def sign_in_as(demo: DemoStack, app: Application) -> None:
    """Point the stack's credential at APP."""
    demo.run("config", "set", "clientId", app.client_id)
    demo.run("config", "set", "--secret", "clientSecret", app.secret)


def requests_by_method(tenant: LocalTenantHandle) -> dict[str, Counter[str]]:
    """The requests the tenant answered since its counters were reset: route names by method."""
    server = tenant.server
    routes = [*server.graph.router.routes, *server.root.router.routes]
    methods = {route.name: route.method for route in routes}
    found: dict[str, Counter[str]] = {}
    for name, count in tenant.admin.counters()["routes"].items():
        found.setdefault(methods.get(name, "?"), Counter())[name] += count
    return found


def test_a_preview_and_a_drift_run_with_exactly_the_read_set_and_write_nothing(
    demo: DemoStack, tmp_path: Path
) -> None:
    # Exchange makes no mailbox during this test, however long it runs: each stays pending.
    demo.tenant.admin.set_behaviour(mailbox_provision_s=86_400)
    demo.run("up", "--yes")
    roles = read_set(demo)
    assert roles and all(map(read_only, roles))
    reader = register(demo.tenant, roles)
    sign_in_as(demo, reader)
    demo.edit(  # a licence change, so that the report reads the tenant's seats
        "licences.yaml",
        lambda d: d["licence_groups"][1].update(disabled_plans=["YAMMER_ENTERPRISE"]),
    )
    demo.tenant.admin.call("DELETE", "/_admin/counters").raise_for_status()

    check = tenantctl(demo, reader, "check", "demo", "--live")
    preview = tenantctl(
        demo, reader, "preview-report", demo.stack, "--json", str(tmp_path / "p.json")
    )
    drift = tenantctl(
        demo, reader, "drift", demo.stack, "--json", str(tmp_path / "d.json"),
        "--accepted", str(tmp_path / "none.yaml"),
    )  # fmt: skip

    assert check.returncode == ExitCode.OK, check.stdout + check.stderr
    assert preview.returncode == ExitCode.ATTENTION, preview.stderr  # the licence change
    assert "| Licence group f1-terrain | update | SPE_F1 | +0 |" in preview.stdout
    sites = sum(r["type"].endswith(":SiteSharing") for r in demo.state_resources())
    assert drift.returncode == ExitCode.OK, drift.stderr
    assert f"{sites} SiteSharing resources were not checked" in drift.stdout
    seen = requests_by_method(demo.tenant)
    assert set(seen) <= {"GET", "POST"}, seen
    assert set(seen.get("POST", {})) <= READING_POSTS, seen["POST"]
    assert seen["GET"]["directory.subscribedSkus.list"] >= 2  # check --live and the report
    assert seen["GET"]["directory.groups.delta"] >= 1  # drift's bulk read
    statuses = demo.tenant.admin.counters()["statuses"]
    assert set(statuses) <= {"200", "403", "404"}, statuses
    # Graph answers 404 (MailboxNotEnabledForRESTAPI) for a mailbox Exchange has not made yet,
    # and the tenant makes one minutes after the licence: drift reads each of the mailbox
    # settings' pending users once, and nothing else is missing.
    pending = sum(
        len(r["outputs"]["pending"])
        for r in demo.state_resources()
        if r["type"].endswith(":MailboxSettings")
    )
    assert pending > 0
    assert statuses.get("404", 0) == pending == seen["GET"]["mail.settings.get"]
    assert statuses.get("403", 0) == seen["POST"]["sharepointAdmin.sites.getByUrl"] == sites


def test_one_read_permission_less_fails_the_drift_naming_it(demo: DemoStack) -> None:
    demo.run("up", "--yes")
    reader = register(demo.tenant, [r for r in read_set(demo) if r != "ChannelMember.Read.All"])
    sign_in_as(demo, reader)

    drift = tenantctl(demo, reader, "drift", demo.stack, "--accepted", "none.yaml")

    assert drift.returncode == ExitCode.ERROR
    assert "ChannelMember.Read.All" in drift.stderr
