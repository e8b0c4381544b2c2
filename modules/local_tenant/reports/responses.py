"""Reports handlers."""

from __future__ import annotations

from local_tenant.protocol import Response, entity, no_content
from local_tenant.reports.host import ReportsHost
from local_tenant.router import Call


def report(call: Call[ReportsHost]) -> Response:
    token = call.tenant.reports.generate(call.param("report"), call.request.query.get("$format"))
    origin = call.request.base_url.rsplit("/v1.0", 1)[0]
    return Response(
        302,
        headers={"Location": f"{origin}/_reports/download/{token}"},
        raw=b"",
        content_type="text/plain",
    )


def download(call: Call[ReportsHost]) -> Response:
    return Response(
        200,
        raw=call.tenant.reports.download(call.param("token")),
        content_type="application/octet-stream",
    )


def get_settings(call: Call[ReportsHost]) -> Response:
    return entity(call.request, "admin/reportSettings", call.tenant.reports.settings())


def update_settings(call: Call[ReportsHost]) -> Response:
    call.tenant.reports.update_settings(call.request.json())
    return no_content()
