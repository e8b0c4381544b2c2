"""Least privilege: the demo stack applies with exactly the permissions `tenantctl
permissions demo` computes, registered as a new application of the local tenant, and an
application with any one of them less fails with that permission named."""

from __future__ import annotations

import re
import subprocess
import uuid

import pytest

from local_tenant.auth import granted
from tenantctl.governance.permissions import stack_kinds
from tenantctl.resources import required_permissions
from tenantctl.stacks import load_stack

from .conftest import VENV
from .demo_stack import DemoStack

pytestmark = pytest.mark.engine

SHAREPOINT = "SharePoint:"
REQUIRES = re.compile(
    r"Insufficient privileges to complete the operation\. Requires one of '([^']*)'"
)


def role(permission: str) -> str:
    """The local tenant's role for a permission (SharePoint's API shares its token roles)."""
    return permission.removeprefix(SHAREPOINT)


def computed(demo: DemoStack) -> list[str]:
    """What `tenantctl permissions demo --group-provider graph` prints for the stack copy."""
    result = subprocess.run(
        [str(VENV / "bin" / "tenantctl"), "permissions", "demo", "--group-provider", "graph"],
        env=demo.project.engine.env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.split()


def use_application(demo: DemoStack, roles: list[str]) -> None:
    """Register an application with exactly ROLES and point the stack's credential at it."""
    client_id, secret = str(uuid.uuid4()), f"secret-{uuid.uuid4()}"
    registered = demo.tenant.admin.call(
        "POST",
        "/_admin/clients",
        {"client_id": client_id, "client_secret": secret, "roles": roles},
    )
    registered.raise_for_status()
    demo.run("config", "set", "clientId", client_id)
    demo.run("config", "set", "--secret", "clientSecret", secret)


DEMO_PERMISSIONS = required_permissions(stack_kinds(load_stack("demo").tenant, "graph"))


def told_apart(permission: str) -> bool:
    """Whether the local tenant refuses a token holding every other permission but this one."""
    others = [role(p) for p in DEMO_PERMISSIONS if p != permission]
    return role(permission) not in granted(others)


def test_the_demo_stack_applies_with_exactly_the_computed_permissions(demo: DemoStack) -> None:
    permissions = computed(demo)
    assert permissions == DEMO_PERMISSIONS
    use_application(demo, [role(p) for p in permissions])

    demo.run("up", "--yes")

    demo.run("preview", "--expect-no-changes")


@pytest.mark.parametrize("missing", [p for p in DEMO_PERMISSIONS if told_apart(p)])
def test_one_permission_less_fails_naming_it(demo: DemoStack, missing: str) -> None:
    use_application(demo, [role(p) for p in DEMO_PERMISSIONS if p != missing])

    failed = demo.run("up", "--yes", expect_returncode=None)

    assert failed.returncode != 0
    # Graph names the least permissions of the call refused: the missing one, or narrower
    # ones it grants (User.Read.All for User.ReadWrite.All)
    named = {p.strip() for listed in REQUIRES.findall(failed.stdout) for p in listed.split(",")}
    assert named & granted([role(missing)]), failed.stdout


def test_only_sharepoints_full_control_hides_a_missing_graph_permission() -> None:
    # The local tenant issues one token whose roles cover Graph and SharePoint's admin API, so
    # SharePoint's Sites.FullControl.All also grants Graph's Sites.Read.All there; in Entra ID
    # they are permissions of two APIs, granted and checked separately.
    assert [p for p in DEMO_PERMISSIONS if not told_apart(p)] == ["Sites.Read.All"]
