"""Usage reports: 302 to a CSV with a BOM and Graph's headers, deterministic, concealable."""

from __future__ import annotations

import csv
import io
import re

import httpx
import pytest
from msgraph import GraphServiceClient
from msgraph.generated.models.admin_report_settings import AdminReportSettings

from local_tenant.reports.mailbox import MAILBOX_USAGE_DETAIL
from local_tenant.reports.models import ACTIVE_USER_DETAIL, M365_APP_USER_DETAIL, TEAMS_USER_DETAIL
from tests.support.local_tenant_fixture import LocalTenantHandle

pytestmark = [pytest.mark.integration, pytest.mark.filterwarnings("ignore::DeprecationWarning")]


def _rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


async def test_redirect_then_csv(local_tenant: LocalTenantHandle) -> None:
    async with httpx.AsyncClient(
        headers={"Authorization": f"Bearer {local_tenant.token()}"}
    ) as http:
        response = await http.get(
            f"{local_tenant.base_url}/reports/getOffice365ActiveUserDetail(period='D7')"
        )
        assert response.status_code == 302
        location = response.headers["Location"]
        download = await http.get(location, headers={"Authorization": ""})
    assert download.status_code == 200
    rows = _rows(download.content)
    assert rows[0] == ACTIVE_USER_DETAIL and len(rows) > 30


async def test_sdk_follows_redirect(graph_client: GraphServiceClient) -> None:
    data = await graph_client.reports.get_teams_user_activity_user_detail_with_period("D30").get()
    assert data is not None
    rows = _rows(data)
    assert rows[0] == TEAMS_USER_DETAIL
    again = await graph_client.reports.get_teams_user_activity_user_detail_with_period("D30").get()
    assert again == data
    apps = await graph_client.reports.get_m365_app_user_detail_with_period("D30").get()
    assert apps is not None and _rows(apps)[0] == M365_APP_USER_DETAIL
    counts = await graph_client.reports.get_office365_active_user_counts_with_period("D90").get()
    assert counts is not None and len(_rows(counts)) == 91
    for fetch in (
        graph_client.reports.get_share_point_activity_user_detail_with_period("D180"),
        graph_client.reports.get_one_drive_activity_user_detail_with_period("D7"),
        graph_client.reports.get_email_activity_user_detail_with_period("D7"),
    ):
        body = await fetch.get()
        assert body is not None and len(_rows(body)) > 1


async def test_activity_varies(graph_client: GraphServiceClient) -> None:
    data = await graph_client.reports.get_office365_active_user_detail_with_period("D30").get()
    assert data is not None
    rows = _rows(data)[1:]
    teams_last = [r[ACTIVE_USER_DETAIL.index("Teams Last Activity Date")] for r in rows]
    assert any(teams_last) and not all(teams_last)


async def test_concealed_names(
    graph_client: GraphServiceClient, local_tenant: LocalTenantHandle
) -> None:
    await graph_client.admin.report_settings.patch(
        AdminReportSettings(display_concealed_names=True)
    )
    settings = await graph_client.admin.report_settings.get()
    assert settings is not None and settings.display_concealed_names is True
    data = await graph_client.reports.get_email_activity_user_detail_with_period("D7").get()
    assert data is not None
    upns = [r[1] for r in _rows(data)[1:]]
    assert all("@" not in u and len(u) == 32 for u in upns)


async def test_bad_period_and_permissions(local_tenant: LocalTenantHandle) -> None:
    async with httpx.AsyncClient(base_url=local_tenant.base_url) as http:
        ok = {"Authorization": f"Bearer {local_tenant.token()}"}
        assert (
            await http.get("/reports/getOffice365ActiveUserDetail(period='D8')", headers=ok)
        ).status_code == 400
        assert (
            await http.get(
                "/reports/getM365AppUserDetail(period='D7')?$format=text/csv", headers=ok
            )
        ).status_code == 302
        no_role = {"Authorization": f"Bearer {local_tenant.token(['User.Read.All'])}"}
        assert (
            await http.get("/reports/getEmailActivityUserDetail(period='D7')", headers=no_role)
        ).status_code == 403
        expired = await http.get(f"{local_tenant.root_url}/_reports/download/nope")
        assert expired.status_code == 404


