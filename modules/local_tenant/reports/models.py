"""Microsoft 365 usage reports, rendered as Graph serves them: CSV with a UTF-8 BOM and the
documented column headers, behind a 302 to a short-lived pre-authenticated download URL.

Columns follow learn.microsoft.com/graph/api/reportroot-getoffice365activeuserdetail,
-getoffice365activeusercounts, -getteamsuseractivityuserdetail, -getm365appuserdetail,
-getsharepointactivityuserdetail, -getonedriveactivityuserdetail,
-getemailactivityuserdetail and -getmailboxusagedetail (`reports.mailbox`); concealed names
follow /graph/api/adminreportsettings-update.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import secrets
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from local_tenant.reports.activity import SERVICES, Profile, days
from local_tenant.reports.exceptions import DownloadExpired, InvalidReportArgument, UnknownReport
from local_tenant.reports.mailbox import MAILBOX_USAGE_DETAIL, mailbox_rows
from local_tenant.storage import Document
from tenantctl.m365.skus import SKUS

if TYPE_CHECKING:
    from local_tenant.reports.host import ReportsHost

SETTINGS_KEY = "reportSettings"
PERIODS = {"D7": 7, "D30": 30, "D90": 90, "D180": 180}
_CALL = re.compile(r"^(\w+)\((?:period='(\w+)'|date=(\d{4}-\d{2}-\d{2}))\)$")
SKU_BY_ID = {str(sku.sku_id): sku for sku in SKUS.values()}
"""SKUs by id; the usage reports' "Assigned Products" column shows their names in capitals."""
_PLAN_SERVICE = {
    "Exchange": ("EXCHANGE_S_ENTERPRISE", "EXCHANGE_S_DESKLESS"),
    "OneDrive": ("SHAREPOINTENTERPRISE", "SHAREPOINTDESKLESS"),
    "SharePoint": ("SHAREPOINTENTERPRISE", "SHAREPOINTDESKLESS"),
    "Skype For Business": ("MCOSTANDARD", "MCOIMP"),
    "Yammer": ("YAMMER_ENTERPRISE",),
    "Teams": ("TEAMS1",),
}
Row = list[str]


class Window:
    """The days a report covers and how it labels them."""

    def __init__(self, refreshed: date, span: list[date], period: int) -> None:
        self.refreshed = refreshed
        self.span = span
        self.period = period


class UserFacts:
    """What the reports say about one user in one window."""

    def __init__(self, tenant: ReportsHost, user: Document, window: Window, conceal: bool) -> None:
        self.user = user
        self.window = window
        self.profile = Profile.of(user)
        view = tenant.licensing.user_view(user)
        licences = [
            (SKU_BY_ID[lic["skuId"]], lic)
            for lic in view["assignedLicenses"]
            if lic["skuId"] in SKU_BY_ID
        ]
        self.products = sorted(sku.name.upper() for sku, _ in licences)
        enabled = {
            plan
            for sku, lic in licences
            for plan, plan_id in sku.plans.items()
            if str(plan_id) not in lic["disabledPlans"]
        }
        self.licensed = {s: any(p in enabled for p in plans) for s, plans in _PLAN_SERVICE.items()}
        upn = str(user.get("userPrincipalName", ""))
        self.upn = _conceal(upn) if conceal else upn
        self.name = (
            _conceal(str(user.get("displayName", "")))
            if conceal
            else str(user.get("displayName", ""))
        )

    def active_days(self, service: str) -> list[date]:
        if not self.licensed.get(service, False) and service != "Teams":
            return []
        return [
            d for d in self.window.span if self.profile.active(service, d, self.window.refreshed)
        ]

    def last(self, service: str) -> str:
        active = self.active_days(service)
        return active[0].isoformat() if active else ""

    def total(self, service: str, measure: str, scale: int) -> int:
        return sum(
            self.profile.count(service, measure, d, scale) for d in self.active_days(service)
        )

    @property
    def assigned(self) -> str:
        return "+".join(self.products)

    def clients(self) -> dict[str, bool]:
        used = bool(self.active_days("Exchange") or self.active_days("Teams"))
        mobile = used and (
            self.profile.mobile_only or (not self.profile.web_only and self.profile.salt % 3 == 0)
        )
        web = used and (
            self.profile.web_only or (not self.profile.mobile_only and self.profile.salt % 2 == 0)
        )
        desktop = used and not (self.profile.web_only or self.profile.mobile_only)
        return {
            "Windows": desktop and self.profile.salt % 5 != 0,
            "Mac": desktop and self.profile.salt % 5 == 0,
            "Mobile": mobile,
            "Web": web,
        }


