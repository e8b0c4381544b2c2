"""Every stack configuration key the toolkit reads, once: its type, default, whether it is a
secret, the values it takes and the environment variable that may stand in for it.

Keys live in the project's namespace only (`m365-tenant:clientId`); another namespace's key of
the same name (`azuread:clientId`, the provider's own) is never read as ours. Pulumi.yaml
declares the same keys for Pulumi, which checks their types. Pulumi (3.260) makes a declared key
without a default required and refuses a plaintext default on a `secret: true` key, so optional
keys are declared with an empty default and the optional secrets without `secret: true`;
`problems` checks what Pulumi does not: unknown keys of our namespace, values outside a key's
choices, and a secret set in clear.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

PROJECT = "m365-tenant"
"""The Pulumi project name (Pulumi.yaml), hence the namespace of the toolkit's keys."""


@dataclass(frozen=True)
class Key:
    """One configuration key of the project."""

    name: str
    description: str
    type: str = "string"
    default: str | int | None = None
    required: bool = False
    secret: bool = False
    choices: tuple[str, ...] = ()
    numeric: bool = False
    environment: str | None = None

    @property
    def qualified(self) -> str:
        return f"{PROJECT}:{self.name}"

    @property
    def declared_default(self) -> str | int | None:
        """The default Pulumi.yaml declares: none for a required key, else the key's own or
        empty (an empty value reads as not set, so the environment may stand in)."""
        if self.required:
            return None
        return "" if self.default is None else self.default


KEYS: tuple[Key, ...] = (
    Key(
        "description",
        "Which stack description under stacks/ to load (e.g. city_metropolis).",
        required=True,
    ),
    Key(
        "shard",
        "The shard of a split description this stack deploys (a key of its 'shards', or "
        "'tenant' for the tenant-wide shard); empty: the whole description.",
    ),
    Key(
        "groupProvider",
        "azuread: groups, licences and invitations through pulumi-azuread; graph: through "
        "the toolkit's Graph layer.",
        default="azuread",
        choices=("azuread", "graph"),
    ),
    Key(
        "graphBaseUrl",
        "Graph endpoint (a national cloud, or the embedded local tenant).",
        default="https://graph.microsoft.com/v1.0",
        environment="TENANTCTL_GRAPH_BASE_URL",
    ),
    Key(
        "sharepointAdminUrl",
        "The SharePoint admin centre, e.g. https://contoso-admin.sharepoint.com.",
        environment="TENANTCTL_SHAREPOINT_ADMIN_URL",
    ),
    Key(
        "tenantId", "Entra ID tenant id (or the local tenant's id).", environment="AZURE_TENANT_ID"
    ),
    Key(
        "clientId",
        "Application (client) id of the deployment identity.",
        environment="AZURE_CLIENT_ID",
    ),
    Key(
        "credential",
        "How the toolkit signs in; auto takes the first credential whose inputs are present.",
        default="auto",
        choices=(
            "auto",
            "token",
            "client_secret",
            "certificate",
            "workload_identity",
            "github_oidc",
            "managed_identity",
        ),
        environment="TENANTCTL_CREDENTIAL",
    ),
    Key(
        "clientSecret",
        "Client secret of the deployment identity (credential client_secret).",
        secret=True,
        environment="AZURE_CLIENT_SECRET",
    ),
    Key(
        "accessToken",
        "A ready Graph access token (credential token).",
        secret=True,
        environment="TENANTCTL_ACCESS_TOKEN",
    ),
    Key(
        "clientCertificatePath",
        "PEM certificate and key of the deployment identity (credential certificate).",
        environment="AZURE_CLIENT_CERTIFICATE_PATH",
    ),
    Key(
        "federatedTokenFile",
        "File holding a federated token (credential workload_identity).",
        environment="AZURE_FEDERATED_TOKEN_FILE",
    ),
    Key(
        "authorityHost",
        "The Entra ID authority (a national cloud, or the local tenant's token endpoint).",
        environment="AZURE_AUTHORITY_HOST",
    ),
    Key(
        "caBundle",
        "CA bundle trusted for Graph and the authority (the local tenant's certificate).",
        environment="TENANTCTL_CA_BUNDLE",
    ),
    Key(
        "retryBudgetSeconds",
        "How long one call may keep retrying throttled or failed requests.",
        type="integer",
        default=120,
        environment="TENANTCTL_RETRY_BUDGET_SECONDS",
    ),
    Key(
        "retryBaseDelaySeconds",
        "First back-off delay in seconds when Graph gives no Retry-After (a number).",
        default="1",
        numeric=True,
        environment="TENANTCTL_RETRY_BASE_DELAY_SECONDS",
    ),
    Key(
        "graphBudgetShare",
        "Share of the app's Graph throttling budgets this stack's client paces within (a number "
        "above 0, at most 1); each of N shards running at once takes at most 1/N.",
        default="1",
        numeric=True,
        environment="TENANTCTL_GRAPH_BUDGET_SHARE",
    ),
)

BY_NAME = {key.name: key for key in KEYS}


def own_settings(config: Mapping[str, Any]) -> dict[str, Any]:
    """The project's settings by bare name: `m365-tenant:x` keys, and bare keys as given
    (a provider's `pulumi.Config` already names them without the namespace)."""
    prefix = f"{PROJECT}:"
    return {
        key.removeprefix(prefix): value
        for key, value in config.items()
        if key.startswith(prefix) or ":" not in key
    }


def problems(config: Mapping[str, Any], secret_keys: Collection[str] = ()) -> list[str]:
    """One line per unknown key of the project's namespace, value outside a key's choices or
    secret set in clear (`secret_keys`: the qualified keys Pulumi holds encrypted), each with
    its fix."""
    found = []
    encrypted = set(own_settings(dict.fromkeys(secret_keys)))
    for name, value in own_settings(config).items():
        key = BY_NAME.get(name)
        if key is None:
            close = difflib.get_close_matches(name, BY_NAME, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            found.append(
                f"unknown configuration key '{PROJECT}:{name}': {hint}(fix: "
                f"`pulumi config rm {name}`; the keys are declared in Pulumi.yaml)"
            )
        elif key.choices and isinstance(value, str) and value not in key.choices:
            found.append(
                f"{key.qualified} is '{value}': use one of {', '.join(key.choices)} "
                f"(fix: `pulumi config set {name} {key.choices[0]}`)"
            )
        elif key.secret and value not in ("", None) and name not in encrypted:
            found.append(
                f"{key.qualified} is set in clear: it is a secret "
                f"(fix: `pulumi config set --secret {name} <value>`)"
            )
        elif key.numeric and not _is_number(value):
            found.append(
                f"{key.qualified} is '{value}': give a number of seconds "
                f"(fix: `pulumi config set {name} 1`)"
            )
    return found


def _is_number(value: Any) -> bool:
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True
