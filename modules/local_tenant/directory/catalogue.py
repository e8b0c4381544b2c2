"""The licence SKUs the local tenant subscribes to, and how many seats of each it holds.

What each SKU is (its id, product name and service plans) is `tenantctl.m365.skus`, from
Microsoft's published identifiers; only the subscription is the local tenant's.
"""

from __future__ import annotations

SUBSCRIBED: dict[str, int] = {
    "ENTERPRISEPACK": 250,
    "SPE_E3": 500,
    "SPE_E5": 50,
    "SPE_F1": 300,
    "M365_F1": 100,
    "POWER_BI_PRO": 25,
    "FLOW_FREE": 10000,
    "TEAMS_EXPLORATORY": 100,
}
"""Part number → seats (prepaidUnits.enabled) of each subscribed SKU."""