def _conceal(value: str) -> str:
    return hashlib.md5(value.lower().encode()).hexdigest().upper()


def _yes(flag: bool) -> str:
    return "Yes" if flag else "No"


def _bool(flag: bool) -> str:
    return "True" if flag else "False"


def _duration(seconds: int) -> str:
    return f"PT{seconds // 3600}H{seconds % 3600 // 60}M{seconds % 60}S" if seconds else "PT0S"


ACTIVE_USER_DETAIL = [
    "Report Refresh Date",
    "User Principal Name",
    "Display Name",
    "Is Deleted",
    "Deleted Date",
    "Has Exchange License",
    "Has OneDrive License",
    "Has SharePoint License",
    "Has Skype For Business License",
    "Has Yammer License",
    "Has Teams License",
    "Exchange Last Activity Date",
    "OneDrive Last Activity Date",
    "SharePoint Last Activity Date",
    "Skype For Business Last Activity Date",
    "Yammer Last Activity Date",
    "Teams Last Activity Date",
    "Exchange License Assign Date",
    "OneDrive License Assign Date",
    "SharePoint License Assign Date",
    "Skype For Business License Assign Date",
    "Yammer License Assign Date",
    "Teams License Assign Date",
    "Assigned Products",
]
ACTIVE_USER_COUNTS = [
    "Report Refresh Date",
    "Office 365",
    "Exchange",
    "OneDrive",
    "SharePoint",
    "Skype For Business",
    "Yammer",
    "Teams",
    "Report Date",
    "Report Period",
]
TEAMS_USER_DETAIL = [
    "Report Refresh Date",
    "Tenant Display Name",
    "Shared Channel Tenant Display Names",
    "User Id",
    "User Principal Name",
    "Last Activity Date",
    "Is Deleted",
    "Deleted Date",
    "Assigned Products",
    "Team Chat Message Count",
    "Private Chat Message Count",
    "Call Count",
    "Meeting Count",
    "Post Messages",
    "Reply Messages",
    "Urgent Messages",
    "Meetings Organized Count",
    "Meetings Attended Count",
    "Ad Hoc Meetings Organized Count",
    "Ad Hoc Meetings Attended Count",
    "Scheduled One-time Meetings Organized Count",
    "Scheduled One-time Meetings Attended Count",
    "Scheduled Recurring Meetings Organized Count",
    "Scheduled Recurring Meetings Attended Count",
    "Audio Duration",
    "Video Duration",
    "Screen Share Duration",
    "Audio Duration In Seconds",
    "Video Duration In Seconds",
    "Screen Share Duration In Seconds",
    "Has Other Action",
    "Is Licensed",
    "Report Period",
]
_APPS = ("Outlook", "Word", "Excel", "PowerPoint", "OneNote", "Teams")
_PLATFORMS = ("Windows", "Mac", "Mobile", "Web")
M365_APP_USER_DETAIL = [
    "Report Refresh Date",
    "User Principal Name",
    "Last Activation Date",
    "Last Activity Date",
    "Report Period",
    *_PLATFORMS,
    *_APPS,
    *[f"{app} ({platform})" for platform in _PLATFORMS for app in _APPS],
]
SHAREPOINT_USER_DETAIL = [
    "Report Refresh Date",
    "User Principal Name",
    "Is Deleted",
    "Deleted Date",
    "Last Activity Date",
    "Viewed Or Edited File Count",
    "Synced File Count",
    "Shared Internally File Count",
    "Shared Externally File Count",
    "Visited Page Count",
    "Assigned Products",
    "Report Period",
]
ONEDRIVE_USER_DETAIL = [c for c in SHAREPOINT_USER_DETAIL if c != "Visited Page Count"]
EMAIL_USER_DETAIL = [
    "Report Refresh Date",
    "User Principal Name",
    "Display Name",
    "Is Deleted",
    "Deleted Date",
    "Last Activity Date",
    "Send Count",
    "Receive Count",
    "Read Count",
    "Meeting Created Count",
    "Meeting Interacted Count",
    "Assigned Products",
    "Report Period",
]


