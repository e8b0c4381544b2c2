"""Policy routes (permissions per crosstenantaccesspolicy-get, -list-partners, -post-partners,
crosstenantaccesspolicyconfigurationpartner-get|update|delete,
crosstenantaccesspolicyconfigurationdefault-get|update, groupsettingtemplate-list|get,
group-list-settings, group-post-settings, groupsetting-get|update|delete: GroupSettings.Read.All
and GroupSettings.ReadWrite.All, with Directory.* as the higher privileges).
"""

from __future__ import annotations

from local_tenant.policies import responses as r
from local_tenant.router import Route, RouteSet

CTA = "/policies/crossTenantAccessPolicy"
READ_CTA = ("Policy.Read.All",)
WRITE_CTA = ("Policy.ReadWrite.CrossTenantAccess",)
READ_SETTINGS = ("GroupSettings.Read.All",)
WRITE_SETTINGS = ("GroupSettings.ReadWrite.All",)


def routes() -> list[Route]:
    s = RouteSet("policies")
    add = s.add
    add("GET", CTA, r.get_policy, *READ_CTA, name="cta.get")
    add("GET", f"{CTA}/default", r.get_default, *READ_CTA, name="cta.default.get")
    add("PATCH", f"{CTA}/default", r.update_default, *WRITE_CTA, name="cta.default.update")
    add(
        "POST",
        f"{CTA}/default/resetToSystemDefault",
        r.reset_default,
        *WRITE_CTA,
        name="cta.default.reset",
    )
    add("GET", f"{CTA}/partners", r.list_partners, *READ_CTA, name="cta.partners.list")
    add("POST", f"{CTA}/partners", r.create_partner, *WRITE_CTA, name="cta.partners.create")
    add("GET", f"{CTA}/partners/{{tenant}}", r.get_partner, *READ_CTA, name="cta.partners.get")
    add(
        "PATCH",
        f"{CTA}/partners/{{tenant}}",
        r.update_partner,
        *WRITE_CTA,
        name="cta.partners.update",
    )
    add(
        "DELETE",
        f"{CTA}/partners/{{tenant}}",
        r.delete_partner,
        *WRITE_CTA,
        name="cta.partners.delete",
    )
    add(
        "GET",
        "/groupSettingTemplates",
        r.list_templates,
        *READ_SETTINGS,
        name="settingTemplates.list",
    )
    add(
        "GET",
        "/groupSettingTemplates/{id}",
        r.get_template,
        *READ_SETTINGS,
        name="settingTemplates.get",
    )
    settings = (
        ("GET", "", r.list_settings, READ_SETTINGS, "list"),
        ("POST", "", r.create_setting, WRITE_SETTINGS, "create"),
        ("GET", "/{id}", r.get_setting, READ_SETTINGS, "get"),
        ("PATCH", "/{id}", r.update_setting, WRITE_SETTINGS, "update"),
        ("DELETE", "/{id}", r.delete_setting, WRITE_SETTINGS, "delete"),
    )
    for prefix, scope in (("/groupSettings", "tenant"), ("/groups/{group}/settings", "group")):
        for method, suffix, handler, permissions, name in settings:
            add(method, prefix + suffix, handler, *permissions, name=f"settings.{scope}.{name}")
    return s.routes
