"""SharePoint REST `$batch` on the admin site: OData multipart in, multipart out, each
operation answered (and counted, and authorised) as if it had been sent alone."""

from __future__ import annotations

import json
from email.message import Message
from email.parser import BytesParser

import httpx
import pytest

from tenantctl.m365 import limits
from tests.support.local_tenant_fixture import LocalTenantHandle

pytestmark = pytest.mark.integration

TENANT = "/_api/Microsoft.Online.SharePoint.TenantAdministration.Tenant"
BATCH, CHANGESET = "batch_4b1d", "changeset_77ef"


def _site_url(tenant: LocalTenantHandle, nickname: str) -> str:
    group = tenant.admin.graph(
        "POST",
        "/groups",
        {
            "displayName": nickname.title(),
            "mailNickname": nickname,
            "mailEnabled": True,
            "securityEnabled": False,
            "groupTypes": ["Unified"],
        },
    )
    return str(tenant.admin.graph("GET", f"/groups/{group['id']}/sites/root")["webUrl"])


def _by_url(site: str, url: str) -> str:
    return (
        f"--{CHANGESET}\r\nContent-Type: application/http\r\n"
        "Content-Transfer-Encoding: binary\r\n\r\n"
        f"POST {site}{TENANT}/GetSitePropertiesByUrl HTTP/1.1\r\n"
        "Content-Type: application/json\r\n\r\n"
        f"{json.dumps({'url': url})}\r\n"
    )


def _send(
    tenant: LocalTenantHandle, operations: list[str], roles: list[str] | None = None
) -> httpx.Response:
    body = (
        f"--{BATCH}\r\nContent-Type: multipart/mixed; boundary={CHANGESET}\r\n\r\n"
        + "".join(operations)
        + f"--{CHANGESET}--\r\n--{BATCH}--\r\n"
    )
    token = tenant.token(roles) if roles is not None else tenant.token()
    return httpx.post(
        f"{tenant.root_url}/_api/$batch",
        content=body.encode(),
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": f"multipart/mixed; boundary={BATCH}",
        },
    )


def _answers(response: httpx.Response) -> list[tuple[int, dict[str, object]]]:
    """(status, JSON body) of each operation, in order, from the changeset response."""
    head = f"Content-Type: {response.headers['content-type']}\r\n\r\n".encode()
    message = BytesParser().parsebytes(head + response.content)
    parts = message.get_payload()
    assert isinstance(parts, list) and len(parts) == 1
    changeset = parts[0]
    assert isinstance(changeset, Message)
    assert changeset.get_content_type() == "multipart/mixed"
    operations = changeset.get_payload()
    assert isinstance(operations, list)
    answers = []
    for part in operations:
        assert isinstance(part, Message) and part.get_content_type() == "application/http"
        payload = part.get_payload(decode=True)
        assert isinstance(payload, bytes)
        status_line, _, rest = payload.decode().partition("\r\n")
        answers.append((int(status_line.split()[1]), json.loads(rest.partition("\r\n\r\n")[2])))
    return answers


def test_a_batch_answers_each_site_read_in_order(local_tenant: LocalTenantHandle) -> None:
    first, second = _site_url(local_tenant, "batch-one"), _site_url(local_tenant, "batch-two")
    missing = f"{local_tenant.root_url}/sites/no-such-site"
    local_tenant.admin.call("DELETE", "/_admin/counters")

    site = local_tenant.root_url
    response = _send(
        local_tenant, [_by_url(site, first), _by_url(site, missing), _by_url(site, second)]
    )

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("multipart/mixed; boundary=batchresponse_")
    (one, one_body), (gone, gone_body), (two, two_body) = _answers(response)
    assert (one, gone, two) == (200, 404, 200)
    assert (one_body["Url"], two_body["Url"]) == (first, second)
    assert one_body["SharingCapability"] in (0, 1, 2, 3)
    assert "odata.error" in gone_body
    routes = local_tenant.admin.counters()["routes"]
    assert routes["sharepointAdmin.batch"] == 1
    assert routes["sharepointAdmin.sites.getByUrl"] == 3


def test_each_operation_needs_the_sharepoint_permission(local_tenant: LocalTenantHandle) -> None:
    url = _site_url(local_tenant, "batch-denied")
    response = _send(local_tenant, [_by_url(local_tenant.root_url, url)], ["Sites.Read.All"])
    assert response.status_code == 200
    ((status, body),) = _answers(response)
    assert status == 403
    assert "UnauthorizedAccessException" in json.dumps(body)


def test_a_batch_stays_on_its_site_and_under_100_operations(
    local_tenant: LocalTenantHandle,
) -> None:
    url = _site_url(local_tenant, "batch-limits")
    most = limits.SHAREPOINT_BATCH_OPERATIONS_MAX
    full = _send(local_tenant, [_by_url(local_tenant.root_url, url)] * most)
    assert full.status_code == 200
    assert [status for status, _ in _answers(full)] == [200] * most
    elsewhere = _send(local_tenant, [_by_url("https://contoso-admin.sharepoint.com", url)])
    too_many = _send(local_tenant, [_by_url(local_tenant.root_url, url)] * (most + 1))
    for refused in (elsewhere, too_many):
        assert refused.status_code == 400
        assert "odata.error" in refused.json()


def test_sharepoint_throttles_a_batch_per_operation(local_tenant: LocalTenantHandle) -> None:
    url = _site_url(local_tenant, "batch-paced")
    tiers = (*(units for _, units in limits.SHAREPOINT_UNITS_PER_MINUTE),)
    tiers += (limits.SHAREPOINT_UNITS_PER_MINUTE_ABOVE,)
    budget = {"limit": 5 * limits.SHAREPOINT_REST_OPERATION_UNITS, "window_s": 60}
    local_tenant.admin.set_faults(
        {"throttle": {"enabled": True, "budgets": {f"sharepoint.{u}": budget for u in tiers}}}
    )

    response = _send(local_tenant, [_by_url(local_tenant.root_url, url)] * 8)

    assert response.status_code == 200  # the batch itself is not charged...
    statuses = [status for status, _ in _answers(response)]
    assert statuses == [200] * 5 + [429] * 3  # ...each of its operations is
