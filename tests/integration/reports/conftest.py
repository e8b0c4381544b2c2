"""The known population in the local tenant, for the report tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tenantctl.graph import GraphClient, GraphSettings, StaticToken
from tenantctl.model import load_tenant
from tenantctl.model.skus import sku_catalogue
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
    e5 = str(sku_catalogue()["SPE_E5"].sku_id)
    local_tenant.admin.patch_object("subscribedsku", e5, {"prepaidUnits": {"enabled": 0}})
    return data