def _mailbox_report(lt: LocalTenantHandle, query: str = "") -> list[list[str]]:
    url = f"/v1.0/reports/getMailboxUsageDetail(period='D30'){query}"
    response = lt.admin.call("GET", url)
    assert response.status_code == 302, response.text
    download = httpx.get(response.headers["Location"])
    return _rows(download.content)


def test_mailbox_usage_columns_rows_and_seeded_usage(local_tenant: LocalTenantHandle) -> None:
    users = local_tenant.admin.graph("GET", "/users?$select=id,userPrincipalName,assignedLicenses")
    holders = [u for u in users["value"] if u["assignedLicenses"]]
    first = holders[0]
    seeded = {"itemCount": 12, "storageUsedBytes": 4096, "lastActivityDate": "2024-03-01"}
    put = local_tenant.admin.call("PUT", f"/_admin/mailboxes/{first['id']}/usage", seeded)
    assert put.status_code == 200, put.text
    rows = _mailbox_report(local_tenant)
    assert rows[0] == MAILBOX_USAGE_DETAIL
    assert {r[1] for r in rows[1:]} == {u["userPrincipalName"] for u in holders}
    row = next(r for r in rows[1:] if r[1] == first["userPrincipalName"])
    named = dict(zip(rows[0], row, strict=True))
    assert named["Item Count"] == "12" and named["Storage Used (Byte)"] == "4096"
    assert named["Last Activity Date"] == "2024-03-01" and named["Is Deleted"] == "False"
    assert named["Prohibit Send/Receive Quota (Byte)"] == str(100 * 1024**3)
    assert named["Report Period"] == "30"
    bad = local_tenant.admin.call("PUT", f"/_admin/mailboxes/{first['id']}/usage", {"items": 1})
    assert bad.status_code == 400


def test_mailbox_usage_shows_disconnected_mailboxes_and_conceals_names(
    local_tenant: LocalTenantHandle,
) -> None:
    users = local_tenant.admin.graph("GET", "/users?$select=id,userPrincipalName,assignedLicenses")
    holder = next(u for u in users["value"] if u["assignedLicenses"])
    sku = holder["assignedLicenses"][0]["skuId"]
    local_tenant.admin.graph(
        "POST", f"/users/{holder['id']}/assignLicense", {"addLicenses": [], "removeLicenses": [sku]}
    )
    row = next(r for r in _mailbox_report(local_tenant) if r[1] == holder["userPrincipalName"])
    assert row[3] == "True" and row[4] != ""
    local_tenant.admin.graph("PATCH", "/admin/reportSettings", {"displayConcealedNames": True})
    concealed = _mailbox_report(local_tenant)
    assert holder["userPrincipalName"] not in {r[1] for r in concealed[1:]}
    hexed = re.compile(r"[0-9A-F]{32}")
    assert all(hexed.fullmatch(r[1]) and hexed.fullmatch(r[2]) for r in concealed[1:])
    refused = local_tenant.admin.call(
        "GET", "/v1.0/reports/getMailboxUsageDetail(period='D30')?$format=application/json"
    )
    assert refused.status_code == 400
    assert (
        local_tenant.admin.call(
            "GET", "/v1.0/reports/getMailboxUsageDetail(period='D1')"
        ).status_code
        == 400
    )


def test_a_mailbox_appears_in_the_report_once_provisioned(local_tenant: LocalTenantHandle) -> None:
    users = local_tenant.admin.graph(
        "GET", "/users?$select=id,userPrincipalName,userType,assignedLicenses"
    )
    newcomer = next(
        u for u in users["value"] if u["userType"] == "Member" and not u["assignedLicenses"]
    )
    local_tenant.admin.graph(
        "POST",
        f"/users/{newcomer['id']}/assignLicense",
        {"addLicenses": [{"skuId": "66b55226-6b4f-492c-910c-a3b7a3c9d993"}], "removeLicenses": []},
    )
    assert newcomer["userPrincipalName"] not in {r[1] for r in _mailbox_report(local_tenant)}
    local_tenant.admin.call("POST", "/_admin/clock", {"seconds": 300})
    row = next(r for r in _mailbox_report(local_tenant) if r[1] == newcomer["userPrincipalName"])
    assert row[11] == str(2 * 1024**3)
