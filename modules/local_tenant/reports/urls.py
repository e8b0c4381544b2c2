"""Reports routes (their permissions: `local_tenant.permissions.ROUTES`)."""

from __future__ import annotations

from local_tenant.reports import responses as r
from local_tenant.router import Route, RouteSet


def routes() -> list[Route]:
    s = RouteSet("reports", forbidden_code="Forbidden")
    s.add("GET", "/reports/{report}", r.report, name="report", transactional=False)
    s.add(
        "GET",
        "/admin/reportSettings",
        r.get_settings,
        name="settings.get",
    )
    s.add(
        "PATCH",
        "/admin/reportSettings",
        r.update_settings,
        name="settings.update",
    )
    return s.routes


def download_routes() -> list[Route]:
    """Pre-authenticated download links (outside /v1.0, no bearer token)."""
    s = RouteSet("reports")
    s.add(
        "GET",
        "/_reports/download/{token}",
        r.download,
        name="download",
        public=True,
        transactional=False,
    )
    return s.routes
