"""Token sources: azure-identity credentials chosen from settings, secrets read at call time."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Protocol

import httpx

from tenantctl.graph.settings import GraphSettings, Lookup

if TYPE_CHECKING:
    from azure.core.credentials_async import AsyncTokenCredential

GITHUB_AUDIENCE = "api://AzureADTokenExchange"


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
    """An azure-identity async credential (which caches and refreshes its tokens)."""

    def __init__(self, credential: AsyncTokenCredential) -> None:
        self._credential = credential

    async def token(self, scope: str) -> str:
        return (await self._credential.get_token(scope)).token

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


def credential_kind(settings: GraphSettings, lookup: Lookup) -> str:
    """The credential to use: as configured, or the first whose inputs are present."""
    if settings.credential != "auto":
        return settings.credential
    present = [
        ("token", "accessToken"),
        ("workload_identity", "federatedTokenFile"),
        ("github_oidc", "ACTIONS_ID_TOKEN_REQUEST_URL"),
        ("certificate", "clientCertificatePath"),
        ("client_secret", "clientSecret"),
    ]
    return next((kind for kind, name in present if lookup(name)), "managed_identity")


SECRET_INPUTS = {
    "token": ("accessToken",),
    "client_secret": ("clientSecret",),
    "certificate": ("clientCertificatePath",),
    "workload_identity": ("federatedTokenFile",),
    "github_oidc": ("ACTIONS_ID_TOKEN_REQUEST_URL",),
    "managed_identity": (),
}


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
    if kind == "token":
        return StaticToken(lookup("accessToken") or "")
    if kind == "client_secret":
        secret = lookup("clientSecret") or ""
        return AzureToken(ClientSecretCredential(tenant, client, secret, **authority))
    if kind == "certificate":
        path = lookup("clientCertificatePath") or ""
        return AzureToken(CertificateCredential(tenant, client, path, **authority))
    if kind == "workload_identity" and (token_file := lookup("federatedTokenFile")):
        return AzureToken(
            WorkloadIdentityCredential(
                tenant_id=tenant, client_id=client, token_file_path=token_file, **authority
            )
        )
    if kind in ("workload_identity", "github_oidc"):
        return AzureToken(
            ClientAssertionCredential(
                tenant, client, lambda: _github_assertion(lookup), **authority
            )
        )
    if kind == "managed_identity":
        return AzureToken(ManagedIdentityCredential(client_id=settings.client_id))
    raise ValueError(
        f"unknown credential {kind!r}: use token, client_secret, certificate, "
        "workload_identity, github_oidc or managed_identity"
    )
