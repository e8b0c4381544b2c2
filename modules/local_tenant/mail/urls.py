"""Mail routes (their permissions: `local_tenant.permissions.ROUTES`). They run outside a
route transaction: `Mailboxes` commits what it observes itself."""

from __future__ import annotations

from local_tenant.mail import responses as r
from local_tenant.router import Route, RouteSet


def routes() -> list[Route]:
    s = RouteSet("mail", forbidden_code="ErrorAccessDenied")
    add = s.add
    add(
        "GET",
        "/users/{id}/mailboxSettings",
        r.get_settings,
        name="settings.get",
        transactional=False,
    )
    add(
        "PATCH",
        "/users/{id}/mailboxSettings",
        r.update_settings,
        name="settings.update",
        transactional=False,
    )
    add(
        "GET",
        "/users/{id}/mailboxSettings/{property}",
        r.get_setting,
        name="settings.property",
        transactional=False,
    )
    add(
        "GET",
        "/users/{id}/outlook/supportedLanguages",
        r.supported_languages,
        name="supportedLanguages",
        transactional=False,
    )
    add(
        "GET",
        "/users/{id}/outlook/supportedTimeZones",
        r.supported_time_zones,
        name="supportedTimeZones",
        transactional=False,
    )
    add(
        "GET",
        "/users/{id}/outlook/supportedTimeZones(TimeZoneStandard={standard})",
        r.supported_time_zones,
        name="supportedTimeZones.standard",
        transactional=False,
    )
    return s.routes
