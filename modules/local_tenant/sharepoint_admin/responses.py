"""SharePoint admin handlers: parse the request, call the model, answer nometadata JSON."""

from __future__ import annotations

from local_tenant.protocol import Response, no_content
from local_tenant.router import Call
from local_tenant.sharepoint_admin.models import SharePointAdmin
from local_tenant.tenant import Tenant


def get_site_properties_by_url(call: Call[Tenant]) -> Response:
    body = call.request.json()
    admin = SharePointAdmin(call.tenant)
    return Response(200, admin.properties(admin.site_by_url(str(body.get("url", "")))))


def update_site_properties(call: Call[Tenant]) -> Response:
    body = call.request.json()
    admin = SharePointAdmin(call.tenant)
    site = admin.site_by_id(call.param("id"))
    if "SharingCapability" in body:
        admin.set_sharing(site, body["SharingCapability"])
    return no_content()
