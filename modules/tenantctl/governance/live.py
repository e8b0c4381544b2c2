"""Facts only the tenant knows, read through the shared Graph client: which of the
description's owners exist, and the seats of each subscribed SKU."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from tenantctl.graph import BatchItem, GraphClient, GraphError, client_from, lookup_from, run
from tenantctl.m365.reads import Read
from tenantctl.model import Tenant, TenantIndex

READS = (Read("users", "User.Read.All"), Read("subscribedSkus", "LicenseAssignment.Read.All"))
"""The owners' look-up and `GET /subscribedSkus`, and their least application permissions
(learn.microsoft.com/graph/api/user-get, subscribedsku-list)."""


@dataclass(frozen=True)
class LiveFacts:
    """Owners found in the directory (lower case) and purchased seats by SKU part number."""

    directory: frozenset[str]
    seats: dict[str, int]


def owners_of(tenant: Tenant) -> list[str]:
    """Every owner a team of the description would have, lower case, sorted."""
    index = TenantIndex(tenant)
    return sorted({o.lower() for space in tenant.spaces for o in index.space_owners(space)})


async def read_facts(client: GraphClient, tenant: Tenant) -> LiveFacts:
    """Look the owners up in one batch (404: not in the directory; any other error is raised,
    never taken for an absence) and read /subscribedSkus (learn.microsoft.com/graph/api/
    user-get)."""
    owners = owners_of(tenant)
    items = [
        BatchItem(str(n), "GET", f"/users/{quote(upn)}?$select=userPrincipalName")
        for n, upn in enumerate(owners)
    ]
    results = await client.batch(items) if items else {}
    for item in items:
        answer = results[item.id]
        if answer.status >= 400 and answer.status != 404:  # refused or failed: not an absence
            url = f"{client.settings.base_url.rstrip('/')}{item.url}"
            raise GraphError.from_body(item.method, url, answer.status, answer.body)
    found = frozenset(upn for n, upn in enumerate(owners) if results[str(n)].status < 400)
    skus = await client.list_all("subscribedSkus")
    seats = {str(s["skuPartNumber"]): int(s["prepaidUnits"]["enabled"]) for s in skus}
    return LiveFacts(found, seats)


def live_facts(tenant: Tenant) -> LiveFacts:
    """The facts, from the tenant the environment points at (TENANTCTL_GRAPH_BASE_URL, ...)."""

    async def read() -> LiveFacts:
        async with client_from(lookup_from({})) as client:
            return await read_facts(client, tenant)

    return run(read())
