"""Token sources: azure-identity credentials chosen from settings, secrets read at call time.

A credential is what the settings name, or the one whose inputs are present; with neither,
there is none (never a silent fall-back to a managed identity the machine may not have): a
`CredentialError` names the settings to give, before any request. A token endpoint that cannot
be reached or refuses the credential is a `TokenError` naming the endpoint.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import httpx

from tenantctl.graph.errors import TokenError
from tenantctl.graph.settings import ENVIRONMENT, GraphSettings, Lookup
from tenantctl.user_error import UserError

if TYPE_CHECKING:
    from azure.core.credentials_async import AsyncTokenCredential

GITHUB_AUDIENCE = "api://AzureADTokenExchange"
PUBLIC_AUTHORITY = "https://login.microsoftonline.com"
MANAGED_IDENTITY = "the managed identity endpoint (IMDS, http://169.254.169.254)"

# azure-identity logs each failed token request as a warning; with no handler configured,
# Python would print it on stderr beside the one line a `TokenError` gives.
logging.getLogger("azure.identity").addHandler(logging.NullHandler())


class CredentialError(UserError, ValueError):
    """No credential is configured, or the configured one lacks a setting or file: names the
    setting and how to give it."""


class TokenSource(Protocol):
    """Gives a bearer token for a scope."""

    async def token(self, scope: str) -> str: ...

    async def close(self) -> None: ...


class StaticToken:
    """A fixed bearer token (the local tenant's token factory, or a token from the CLI)."""

    def __init__(self, value: str) -> None:
        self._value = value

    async def token(self, scope: str) -> str:
        return self._value

    async def close(self) -> None:
        return None


class AzureToken:
    """An azure-identity async credential (which caches and refreshes its tokens), and the
    token endpoint it asks, named when it fails."""

    def __init__(self, credential: AsyncTokenCredential, endpoint: str) -> None:
        self._credential = credential
        self.endpoint = endpoint

    async def token(self, scope: str) -> str:
        from azure.core.exceptions import AzureError, ClientAuthenticationError

        try:
            return (await self._credential.get_token(scope)).token
        except ClientAuthenticationError as error:
            raise TokenError(self.endpoint, _first_line(error), refused=True) from None
        except AzureError as error:
            raise TokenError(self.endpoint, _first_line(error), refused=False) from None

    async def close(self) -> None:
        await self._credential.close()


def _github_assertion(lookup: Lookup) -> str:
    """A GitHub Actions OIDC token, exchanged by Entra ID for a workload identity token."""
    url, bearer = lookup("ACTIONS_ID_TOKEN_REQUEST_URL"), lookup("ACTIONS_ID_TOKEN_REQUEST_TOKEN")
    response = httpx.get(
        str(url),
        params={"audience": GITHUB_AUDIENCE},
        headers={"Authorization": f"Bearer {bearer}"},
    )
    response.raise_for_status()
    return str(response.json()["value"])


SECRET_INPUTS = {
    "token": ("accessToken",),
    "workload_identity": ("federatedTokenFile",),
    "github_oidc": ("ACTIONS_ID_TOKEN_REQUEST_URL",),
    "certificate": ("clientCertificatePath",),
    "client_secret": ("clientSecret",),
    "managed_identity": (),
}
"""Each credential and the input that selects it when `credential` is not set (in order)."""


def credential_kind(settings: GraphSettings, lookup: Lookup) -> str:
    """The credential to use: as configured, or the first whose input is present."""
    if settings.credential != "auto":
        return settings.credential
    present = (kind for kind, names in SECRET_INPUTS.items() if names and lookup(names[0]))
    kind = next(present, None)
    if kind is None:
        raise CredentialError(_no_credential())
    return kind


def _no_credential() -> str:
    """What to set when no credential is configured: every setting, with its variable."""
    inputs = ", ".join(
        f"{name} ({ENVIRONMENT[name]})" for names in SECRET_INPUTS.values() for name in names
    )
    identity = ", ".join(f"{name} ({ENVIRONMENT[name]})" for name in ("tenantId", "clientId"))
    return (
        f"no Graph credential is configured: set credential ({ENVIRONMENT['credential']}) to "
        f"one of {' | '.join(SECRET_INPUTS)} with its input: {inputs}; and {identity}"
    )


def _first_line(error: Exception) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[0] if lines else type(error).__name__


NEEDS = {
    "token": ("accessToken",),
    "client_secret": ("tenantId", "clientId", "clientSecret"),
    "certificate": ("tenantId", "clientId", "clientCertificatePath"),
    "workload_identity": ("tenantId", "clientId"),
    "github_oidc": ("tenantId", "clientId", "ACTIONS_ID_TOKEN_REQUEST_URL"),
    "managed_identity": (),
}
"""The settings each credential cannot do without."""
SECRETS = frozenset({"accessToken", "clientSecret"})
FILES = ("clientCertificatePath", "federatedTokenFile", "caBundle")


def _how_to_set(name: str) -> str:
    if name.startswith("ACTIONS_"):
        return f"{name}, set in a GitHub Actions job with `permissions: id-token: write`"
    secret = "--secret " if name in SECRETS else ""
    return f"`pulumi config set {secret}{name} …` or the environment variable {ENVIRONMENT[name]}"


def check_credential(settings: GraphSettings, lookup: Lookup) -> str:
    """The credential's kind, once its settings are all given and its files exist."""
    kind = credential_kind(settings, lookup)
    if kind not in NEEDS:
        raise CredentialError(
            f"unknown credential {kind!r}: use {', '.join(NEEDS)} (setting `credential`)"
        )
    given = {"tenantId": settings.tenant_id, "clientId": settings.client_id}
    missing = [name for name in NEEDS[kind] if not given.get(name, lookup(name))]
    if missing:
        raise CredentialError(
            f"credential {kind} needs {', '.join(missing)}: give "
            + "; ".join(_how_to_set(name) for name in missing)
        )
    for name in FILES:
        path = lookup(name)
        if path and not Path(path).is_file():
            raise CredentialError(
                f"{name} ({ENVIRONMENT[name]}) is {path}, which is not a file: give the path "
                "of an existing file"
            )
    return kind


def credential_key(settings: GraphSettings, lookup: Lookup) -> str:
    """Tells identities apart (kind and a digest of its inputs) without holding a secret."""
    kind = credential_kind(settings, lookup)
    inputs = "\0".join(lookup(name) or "" for name in SECRET_INPUTS.get(kind, ()))
    return f"{kind}:{hashlib.sha256(inputs.encode()).hexdigest()[:16]}"


def token_source(settings: GraphSettings, lookup: Lookup) -> TokenSource:
    """Build the token source; `lookup` reads secrets from config or environment now. A
    `CredentialError` names a missing setting or file (see `check_credential`).

    `workload_identity` federates a token file (Kubernetes, `AZURE_FEDERATED_TOKEN_FILE`) or,
    without one, the GitHub Actions OIDC token of the running job. azure-identity is imported
    here, when a token is first needed, not by every process that imports the client.
    """
    from azure.identity.aio import (
        CertificateCredential,
        ClientAssertionCredential,
        ClientSecretCredential,
        ManagedIdentityCredential,
        WorkloadIdentityCredential,
    )

    kind = check_credential(settings, lookup)
    tenant, client = settings.tenant_id or "", settings.client_id or ""
    authority: dict[str, str] = {"authority": host} if (host := lookup("authorityHost")) else {}
    if bundle := lookup("caBundle"):
        authority["connection_verify"] = bundle
    base = host or PUBLIC_AUTHORITY
    endpoint = f"{base if '://' in base else 'https://' + base}".rstrip("/")
    endpoint += f"/{tenant}/oauth2/v2.0/token"
    if kind == "token":
        return StaticToken(lookup("accessToken") or "")
    if kind == "client_secret":
        secret = lookup("clientSecret") or ""
        return AzureToken(ClientSecretCredential(tenant, client, secret, **authority), endpoint)
    if kind == "certificate":
        path = lookup("clientCertificatePath") or ""
        return AzureToken(CertificateCredential(tenant, client, path, **authority), endpoint)
    if kind == "workload_identity" and (token_file := lookup("federatedTokenFile")):
        return AzureToken(
            WorkloadIdentityCredential(
                tenant_id=tenant, client_id=client, token_file_path=token_file, **authority
            ),
            endpoint,
        )
    if kind in ("workload_identity", "github_oidc"):
        return AzureToken(
            ClientAssertionCredential(
                tenant, client, lambda: _github_assertion(lookup), **authority
            ),
            endpoint,
        )
    return AzureToken(ManagedIdentityCredential(client_id=settings.client_id), MANAGED_IDENTITY)
