"""Export holds the tenant compactly: a few batches in flight, each batch's answers reduced to
the ids and fields the classification uses as it returns, repeated values shared."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest

from tenantctl.export import Filters, export_tenant, load_mapping
from tenantctl.export.reader import PARALLEL_BATCHES
from tenantctl.graph import BatchItem, BatchResult
from tests.integration.export.brownfield import MAPPING, Brownfield
from tests.integration.export.conftest import export_client
from tests.support.local_tenant_fixture import LocalTenantHandle

pytestmark = pytest.mark.integration


async def test_batches_go_a_few_at_a_time_and_members_share_the_users_ids(
    local_tenant: LocalTenantHandle,
    brownfield: Brownfield,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(MAPPING, encoding="utf-8")
    in_flight, most, sent = 0, 0, 0
    async with export_client(local_tenant) as client:
        send = client.batch

        async def counted(items: Iterable[BatchItem]) -> dict[str, BatchResult]:
            nonlocal in_flight, most, sent
            in_flight, sent = in_flight + 1, sent + 1
            most = max(most, in_flight)
            try:
                return await send(items)
            finally:
                in_flight -= 1

        monkeypatch.setattr(client, "batch", counted)
        _, snapshot = await export_tenant(client, load_mapping(mapping), Filters())

    assert sent > 1 and most <= PARALLEL_BATCHES
    members = [m for ids in (*snapshot.owners.values(), *snapshot.members.values()) for m in ids]
    users = [m for m in members if m in snapshot.users]
    assert users and all(m is snapshot.users[m]["id"] for m in users)
    departments = [u["department"] for u in snapshot.users.values() if u.get("department")]
    assert len({id(d) for d in departments}) == len(set(departments)) < len(departments)
