"""Policy routes: cross-tenant access, group settings and conditional access (their permissions:
`local_tenant.permissions.ROUTES`)."""

from __future__ import annotations

from local_tenant.policies import responses as r
from local_tenant.router import Route, RouteSet

CTA = "/policies/crossTenantAccessPolicy"


def routes() -> list[Route]:
    s = RouteSet("policies")
    add = s.add
    add("GET", CTA, r.get_policy, name="cta.get")
    add("GET", f"{CTA}/default", r.get_default, name="cta.default.get")
    add("PATCH", f"{CTA}/default", r.update_default, name="cta.default.update")
    add(
        "POST",
        f"{CTA}/default/resetToSystemDefault",
        r.reset_default,
        name="cta.default.reset",
    )
    add("GET", f"{CTA}/partners", r.list_partners, name="cta.partners.list")
    add("POST", f"{CTA}/partners", r.create_partner, name="cta.partners.create")
    add("GET", f"{CTA}/partners/{{tenant}}", r.get_partner, name="cta.partners.get")
    add(
        "PATCH",
        f"{CTA}/partners/{{tenant}}",
        r.update_partner,
        name="cta.partners.update",
    )
    add(
        "DELETE",
        f"{CTA}/partners/{{tenant}}",
        r.delete_partner,
        name="cta.partners.delete",
    )
    add(
        "GET",
        "/groupSettingTemplates",
        r.list_templates,
        name="settingTemplates.list",
    )
    add(
        "GET",
        "/groupSettingTemplates/{id}",
        r.get_template,
        name="settingTemplates.get",
    )
    settings = (
        ("GET", "", r.list_settings, "list"),
        ("POST", "", r.create_setting, "create"),
        ("GET", "/{id}", r.get_setting, "get"),
        ("PATCH", "/{id}", r.update_setting, "update"),
        ("DELETE", "/{id}", r.delete_setting, "delete"),
    )
    for prefix, scope in (("/groupSettings", "tenant"), ("/groups/{group}/settings", "group")):
        for method, suffix, handler, name in settings:
            add(method, prefix + suffix, handler, name=f"settings.{scope}.{name}")
    ca = "/identity/conditionalAccess/policies"
    add("GET", ca, r.list_ca_policies, name="conditionalAccess.list")
    add("POST", ca, r.create_ca_policy, name="conditionalAccess.create")
    add("GET", f"{ca}/{{id}}", r.get_ca_policy, name="conditionalAccess.get")
    add("PATCH", f"{ca}/{{id}}", r.update_ca_policy, name="conditionalAccess.update")
    add("DELETE", f"{ca}/{{id}}", r.delete_ca_policy, name="conditionalAccess.delete")
    return s.routes
