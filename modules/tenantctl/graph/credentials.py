"""Token sources: azure-identity credentials chosen from settings, secrets read at call time.

A credential is what the settings name, or the one whose inputs are present; with neither,
there is none (never a silent fall-back to a managed identity the machine may not have). A
token endpoint that cannot be reached or refuses the credential is a `CredentialError`: one
line naming the endpoint and what to check.
"""

from __future__ import annotations

import hashlib
import logging
from typing import TYPE_CHECKING, Protocol

import httpx

from tenantctl.errors import CommandError
from tenantctl.graph.settings import ENVIRONMENT, GraphSettings, Lookup

if TYPE_CHECKING:
    from azure.core.credentials_async import AsyncTokenCredential

GITHUB_AUDIENCE = "api://AzureADTokenExchange"
PUBLIC_AUTHORITY = "https://login.microsoftonline.com"
MANAGED_IDENTITY_ENDPOINT = "the managed identity endpoint (IMDS, http://169.254.169.254)"

# azure-identity logs each failed token request as a warning; with no handler configured,
# Python would print it on stderr beside the one line a `CredentialError` gives.
logging.getLogger("azure.identity").addHandler(logging.NullHandler())


class CredentialError(CommandError):
    """No credential is configured, or the configured one cannot get a token."""


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
            raise CredentialError(
                f"{self.endpoint} refused the credential ({_first_line(error)}): check "
                "tenantId, clientId and the secret, certificate or federation they belong to"
            ) from None
        except AzureError as error:
            raise CredentialError(
                f"cannot reach the token endpoint {self.endpoint} ({_first_line(error)}): "
                f"check authorityHost ({ENVIRONMENT['authorityHost']}), the network and any proxy"
            ) from None

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


def credential_key(settings: GraphSettings, lookup: Lookup) -> str:
    """Tells identities apart (kind and a digest of its inputs) without holding a secret."""
    kind = credential_kind(settings, lookup)
    inputs = "\0".join(lookup(name) or "" for name in SECRET_INPUTS.get(kind, ()))
    return f"{kind}:{hashlib.sha256(inputs.encode()).hexdigest()[:16]}"


def token_source(settings: GraphSettings, lookup: Lookup) -> TokenSource:
    """Build the token source; `lookup` reads secrets from config or environment now.

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

    kind = credential_kind(settings, lookup)
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
    if kind == "managed_identity":
        credential = ManagedIdentityCredential(client_id=settings.client_id)
        return AzureToken(credential, MANAGED_IDENTITY_ENDPOINT)
    raise CredentialError(
        f"unknown credential {kind!r} ({ENVIRONMENT['credential']}): use one of "
        f"{' | '.join(SECRET_INPUTS)}"
    )
