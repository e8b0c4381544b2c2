"""Entra ID's endpoints for the client-credentials flow, as MSAL and azure-identity call them.

``GET /{tenant}/v2.0/.well-known/openid-configuration`` and ``POST /{tenant}/oauth2/v2.0/token``
(learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow), plus the
instance-discovery document MSAL asks for when instance discovery is left on.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from local_tenant.auth import TOKEN_LIFETIME_S
from local_tenant.protocol import Response
from local_tenant.router import Call, Route, RouteSet
from local_tenant.tenant import Tenant


def _tenant_ok(call: Call[Tenant]) -> bool:
    org = call.tenant.organisation
    return call.param("tenant").lower() in (org.tenant_id, org.domain.lower(), "organizations")


def _oauth_error(status: int, error: str, code: int, description: str) -> Response:
    return Response(
        status,
        {
            "error": error,
            "error_description": f"AADSTS{code}: {description}",
            "error_codes": [code],
        },
    )


def openid_configuration(call: Call[Tenant]) -> Response:
    if not _tenant_ok(call):
        return _oauth_error(
            400, "invalid_tenant", 90002, f"Tenant '{call.param('tenant')}' not found."
        )
    origin = call.request.base_url
    tenant = call.tenant.organisation.tenant_id
    return Response(
        200,
        {
            "issuer": f"{origin}/{tenant}/v2.0",
            "authorization_endpoint": f"{origin}/{tenant}/oauth2/v2.0/authorize",
            "token_endpoint": f"{origin}/{tenant}/oauth2/v2.0/token",
            "device_authorization_endpoint": f"{origin}/{tenant}/oauth2/v2.0/devicecode",
            "jwks_uri": f"{origin}/{tenant}/discovery/v2.0/keys",
            "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
            "grant_types_supported": ["client_credentials"],
            "tenant_region_scope": "EU",
        },
    )


def instance_discovery(call: Call[Tenant]) -> Response:
    origin = call.request.base_url
    return Response(
        200,
        {
            "tenant_discovery_endpoint": (
                f"{origin}/{call.tenant.organisation.tenant_id}/v2.0/.well-known/openid-configuration"
            ),
            "api-version": "1.1",
            "metadata": [],
        },
    )


def keys(call: Call[Tenant]) -> Response:
    return Response(200, {"keys": []})


def token(call: Call[Tenant]) -> Response:
    if not _tenant_ok(call):
        return _oauth_error(
            400, "invalid_tenant", 90002, f"Tenant '{call.param('tenant')}' not found."
        )
    form = dict(parse_qsl(call.request.body.decode(errors="replace")))
    if form.get("grant_type") != "client_credentials":
        return _oauth_error(
            400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type."
        )
    scope = form.get("scope", "")
    if not scope.endswith("/.default") or (
        "graph.microsoft.com" not in scope and "00000003-0000-0000-c000-000000000000" not in scope
    ):
        return _oauth_error(
            400, "invalid_scope", 1002012, f"The provided value for scope '{scope}' is not valid."
        )
    try:
        client = call.tenant.authority.authenticate(
            form.get("client_id", ""), form.get("client_secret", "")
        )
    except ValueError as exc:
        code = str(exc)
        if code == "AADSTS700016":
            return _oauth_error(
                400, "unauthorized_client", 700016, "Application was not found in the directory."
            )
        return _oauth_error(401, "invalid_client", 7000215, "Invalid client secret provided.")
    access = call.tenant.authority.issue(client.roles, client.client_id)
    return Response(
        200,
        {
            "token_type": "Bearer",
            "expires_in": TOKEN_LIFETIME_S,
            "ext_expires_in": TOKEN_LIFETIME_S,
            "access_token": access,
        },
        headers={"Cache-Control": "no-store"},
    )


def routes() -> list[Route]:
    s = RouteSet("identity")
    s.add(
        "GET",
        "/{tenant}/v2.0/.well-known/openid-configuration",
        openid_configuration,
        name="openid",
        public=True,
        transactional=False,
    )
    s.add(
        "GET",
        "/common/discovery/instance",
        instance_discovery,
        name="instanceDiscovery",
        public=True,
        transactional=False,
    )
    s.add(
        "GET", "/{tenant}/discovery/v2.0/keys", keys, name="keys", public=True, transactional=False
    )
    s.add(
        "POST", "/{tenant}/oauth2/v2.0/token", token, name="token", public=True, transactional=False
    )
    return s.routes
