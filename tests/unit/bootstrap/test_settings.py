"""The bootstrap program's settings: what each pipeline federates as, and every wrong setting
refused on one line naming its key and the fix."""

from __future__ import annotations

from typing import Any

import pytest

from tenantctl.bootstrap.settings import (
    AZURE_DEVOPS_ISSUER,
    GITHUB_ISSUER,
    MAX_CREDENTIALS,
    SettingsError,
    read_settings,
)

ORG_ID = "5d0c3b8e-7f21-4a96-b0e4-91c2d7a6f358"
DEVOPS = {
    "organization": "montaurel",
    "organizationId": ORG_ID,
    "project": "tenant",
    "deployServiceConnection": "tenant-deploy",
    "readServiceConnection": "tenant-read",
}


def settings(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "description": "demo",
        "github": {"repository": "montaurel/tenant"},
        "azureDevOps": dict(DEVOPS),
    }
    return {**base, **changes}


def subjects(config: dict[str, Any], identity: str) -> list[tuple[str, str]]:
    found = read_settings(config).federations(identity)  # type: ignore[arg-type]
    return [(f.issuer, f.subject) for f in found]


def test_deployments_federate_their_environment_and_service_connection() -> None:
    assert subjects(settings(), "deploy") == [
        (GITHUB_ISSUER, "repo:montaurel/tenant:environment:production"),
        (f"https://vstoken.dev.azure.com/{ORG_ID}", "sc://montaurel/tenant/tenant-deploy"),
    ]


def test_previews_and_drift_federate_pull_requests_the_branch_and_the_read_connection() -> None:
    assert subjects(settings(), "read") == [
        (GITHUB_ISSUER, "repo:montaurel/tenant:pull_request"),
        (GITHUB_ISSUER, "repo:montaurel/tenant:ref:refs/heads/main"),
        (AZURE_DEVOPS_ISSUER.format(organization_id=ORG_ID), "sc://montaurel/tenant/tenant-read"),
    ]


def test_an_environment_with_an_apostrophe_and_accents_keeps_its_name_in_the_subject() -> None:
    config = settings(
        github={"repository": "montaurel/tenant", "deployEnvironments": ["Mairie d'Orléans"]}
    )

    (federation,) = [
        f for f in read_settings(config).federations("deploy") if f.issuer == GITHUB_ISSUER
    ]

    assert federation.subject == "repo:montaurel/tenant:environment:Mairie d'Orléans"
    assert federation.name == "github-env-Mairie-d-Orl-ans"


def test_github_alone_or_azure_devops_alone_is_enough() -> None:
    assert read_settings(settings(azureDevOps=None)).azure_devops is None
    assert read_settings(settings(github=None)).github is None


def test_exactly_twenty_credentials_fit_and_one_more_is_refused() -> None:
    fits = [f"env-{n}" for n in range(MAX_CREDENTIALS - 1)]  # + the service connection
    repo = "montaurel/tenant"
    config = settings(github={"repository": repo, "deployEnvironments": fits})
    assert len(read_settings(config).federations("deploy")) == MAX_CREDENTIALS

    over = settings(github={"repository": repo, "deployEnvironments": [*fits, "one-more"]})
    with pytest.raises(SettingsError, match="would need 21 federated credentials"):
        read_settings(over)


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (
            settings(description=None),
            "tenant-bootstrap:description: missing (fix: set the stack description",
        ),
        (
            settings(github=None, azureDevOps=None),
            "tenant-bootstrap:github: no pipeline is configured (fix: set tenant-bootstrap:github",
        ),
        (
            settings(github={"repository": "tenant"}),
            "tenant-bootstrap:github.repository: 'tenant' is not ORG/REPO (fix: e.g. city/tenant)",
        ),
        (
            settings(github={"repository": "a/b", "deployEnvironments": "production"}),
            "tenant-bootstrap:github.deployEnvironments: not a list of names",
        ),
        (
            settings(github={"repository": "a/b", "deployEnvironments": []}),
            "tenant-bootstrap:github.deployEnvironments: empty",
        ),
        (
            settings(github={"repository": "a/b", "readBranches": ["x y", "x'y"]}),
            "tenant-bootstrap:github: two pipelines give the same credential name "
            "github-branch-x-y",
        ),
        (
            settings(azureDevOps={**DEVOPS, "organizationId": "montaurel"}),
            "tenant-bootstrap:azureDevOps.organizationId: 'montaurel' is not a GUID",
        ),
        (
            settings(azureDevOps={**DEVOPS, "readServiceConnection": "tenant-deploy"}),
            "tenant-bootstrap:azureDevOps.readServiceConnection: the same service connection",
        ),
        (
            settings(azureDevOps={k: v for k, v in DEVOPS.items() if k != "project"}),
            "tenant-bootstrap:azureDevOps.project: missing (fix: set the project's name)",
        ),
        (
            settings(groupProvider="msgraph"),
            "tenant-bootstrap:groupProvider: 'msgraph' is no group provider",
        ),
        (
            settings(owners=["alice@montaurel.fr"]),
            "tenant-bootstrap:owners: 'alice@montaurel.fr' is not an object id",
        ),
    ],
)
def test_a_wrong_setting_is_one_line_naming_its_key_and_the_fix(
    config: dict[str, Any], message: str
) -> None:
    with pytest.raises(SettingsError) as raised:
        read_settings(config)

    text = str(raised.value)
    assert text.startswith(message)
    assert "\n" not in text and "(fix: " in text
