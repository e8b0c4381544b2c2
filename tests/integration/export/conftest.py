"""Export fixtures: a hand-made tenant on the local tenant, and running the export on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tenantctl.export import Filters, export_tenant, load_mapping, write_export
from tenantctl.export.classify import Export
from tenantctl.export.reader import CollaborationSnapshot
from tenantctl.graph import GraphClient, GraphSettings, Pacing, StaticToken
from tests.integration.export.brownfield import MAPPING, Brownfield, seed_brownfield
from tests.support.local_tenant_fixture import LocalTenantHandle

UNPACED = Pacing(rates=(), default_rate=10_000.0)


def export_client(tenant: LocalTenantHandle) -> GraphClient:
    """The export's client on the local tenant, unpaced (these tests count requests)."""
    settings = GraphSettings(
        base_url=tenant.base_url, sharepoint_admin_url=tenant.root_url, pacing=UNPACED
    )
    return GraphClient(settings, StaticToken(tenant.token()))


async def run_export(
    tenant: LocalTenantHandle, out: Path, filters: Filters | None = None
) -> tuple[Export, CollaborationSnapshot, int]:
    """Export the local tenant into `out`; also the requests it took."""
    mapping_file = out.parent / "mapping.yaml"
    mapping_file.write_text(MAPPING, encoding="utf-8")
    async with export_client(tenant) as client:
        export, snapshot = await export_tenant(
            client, load_mapping(mapping_file), filters or Filters()
        )
        write_export(export, out)
        return export, snapshot, client.stats.requests


@pytest.fixture
def brownfield(local_tenant: LocalTenantHandle) -> Brownfield:
    """The hand-made tenant, freshly made on a reset local tenant."""
    return seed_brownfield(local_tenant)
