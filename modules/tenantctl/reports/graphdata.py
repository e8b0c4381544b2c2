"""Read a `TenantSnapshot` through the shared Graph client.

Reports answer 302 with a short-lived pre-authenticated download URL (reportroot-get* pages);
the CSV is fetched from it without the Graph bearer token.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

import httpx

from tenantctl.graph import GraphClient, GraphError
from tenantctl.m365 import limits
from tenantctl.m365.reads import Read
from tenantctl.reports.csvreport import ReportSpec, ReportTable, parse_report
from tenantctl.reports.snapshot import (
    Assignment,
    DirectoryUser,
    LicensedGroup,
    SubscribedSku,
    TenantSnapshot,
)

USER_FIELDS = (
    "id,userPrincipalName,displayName,department,userType,accountEnabled,licenseAssignmentStates"
)
GROUP_FIELDS = "id,displayName,mailNickname,assignedLicenses"
PAGE = str(limits.PAGE_SIZE_MAX)
READS = (
    Read("subscribedSkus", "LicenseAssignment.Read.All"),
    Read("groups", "GroupMember.Read.All"),
    Read("users", "User.Read.All"),
    Read("reports", "Reports.Read.All"),
    Read("admin/reportSettings", "ReportSettings.Read.All"),
)
"""The reports' reads and their least application permissions (learn.microsoft.com/graph/api/
subscribedsku-list, group-list, user-list, reportroot-getoffice365activeuserdetail and the
other usage reports, adminreportsettings-get)."""


async def read_snapshot(
    client: GraphClient, wanted: Iterable[tuple[ReportSpec, str]]
) -> TenantSnapshot:
    """Subscriptions, licensed groups, enabled member users and the `wanted` reports."""
    skus, groups, users, concealed = await asyncio.gather(
        client.get("subscribedSkus"),
        client.list_all("groups", params={"$select": GROUP_FIELDS, "$top": PAGE}),
        client.list_all("users", params={"$select": USER_FIELDS, "$top": PAGE}),
        concealed_names(client),
    )
    reports: dict[tuple[str, str], ReportTable] = {}
    async with httpx.AsyncClient(timeout=120) as download:
        for spec, period in wanted:
            reports[(spec.function, period)] = await read_report(client, download, spec, period)
    return TenantSnapshot(
        skus=tuple(_sku(s) for s in skus.get("value", [])),
        groups=tuple(_group(g) for g in groups if g.get("assignedLicenses")),
        users=tuple(
            _user(u)
            for u in users
            if u.get("userType", "Member") != "Guest" and u.get("accountEnabled", True)
        ),
        concealed=concealed,
        reports=reports,
    )


async def concealed_names(client: GraphClient) -> bool:
    """Whether reports conceal user names (adminReportSettings). Without ReportSettings.Read.All
    this says False and the usage join detects concealed names from the data."""
    try:
        settings = await client.get("admin/reportSettings")
    except GraphError as exc:
        if exc.status in (401, 403):
            return False
        raise
    return bool(settings.get("displayConcealedNames"))


async def read_report(
    client: GraphClient, download: httpx.AsyncClient, spec: ReportSpec, period: str
) -> ReportTable:
    """One report for one period, parsed."""
    answer = await client.request("GET", spec.call(period))
    location = answer.headers.get("Location")
    if answer.status in (301, 302, 303, 307) and location:
        fetched = await download.get(location)
        fetched.raise_for_status()
        data = fetched.content
    else:
        data = answer.body.encode() if isinstance(answer.body, str) else b""
    return parse_report(spec, data)


def _sku(raw: dict[str, Any]) -> SubscribedSku:
    return SubscribedSku(
        sku_id=str(raw["skuId"]),
        part_number=str(raw.get("skuPartNumber", raw["skuId"])),
        enabled=int((raw.get("prepaidUnits") or {}).get("enabled", 0)),
        consumed=int(raw.get("consumedUnits", 0)),
        plans=frozenset(str(p["servicePlanName"]) for p in raw.get("servicePlans") or []),
        plan_ids=frozenset(
            (str(p["servicePlanName"]), str(p["servicePlanId"]))
            for p in raw.get("servicePlans") or []
        ),
    )


def _group(raw: dict[str, Any]) -> LicensedGroup:
    return LicensedGroup(
        id=str(raw["id"]),
        display_name=str(raw.get("displayName") or ""),
        mail_nickname=str(raw.get("mailNickname") or ""),
        sku_ids=tuple(str(lic["skuId"]) for lic in raw.get("assignedLicenses") or []),
    )


def _user(raw: dict[str, Any]) -> DirectoryUser:
    return DirectoryUser(
        id=str(raw["id"]),
        upn=str(raw.get("userPrincipalName") or ""),
        display_name=str(raw.get("displayName") or ""),
        department=str(raw.get("department") or ""),
        assignments=tuple(
            Assignment(
                sku_id=str(state["skuId"]),
                group_id=state.get("assignedByGroup") or None,
                state=str(state.get("state") or ""),
                error=str(state.get("error") or "None"),
                disabled_plans=frozenset(str(p) for p in state.get("disabledPlans") or []),
            )
            for state in raw.get("licenseAssignmentStates") or []
        ),
    )
