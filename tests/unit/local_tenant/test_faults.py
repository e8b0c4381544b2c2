"""The fault layer's throttling budgets are Microsoft's published limits, the ones the toolkit's
client paces by, so a paced client is never throttled by the local tenant's defaults."""

from __future__ import annotations

from local_tenant.faults import DEFAULT_BUDGETS
from tenantctl.graph.settings import Pacing


def test_each_default_budget_is_a_published_limit_per_app_per_tenant() -> None:
    budgets = {name: (b.limit, b.window_s) for name, b in DEFAULT_BUDGETS.items()}
    assert budgets == {
        "teams.create": (10, 1),
        "teams.fromGroup": (6, 1),
        "teams.get": (30, 1),
        "teams.list": (60, 1),
        "teams.write": (30, 1),
        "teams.delete": (15, 1),
        "teams.perTeam": (4, 1),
        "invitations": (150, 5),
        "directory.S": (3500, 10),
        "directory.M": (5000, 10),
        "directory.L": (8000, 10),
        "directory.writes": (3000, 150),
        "reports": (14, 600),
        "outlook": (10000, 600),
        "outlook.concurrent": (4, 0),
        # SharePoint's per-application budget a minute, by the tenant's licences
        "sharepoint.1200": (1200, 60),
        "sharepoint.2400": (2400, 60),
        "sharepoint.3600": (3600, 60),
        "sharepoint.4800": (4800, 60),
        "sharepoint.6000": (6000, 60),
    }


def test_the_client_paces_each_budget_at_most_at_the_local_tenants_limit() -> None:
    pacing = Pacing()
    client = {"teams.get": "teams.read", "directory.S": "directory"}
    for name, budget in DEFAULT_BUDGETS.items():
        if name in ("directory.M", "directory.L", "reports", "outlook", "outlook.concurrent"):
            continue
        paced = client.get(name, name)
        assert pacing.span(paced) == budget.window_s, name
        assert pacing.rate(paced) * pacing.span(paced) <= budget.limit, name
