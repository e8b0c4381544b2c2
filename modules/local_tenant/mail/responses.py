"""Mail handlers: parse the request, call `Mailboxes`, shape Graph's answer."""

from __future__ import annotations

import re
from typing import Any

from local_tenant.errors import BadRequest, UnknownSegment
from local_tenant.mail.host import MailHost
from local_tenant.protocol import Response, context_url
from local_tenant.router import Call
from tenantctl.m365.mailbox import CULTURES, ZONES

_STANDARD = re.compile(r"^(?:microsoft\.graph\.timeZoneStandard)?'(\w+)'$")


def _context(call: Call[MailHost], suffix: str = "") -> str:
    return context_url(call.request, f"users('{call.param('id')}')/mailboxSettings{suffix}")


def get_settings(call: Call[MailHost]) -> Response:
    settings = call.tenant.mailboxes.settings(call.param("id"))
    select = [s.strip() for s in call.request.query.get("$select", "").split(",") if s.strip()]
    if select:
        wanted = {s.lower() for s in select}
        settings = {k: v for k, v in settings.items() if k.lower() in wanted}
    return Response(200, {"@odata.context": _context(call), **settings})


def get_setting(call: Call[MailHost]) -> Response:
    settings = call.tenant.mailboxes.settings(call.param("id"))
    name = next((k for k in settings if k.lower() == call.param("property").lower()), None)
    if name is None:
        raise UnknownSegment.segment(call.request.path)
    value: Any = settings[name]
    body = value if isinstance(value, dict) else {"value": value}
    return Response(200, {"@odata.context": _context(call, f"/{name}"), **body})


def update_settings(call: Call[MailHost]) -> Response:
    changed = call.tenant.mailboxes.update_settings(call.param("id"), call.request.json())
    return Response(200, {"@odata.context": _context(call), **changed})


def supported_languages(call: Call[MailHost]) -> Response:
    call.tenant.mailboxes.mailbox(call.param("id"))
    value = [{"locale": k, "displayName": c.display_name} for k, c in CULTURES.items()]
    return Response(
        200,
        {
            "@odata.context": context_url(call.request, "Collection(microsoft.graph.localeInfo)"),
            "value": value,
        },
    )


def supported_time_zones(call: Call[MailHost]) -> Response:
    call.tenant.mailboxes.mailbox(call.param("id"))
    standard = "windows"
    if "standard" in call.params:
        found = _STANDARD.match(call.param("standard").strip())
        if found is None or found[1].lower() not in ("windows", "iana"):
            raise BadRequest(
                f"The parameter 'TimeZoneStandard' has an invalid value "
                f"'{call.param('standard')}': use 'Windows' or 'Iana'."
            )
        standard = found[1].lower()
    if standard == "iana":
        value = [{"alias": n, "displayName": n} for zone in ZONES.values() for n in zone.iana]
    else:
        value = [{"alias": k, "displayName": z.display_name} for k, z in ZONES.items()]
    fragment = "Collection(microsoft.graph.timeZoneInformation)"
    return Response(200, {"@odata.context": context_url(call.request, fragment), "value": value})
