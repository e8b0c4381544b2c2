"""The bootstrap program's settings, read from its stack configuration and checked whole.

Federated identity credentials, per learn.microsoft.com/graph/api/
application-post-federatedidentitycredentials and resources/federatedidentitycredential:
an application holds at most 20; a name is 3 to 120 characters, letters, digits, `-` and
`_`; the audience is `api://AzureADTokenExchange`. Subjects:
- GitHub Actions (issuer `https://token.actions.githubusercontent.com`): a job in an
  environment is `repo:ORG/REPO:environment:NAME`, a pull request's job
  `repo:ORG/REPO:pull_request`, a branch's job `repo:ORG/REPO:ref:refs/heads/BRANCH`
  (docs.github.com/actions/security-for-github-actions/security-hardening-your-deployments/
  about-security-hardening-with-openid-connect).
- Azure DevOps service connections with workload identity federation (issuer
  `https://vstoken.dev.azure.com/<organization id>`): `sc://ORG/PROJECT/CONNECTION`
  (learn.microsoft.com/azure/devops/pipelines/library/connect-to-azure).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

Identity = Literal["deploy", "read"]
IDENTITIES: tuple[Identity, ...] = ("deploy", "read")

GITHUB_ISSUER = "https://token.actions.githubusercontent.com"
AZURE_DEVOPS_ISSUER = "https://vstoken.dev.azure.com/{organization_id}"
AUDIENCE = "api://AzureADTokenExchange"
MAX_CREDENTIALS = 20
"""Federated identity credentials an application may hold."""
MAX_NAME = 120

NAMESPACE = "tenant-bootstrap"
REPOSITORY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+$")
GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
NOT_IN_NAME = re.compile(r"[^A-Za-z0-9_-]+")


class SettingsError(ValueError):
    """A setting is missing or wrong: the key, what is wrong and how to fix it, on one line."""

    def __init__(self, key: str, problem: str, fix: str) -> None:
        super().__init__(f"{NAMESPACE}:{key}: {problem} (fix: {fix})")


@dataclass(frozen=True)
class Federation:
    """One federated identity credential: a pipeline allowed to sign in as an identity."""

    name: str
    issuer: str
    subject: str
    description: str


@dataclass(frozen=True)
class GitHub:
    """Pull-request previews and branch runs (drift) sign in as the read identity, jobs in
    the deployment environments as the deploy identity."""

    repository: str
    deploy_environments: tuple[str, ...] = ("production",)
    read_branches: tuple[str, ...] = ("main",)

    def federations(self, identity: Identity) -> list[Federation]:
        repo = f"repo:{self.repository}"
        if identity == "deploy":
            return [
                _federation(
                    f"github-env-{env}", GITHUB_ISSUER, f"{repo}:environment:{env}", "GitHub"
                )
                for env in self.deploy_environments
            ]
        pull = _federation("github-pull-request", GITHUB_ISSUER, f"{repo}:pull_request", "GitHub")
        return [pull] + [
            _federation(
                f"github-branch-{branch}",
                GITHUB_ISSUER,
                f"{repo}:ref:refs/heads/{branch}",
                "GitHub",
            )
            for branch in self.read_branches
        ]


@dataclass(frozen=True)
class AzureDevOps:
    """One Azure Resource Manager service connection per identity."""

    organization: str
    organization_id: str
    project: str
    deploy_connection: str
    read_connection: str

    def federations(self, identity: Identity) -> list[Federation]:
        connection = self.deploy_connection if identity == "deploy" else self.read_connection
        issuer = AZURE_DEVOPS_ISSUER.format(organization_id=self.organization_id.lower())
        subject = f"sc://{self.organization}/{self.project}/{connection}"
        return [_federation(f"azdo-{connection}", issuer, subject, "Azure DevOps")]


@dataclass(frozen=True)
class Settings:
    """What the bootstrap declares: for which stack description, named how, owned by whom,
    and which pipelines sign in."""

    description: str
    group_provider: Literal["azuread", "graph"]
    name: str
    owners: tuple[str, ...]
    github: GitHub | None
    azure_devops: AzureDevOps | None

    def federations(self, identity: Identity) -> list[Federation]:
        found = [
            *(self.github.federations(identity) if self.github else ()),
            *(self.azure_devops.federations(identity) if self.azure_devops else ()),
        ]
        names = [f.name for f in found]
        if len(found) > MAX_CREDENTIALS:
            raise SettingsError(
                "github",
                f"the {identity} identity would need {len(found)} federated credentials; an "
                f"application holds at most {MAX_CREDENTIALS}",
                "name fewer environments or branches",
            )
        if len(set(names)) != len(names):
            twice = sorted({n for n in names if names.count(n) > 1})
            raise SettingsError(
                "github",
                f"two pipelines give the same credential name {', '.join(twice)}",
                "rename one of the environments, branches or service connections",
            )
        return found


def _federation(name: str, issuer: str, subject: str, origin: str) -> Federation:
    clean = NOT_IN_NAME.sub("-", name).strip("-")[:MAX_NAME]
    return Federation(clean, issuer, subject, f"{origin}: {subject}")


def read_settings(get: Mapping[str, Any]) -> Settings:
    """Settings from the stack configuration's values (`pulumi.Config` keys without the
    namespace; objects as parsed JSON); a `SettingsError` for the first wrong one."""
    description = _text(get, "description", "the stack description under stacks/ to grant for")
    provider = get.get("groupProvider") or "azuread"
    if provider not in ("azuread", "graph"):
        raise SettingsError(
            "groupProvider", f"'{provider}' is no group provider", "azuread or graph"
        )
    owners = _texts(get.get("owners") or [], "owners")
    for owner in owners:
        if not GUID.match(owner):
            raise SettingsError(
                "owners", f"'{owner}' is not an object id", "give users' object ids"
            )
    github = _github(get.get("github"))
    devops = _azure_devops(get.get("azureDevOps"))
    if github is None and devops is None:
        raise SettingsError(
            "github",
            "no pipeline is configured",
            f"set {NAMESPACE}:github (repository) or {NAMESPACE}:azureDevOps",
        )
    group_provider: Literal["azuread", "graph"] = "graph" if provider == "graph" else "azuread"
    settings = Settings(
        description, group_provider, str(get.get("name") or "tenantctl"), owners, github, devops
    )
    for identity in IDENTITIES:
        settings.federations(identity)
    return settings


def _text(get: Mapping[str, Any], key: str, what: str, prefix: str = "") -> str:
    value = get.get(key)
    if not isinstance(value, str) or not value.strip():
        raise SettingsError(f"{prefix}{key}", "missing", f"set {what}")
    return value.strip()


def _texts(value: Any, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise SettingsError(key, "not a list of names", 'give a YAML list, e.g. ["production"]')
    return tuple(v.strip() for v in value)


def _github(value: Any) -> GitHub | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise SettingsError("github", "not an object", "give repository: ORG/REPO")
    repository = _text(value, "repository", "ORG/REPO", "github.")
    if not REPOSITORY.match(repository):
        raise SettingsError(
            "github.repository", f"'{repository}' is not ORG/REPO", "e.g. city/tenant"
        )
    environments = _texts(
        value.get("deployEnvironments", ["production"]), "github.deployEnvironments"
    )
    branches = _texts(value.get("readBranches", ["main"]), "github.readBranches")
    if not environments:
        raise SettingsError(
            "github.deployEnvironments", "empty", "name the environment that deploys"
        )
    return GitHub(repository, environments, branches)


def _azure_devops(value: Any) -> AzureDevOps | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise SettingsError("azureDevOps", "not an object", "give organization, project, ...")
    fields = {
        key: _text(value, key, what, "azureDevOps.")
        for key, what in (
            ("organization", "the organization's name"),
            ("organizationId", "the organization's id (Organization settings > Overview)"),
            ("project", "the project's name"),
            ("deployServiceConnection", "the deploy service connection's name"),
            ("readServiceConnection", "the read-only service connection's name"),
        )
    }
    if not GUID.match(fields["organizationId"]):
        raise SettingsError(
            "azureDevOps.organizationId",
            f"'{fields['organizationId']}' is not a GUID",
            "copy the organization id from the service connection's issuer",
        )
    if fields["deployServiceConnection"] == fields["readServiceConnection"]:
        raise SettingsError(
            "azureDevOps.readServiceConnection",
            "the same service connection as the deploy one",
            "create a second service connection for the read-only identity",
        )
    return AzureDevOps(
        fields["organization"],
        fields["organizationId"],
        fields["project"],
        fields["deployServiceConnection"],
        fields["readServiceConnection"],
    )
