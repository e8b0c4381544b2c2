"""The mailbox usage report (learn.microsoft.com/graph/api/reportroot-getmailboxusagedetail):
one row per mailbox Exchange holds, connected or disconnected and not yet purged, with the
columns the page lists for Graph v1.0 (CSV only: v1.0 has no JSON form of it)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from local_tenant.mail.usage import RECOVERABLE_ITEMS_QUOTA_BYTES, derived, quotas
from local_tenant.reports.activity import Profile
from tenantctl.m365.skus import SKUS

if TYPE_CHECKING:
    from local_tenant.reports.host import ReportsHost
    from local_tenant.reports.models import Window
    from local_tenant.storage import Document

MAILBOX_USAGE_DETAIL = [
    "Report Refresh Date",
    "User Principal Name",
    "Display Name",
    "Is Deleted",
    "Deleted Date",
    "Created Date",
    "Last Activity Date",
    "Item Count",
    "Storage Used (Byte)",
    "Issue Warning Quota (Byte)",
    "Prohibit Send Quota (Byte)",
    "Prohibit Send/Receive Quota (Byte)",
    "Deleted Item Count",
    "Deleted Item Size (Byte)",
    "Deleted Item Quota (Byte)",
    "Has Archive",
    "Report Period",
]
_FULL_PLANS = ("EXCHANGE_S_ENTERPRISE", "EXCHANGE_S_STANDARD")
_SKU_PLANS = {str(sku.sku_id): sku.plans for sku in SKUS.values()}


def _day(at: float) -> str:
    return datetime.fromtimestamp(at, UTC).date().isoformat()


def _last_activity(user: Document, mailbox: Document, window: Window) -> str:
    """The seeded date, else the user's last Exchange day in the window since the mailbox
    was made."""
    seeded = (mailbox.get("usage") or {}).get("lastActivityDate")
    if seeded:
        return str(seeded)
    created = _day(float(mailbox["createdAt"]))
    profile = Profile.of(user)
    for day in window.span:
        if day.isoformat() < created:
            break
        if profile.active("Exchange", day, window.refreshed):
            return day.isoformat()
    return ""


def mailbox_rows(
    tenant: ReportsHost, window: Window, show: Callable[[str], str]
) -> list[list[str]]:
    """The report's rows; ``show`` renders a name (concealed or not, as the other reports)."""
    rows: list[list[str]] = []
    for user, mailbox in tenant.mailboxes.reported():
        usage = {**derived(str(user["id"])), **(mailbox.get("usage") or {})}
        view = tenant.licensing.user_view(user)
        full = any(
            plan in _FULL_PLANS and str(id) not in lic["disabledPlans"]
            for lic in view["assignedLicenses"]
            for plan, id in _SKU_PLANS.get(lic["skuId"], {}).items()
        )
        warning, send, send_receive = quotas(kiosk=not full and bool(view["assignedLicenses"]))
        upn = str(user.get("userPrincipalName", ""))
        name = str(user.get("displayName", ""))
        lost = mailbox.get("lostAt")
        rows.append(
            [
                window.refreshed.isoformat(),
                show(upn),
                show(name),
                "True" if lost is not None else "False",
                _day(float(lost)) if lost is not None else "",
                _day(float(mailbox["createdAt"])),
                _last_activity(user, mailbox, window),
                str(usage["itemCount"]),
                str(usage["storageUsedBytes"]),
                str(warning),
                str(send),
                str(send_receive),
                str(usage["deletedItemCount"]),
                str(usage["deletedItemSizeBytes"]),
                str(RECOVERABLE_ITEMS_QUOTA_BYTES),
                "True" if usage.get("hasArchive") else "False",
                str(window.period),
            ]
        )
    return rows
