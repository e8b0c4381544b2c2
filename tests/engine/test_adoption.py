"""Adopting a hand-made tenant with the real engine: export, `pulumi up` adopts without
creating anything in the tenant, then the preview shows no changes."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from pathlib import Path

import pytest

from tests.integration.export.brownfield import seed_brownfield
from tests.integration.export.conftest import run_export
from tests.support.local_tenant_fixture import LocalTenantHandle

from .conftest import EngineEnv, PulumiProject
from .demo_stack import PROJECT_NAME, Step, copy_project

pytestmark = pytest.mark.engine

STACK = "brownfield"
OBJECTS = ("user", "group", "grouplinks", "team", "channel", "channelmember", "ctapartner")
"""What the tenant holds, by the local tenant's document kinds."""


def tenant_objects(tenant: LocalTenantHandle) -> Counter[str]:
    """How many of each kind of object the tenant holds."""
    return Counter({kind: len(tenant.admin.objects(kind)) for kind in OBJECTS})


def guest_settings(tenant: LocalTenantHandle) -> list[dict[str, object]]:
    return tenant.admin.objects("groupsetting")


@pytest.fixture
def adoption(
    tmp_path: Path, engine_env: EngineEnv, local_tenant: LocalTenantHandle
) -> PulumiProject:
    """A copy of the project, and the hand-made tenant on a freshly reset local tenant."""
    local_tenant.admin.reset({"seed": 7, "users": 0, "guests": 0})
    seed_brownfield(local_tenant)
    directory = tmp_path / "project"
    copy_project(directory)
    return PulumiProject(
        PROJECT_NAME,
        directory,
        dataclasses.replace(
            engine_env, env={**engine_env.env, "TENANTCTL_PROJECT": str(directory)}
        ),
    )


async def test_the_first_up_adopts_everything_and_the_next_preview_is_clean(
    adoption: PulumiProject, local_tenant: LocalTenantHandle
) -> None:
    project = adoption
    stack = project.directory / "stacks" / STACK
    await run_export(local_tenant, stack)
    exported = {p.name: p.read_text() for p in (stack / "data").glob("*.yaml")}
    project.run("stack", "init", STACK)
    project.run(
        "config",
        "set-all",
        "--plaintext",
        f"description={STACK}",
        "--plaintext",
        "groupProvider=graph",
        "--plaintext",
        f"graphBaseUrl={local_tenant.base_url}",
        "--plaintext",
        f"sharepointAdminUrl={local_tenant.root_url}",
        "--plaintext",
        f"tenantId={local_tenant.tenant_id}",
        "--plaintext",
        f"clientId={local_tenant.client_id}",
        "--plaintext",
        "credential=token",
        "--secret",
        f"accessToken={local_tenant.token()}",
    )
    before, settings_before = tenant_objects(local_tenant), guest_settings(local_tenant)

    preview = json.loads(project.run("preview", "--json").stdout)
    planned = Counter(Step.from_json(step).op for step in preview["steps"])
    assert set(planned) == {"create"}  # new to the stack; in the tenant, each is a read
    said = " ".join(d.get("message", "") for d in preview.get("diagnostics", []))
    # 3 directorates, 1 licence group, 2 guests, 4 spaces and their 3 channels
    assert "adoption: 13 objects carry an 'adopt' id" in said

    up = project.run("up", "--yes", "--skip-preview")
    assert "mediatheque" in up.stdout and "1 owner(s)" in up.stdout  # the one-owner warning

    assert tenant_objects(local_tenant) == before
    # The one write that adds a directory object: each space's guest-access setting, which
    # the description enforces and the hand-made groups did not have.
    added = len(guest_settings(local_tenant)) - len(settings_before)
    assert added == 4
    project.run("preview", "--expect-no-changes")
    # The adopted tenant exports to the same description: the round trip is a fixed point.
    await run_export(local_tenant, stack)
    assert {p.name: p.read_text() for p in (stack / "data").glob("*.yaml")} == exported
