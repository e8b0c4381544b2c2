"""The known population in the local tenant, for the report tests."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tenantctl.graph import GraphClient, GraphSettings, StaticToken
from tenantctl.m365.skus import SKUS
from tenantctl.model import load_tenant
from tests.integration.reports.population import seed_population, write_stack
from tests.support.local_tenant_fixture import LocalTenantHandle

ROLES = ["User.Read.All", "Group.Read.All", "Organization.Read.All", "Reports.Read.All"]


def client_for(handle: LocalTenantHandle) -> GraphClient:
    """The toolkit's Graph client, with only what the reports need."""
    return GraphClient(GraphSettings(base_url=handle.base_url), StaticToken(handle.token(ROLES)))


@pytest.fixture
def seeded(local_tenant: LocalTenantHandle, tmp_path: Path) -> Path:
    """The population in the local tenant, E5 out of seats; returns the stack's data folder."""
    data = write_stack(tmp_path / "stack")
    seed_population(local_tenant, load_tenant(data).tenant)
    e5 = str(SKUS["SPE_E5"].sku_id)
    local_tenant.admin.patch_object("subscribedsku", e5, {"prepaidUnits": {"enabled": 0}})
    return data


@pytest.fixture
def project(
    local_tenant: LocalTenantHandle,
    seeded: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Path]:
    """A project whose stack `test` is the population's, and the environment the commands
    read their Graph client from; returns the stack's folder."""
    yield from as_project(seeded.parent, local_tenant, ROLES, tmp_path, monkeypatch)


def as_project(
    stack: Path,
    handle: LocalTenantHandle,
    roles: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Path]:
    """Make the stack folder the stack `test` of a project, with the environment the commands
    read their Graph client from (a token with `roles`); yields the stack's folder."""
    (stack / "__init__.py").write_text(
        "from pathlib import Path\n"
        "from tenantctl.model import load_tenant\n\n\n"
        "def describe():\n"
        "    return load_tenant(Path(__file__).parent / 'data')\n"
    )
    root = tmp_path / "project"
    (root / "stacks").mkdir(parents=True)
    (root / "stacks" / "__init__.py").write_text("")
    (root / "stacks" / "test").symlink_to(stack)
    monkeypatch.setenv("TENANTCTL_PROJECT", str(root))
    monkeypatch.setenv("TENANTCTL_GRAPH_BASE_URL", handle.base_url)
    monkeypatch.setenv("TENANTCTL_ACCESS_TOKEN", handle.token(roles))
    monkeypatch.setenv("TENANTCTL_CREDENTIAL", "token")
    monkeypatch.setattr(sys, "path", list(sys.path))
    yield stack
    # The next stack loaded comes from the real project again.
    for name in [m for m in sys.modules if m == "stacks" or m.startswith("stacks.")]:
        del sys.modules[name]