def _named(f: UserFacts) -> Row:
    """Refresh date, UPN, display name, Is Deleted, Deleted Date."""
    return [f.window.refreshed.isoformat(), f.upn, f.name, "False", ""]


def _active_user_detail(f: UserFacts) -> Row:
    assign = f.user.get("createdDateTime", "")[:10]
    return [
        *_named(f),
        *[_bool(f.licensed[s]) for s in SERVICES],
        *[f.last(s) for s in SERVICES],
        *[assign if f.licensed[s] else "" for s in SERVICES],
        f.assigned,
    ]


def _teams_detail(f: UserFacts, tenant_name: str) -> Row:
    chats, calls, meetings = (
        f.total("Teams", m, n) for m, n in (("chat", 12), ("call", 2), ("meeting", 3))
    )
    audio = f.total("Teams", "audio", 1800)
    video = audio // 2
    share = audio // 5
    return [
        f.window.refreshed.isoformat(),
        tenant_name,
        "",
        str(f.user["id"]),
        f.upn,
        f.last("Teams"),
        "False",
        "",
        f.assigned,
        str(f.total("Teams", "team", 6)),
        str(chats),
        str(calls),
        str(meetings),
        str(f.total("Teams", "post", 3)),
        str(f.total("Teams", "reply", 4)),
        "0",
        str(meetings // 2),
        str(meetings),
        "0",
        str(meetings // 4),
        str(meetings // 4),
        str(meetings // 3),
        str(meetings // 4),
        str(meetings // 3),
        _duration(audio),
        _duration(video),
        _duration(share),
        str(audio),
        str(video),
        str(share),
        _yes(bool(chats)),
        _yes(f.licensed["Teams"]),
        str(f.window.period),
    ]


def _m365_apps(f: UserFacts) -> Row:
    platforms = f.clients()
    used_apps = {
        app: bool(
            f.active_days(
                "Teams" if app == "Teams" else "Exchange" if app == "Outlook" else "OneDrive"
            )
        )
        for app in _APPS
    }
    last = max((f.last(s) for s in ("Exchange", "Teams", "OneDrive")), default="")
    return [
        f.window.refreshed.isoformat(),
        f.upn,
        f.user.get("createdDateTime", "")[:10] if any(platforms.values()) else "",
        last,
        str(f.window.period),
        *[_yes(platforms[p]) for p in _PLATFORMS],
        *[_yes(used_apps[a] and any(platforms.values())) for a in _APPS],
        *[_yes(used_apps[a] and platforms[p]) for p in _PLATFORMS for a in _APPS],
    ]


def _files(f: UserFacts, service: str, with_pages: bool) -> Row:
    row = [
        f.window.refreshed.isoformat(),
        f.upn,
        "False",
        "",
        f.last(service),
        str(f.total(service, "viewed", 9)),
        str(f.total(service, "synced", 4)),
        str(f.total(service, "sharedIn", 2)),
        str(f.total(service, "sharedOut", 1)),
    ]
    if with_pages:
        row.append(str(f.total(service, "pages", 6)))
    return [*row, f.assigned, str(f.window.period)]


def _email(f: UserFacts) -> Row:
    return [
        *_named(f),
        f.last("Exchange"),
        str(f.total("Exchange", "send", 15)),
        str(f.total("Exchange", "receive", 40)),
        str(f.total("Exchange", "read", 35)),
        str(f.total("Exchange", "meetingCreated", 2)),
        str(f.total("Exchange", "meetingInteracted", 4)),
        f.assigned,
        str(f.window.period),
    ]


class Reports:
    """Report generation, download links and report settings."""

    def __init__(self, tenant: ReportsHost) -> None:
        self.tenant = tenant
        self._downloads: dict[str, tuple[float, bytes]] = {}
        name = tenant.organisation.display_name
        self.user_reports: dict[str, tuple[list[str], Callable[[UserFacts], Row]]] = {
            "getOffice365ActiveUserDetail": (ACTIVE_USER_DETAIL, _active_user_detail),
            "getTeamsUserActivityUserDetail": (TEAMS_USER_DETAIL, lambda f: _teams_detail(f, name)),
            "getM365AppUserDetail": (M365_APP_USER_DETAIL, _m365_apps),
            "getSharePointActivityUserDetail": (
                SHAREPOINT_USER_DETAIL,
                lambda f: _files(f, "SharePoint", True),
            ),
            "getOneDriveActivityUserDetail": (
                ONEDRIVE_USER_DETAIL,
                lambda f: _files(f, "OneDrive", False),
            ),
            "getEmailActivityUserDetail": (EMAIL_USER_DETAIL, _email),
        }

    def settings(self) -> dict[str, Any]:
        """adminReportSettings."""
        return {
            "id": self.tenant.stable_id("reportSettings"),
            "displayConcealedNames": bool(self.tenant.store.meta_get(SETTINGS_KEY, False)),
        }

    def update_settings(self, body: dict[str, Any]) -> dict[str, Any]:
        """PATCH /admin/reportSettings."""
        unknown = set(body) - {"displayConcealedNames", "@odata.type"}
        if unknown or not isinstance(body.get("displayConcealedNames"), bool):
            raise InvalidReportArgument(
                "Only 'displayConcealedNames' (Edm.Boolean) can be updated."
            )
        self.tenant.store.meta_set(SETTINGS_KEY, body["displayConcealedNames"])
        return self.settings()

    def _window(self, call_text: str) -> tuple[str, Window]:
        match = _CALL.match(call_text)
        if match is None:
            raise InvalidReportArgument(f"Invalid report function call '{call_text}'.")
        name, period, on = match.groups()
        refreshed = self.tenant.clock.now().date() - timedelta(days=1)
        if period is not None:
            if period not in PERIODS:
                raise InvalidReportArgument(f"Invalid period '{period}': use D7, D30, D90 or D180.")
            return name, Window(refreshed, days(refreshed, PERIODS[period]), PERIODS[period])
        day = date.fromisoformat(on)
        if not refreshed - timedelta(days=30) <= day <= refreshed:
            raise InvalidReportArgument("The date must be within the last 30 days.")
        return name, Window(refreshed, [day], 1)

    def generate(self, call_text: str, fmt: str | None) -> str:
        """Render a report and return a download token."""
        if fmt not in (None, "text/csv"):
            raise InvalidReportArgument(
                f"$format '{fmt}' is not supported on Graph v1.0 for this report; use text/csv."
            )
        name, window = self._window(call_text)
        if name == "getOffice365ActiveUserCounts":
            if len(window.span) == 1:
                raise InvalidReportArgument("getOffice365ActiveUserCounts takes a period.")
            header, rows = ACTIVE_USER_COUNTS, self._counts(window)
        elif name == "getMailboxUsageDetail":
            if len(window.span) == 1:
                raise InvalidReportArgument("getMailboxUsageDetail takes a period.")
            conceal = self.settings()["displayConcealedNames"]
            show: Callable[[str], str] = _conceal if conceal else str
            header, rows = MAILBOX_USAGE_DETAIL, mailbox_rows(self.tenant, window, show)
        elif name in self.user_reports:
            header, render = self.user_reports[name]
            conceal = self.settings()["displayConcealedNames"]
            users = [u for u in self.tenant.directory.users() if u.get("accountEnabled", True)]
            rows = [render(UserFacts(self.tenant, u, window, conceal)) for u in users]
        else:
            raise UnknownReport(f"Resource not found for the segment '{name}'.")
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        token = secrets.token_urlsafe(24)
        self._downloads[token] = (
            time.time() + self.tenant.behaviour.report_link_ttl_s,
            ("\ufeff" + out.getvalue()).encode(),
        )
        return token

    def _counts(self, window: Window) -> list[Row]:
        facts = [UserFacts(self.tenant, u, window, False) for u in self.tenant.directory.users()]
        rows: list[Row] = []
        for day in window.span:
            per = {
                s: sum(
                    1
                    for f in facts
                    if f.licensed.get(s, s == "Teams")
                    and f.profile.active(s, day, window.refreshed)
                )
                for s in SERVICES
            }
            office = sum(
                1
                for f in facts
                if any(f.profile.active(s, day, window.refreshed) for s in SERVICES)
            )
            rows.append(
                [
                    window.refreshed.isoformat(),
                    str(office),
                    *[str(per[s]) for s in SERVICES],
                    day.isoformat(),
                    str(window.period),
                ]
            )
        return rows

    def download(self, token: str) -> bytes:
        """The CSV behind a download token, while it is valid."""
        found = self._downloads.get(token)
        if found is None or found[0] < time.time():
            self._downloads.pop(token, None)
            raise DownloadExpired("The download link has expired or does not exist.")
        return found[1]
