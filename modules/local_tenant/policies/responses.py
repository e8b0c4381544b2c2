"""Policy handlers."""

from __future__ import annotations

from local_tenant.odata import listing
from local_tenant.policies.host import PoliciesHost
from local_tenant.protocol import Response, entity, no_content
from local_tenant.router import Call
from local_tenant.storage import public

_CTA = "policies/crossTenantAccessPolicy"


def get_policy(call: Call[PoliciesHost]) -> Response:
    return entity(call.request, _CTA, call.tenant.policies.policy())


def get_default(call: Call[PoliciesHost]) -> Response:
    return entity(call.request, f"{_CTA}/default", call.tenant.policies.default())


def update_default(call: Call[PoliciesHost]) -> Response:
    call.tenant.policies.update_default(call.request.json())
    return no_content()


def reset_default(call: Call[PoliciesHost]) -> Response:
    call.tenant.policies.reset_default()
    return no_content()


def list_partners(call: Call[PoliciesHost]) -> Response:
    return Response(
        200,
        listing(
            call.request, f"/{_CTA}/partners", f"{_CTA}/partners", call.tenant.policies.partners()
        ),
    )


def create_partner(call: Call[PoliciesHost]) -> Response:
    return entity(
        call.request,
        f"{_CTA}/partners",
        call.tenant.policies.create_partner(call.request.json()),
        status=201,
    )


def get_partner(call: Call[PoliciesHost]) -> Response:
    return entity(
        call.request, f"{_CTA}/partners", call.tenant.policies.partner(call.param("tenant"))
    )


def update_partner(call: Call[PoliciesHost]) -> Response:
    call.tenant.policies.update_partner(call.param("tenant"), call.request.json())
    return no_content()


def delete_partner(call: Call[PoliciesHost]) -> Response:
    call.tenant.policies.delete_partner(call.param("tenant"))
    return no_content()


def list_templates(call: Call[PoliciesHost]) -> Response:
    return Response(
        200,
        listing(
            call.request,
            "/groupSettingTemplates",
            "groupSettingTemplates",
            call.tenant.policies.templates(),
        ),
    )


def get_template(call: Call[PoliciesHost]) -> Response:
    return entity(
        call.request, "groupSettingTemplates", call.tenant.policies.template(call.param("id"))
    )


def _scope(call: Call[PoliciesHost]) -> str | None:
    return call.params.get("group")


def _settings_path(call: Call[PoliciesHost]) -> str:
    group = _scope(call)
    return f"/groups/{group}/settings" if group else "/groupSettings"


def list_settings(call: Call[PoliciesHost]) -> Response:
    context = f"groups('{_scope(call)}')/settings" if _scope(call) else "groupSettings"
    return Response(
        200,
        listing(
            call.request, _settings_path(call), context, call.tenant.policies.settings(_scope(call))
        ),
    )


def create_setting(call: Call[PoliciesHost]) -> Response:
    doc = call.tenant.policies.create_setting(_scope(call), call.request.json())
    return entity(call.request, "groupSettings", public(doc), status=201)


def get_setting(call: Call[PoliciesHost]) -> Response:
    return entity(
        call.request,
        "groupSettings",
        public(call.tenant.policies.setting(_scope(call), call.param("id"))),
    )


def update_setting(call: Call[PoliciesHost]) -> Response:
    call.tenant.policies.update_setting(_scope(call), call.param("id"), call.request.json())
    return no_content()


def delete_setting(call: Call[PoliciesHost]) -> Response:
    call.tenant.policies.delete_setting(_scope(call), call.param("id"))
    return no_content()


_CA = "identity/conditionalAccess/policies"


def list_ca_policies(call: Call[PoliciesHost]) -> Response:
    return Response(
        200, listing(call.request, f"/{_CA}", _CA, call.tenant.conditional_access.policies())
    )


def create_ca_policy(call: Call[PoliciesHost]) -> Response:
    doc = call.tenant.conditional_access.create(call.request.json())
    return entity(call.request, _CA, public(doc), status=201)


def get_ca_policy(call: Call[PoliciesHost]) -> Response:
    return entity(
        call.request, _CA, public(call.tenant.conditional_access.policy(call.param("id")))
    )


def update_ca_policy(call: Call[PoliciesHost]) -> Response:
    call.tenant.conditional_access.update(call.param("id"), call.request.json())
    return no_content()


def delete_ca_policy(call: Call[PoliciesHost]) -> Response:
    call.tenant.conditional_access.delete(call.param("id"))
    return no_content()
