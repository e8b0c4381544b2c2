"""Policy routes (permissions per crosstenantaccesspolicy-get, -list-partners, -post-partners,
crosstenantaccesspolicyconfigurationpartner-get|update|delete,
crosstenantaccesspolicyconfigurationdefault-get|update, groupsettingtemplate-list|get,
group-list-settings, group-post-settings, groupsetting-get|update|delete).
"""

from __future__ import annotations

from local_tenant.policies import responses as r
from local_tenant.router import Route, RouteSet

CTA = "/policies/crossTenantAccessPolicy"
READ_CTA = ("Policy.Read.All",)
WRITE_CTA = ("Policy.ReadWrite.CrossTenantAccess",)
READ_SETTINGS = ("Directory.Read.All",)
WRITE_SETTINGS = ("Directory.ReadWrite.All",)


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
    for prefix, scope in (("/groupSettings", "tenant"), ("/groups/{group}/settings", "group")):
        add(
            "GET",
            prefix,
            r.list_settings,
            *READ_SETTINGS,
            "Group.Read.All",
            name=f"settings.{scope}.list",
        )
        add(
            "POST",
            prefix,
            r.create_setting,
            *WRITE_SETTINGS,
            "Group.ReadWrite.All",
            name=f"settings.{scope}.create",
        )
        add(
            "GET",
            f"{prefix}/{{id}}",
            r.get_setting,
            *READ_SETTINGS,
            "Group.Read.All",
            name=f"settings.{scope}.get",
        )
        add(
            "PATCH",
            f"{prefix}/{{id}}",
            r.update_setting,
            *WRITE_SETTINGS,
            "Group.ReadWrite.All",
            name=f"settings.{scope}.update",
        )
        add(
            "DELETE",
            f"{prefix}/{{id}}",
            r.delete_setting,
            *WRITE_SETTINGS,
            "Group.ReadWrite.All",
            name=f"settings.{scope}.delete",
        )
    return s.routes
