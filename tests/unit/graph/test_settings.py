"""Settings and credentials: stack configuration first, then the environment; no secrets kept."""

from __future__ import annotations

import dataclasses

import pytest

from tenantctl.graph import GraphSettings, Pacing, lookup_from
from tenantctl.graph.credentials import (
    AzureToken,
    CredentialError,
    StaticToken,
    credential_kind,
    token_source,
)


def test_stack_configuration_wins_over_the_environment() -> None:
    lookup = lookup_from(
        {"m365-tenant:graphBaseUrl": "http://127.0.0.1:8080/v1.0/"},
        {"TENANTCTL_GRAPH_BASE_URL": "https://graph.microsoft.us/v1.0", "AZURE_TENANT_ID": "t1"},
    )
    settings = GraphSettings.load(lookup)
    assert settings.base_url == "http://127.0.0.1:8080/v1.0"
    assert settings.tenant_id == "t1"


def test_an_empty_client_id_in_the_stack_is_the_jobs_identity_from_the_environment() -> None:
    lookup = lookup_from(
        {"m365-tenant:clientId": "", "m365-tenant:tenantId": "t1"},
        {"AZURE_CLIENT_ID": "read-only-app", "AZURE_TENANT_ID": "t2"},
    )
    settings = GraphSettings.load(lookup)
    assert (settings.client_id, settings.tenant_id) == ("read-only-app", "t1")
    assert lookup_from({"clientId": ""}, {})("clientId") is None


def test_settings_hold_no_secret() -> None:
    lookup = lookup_from({"clientSecret": "s3cret", "clientId": "c"}, {})
    settings = GraphSettings.load(lookup)
    assert "s3cret" not in repr(dataclasses.asdict(settings))


def test_the_token_scope_follows_the_cloud_and_the_sharepoint_admin_host() -> None:
    settings = GraphSettings(
        base_url="https://graph.microsoft.us/v1.0",
        sharepoint_admin_url="https://contoso-admin.sharepoint.us",
    )
    assert settings.scope_for("https://graph.microsoft.us/v1.0/groups") == (
        "https://graph.microsoft.us/.default"
    )
    assert settings.scope_for("https://contoso-admin.sharepoint.us/_api/x") == (
        "https://contoso-admin.sharepoint.us/.default"
    )


def test_a_graph_on_loopback_takes_tokens_for_global_graph() -> None:
    settings = GraphSettings(
        base_url="http://127.0.0.1:8080/v1.0", sharepoint_admin_url="http://127.0.0.1:8080"
    )
    assert (
        settings.scope_for("http://127.0.0.1:8080/_api/x") == "https://graph.microsoft.com/.default"
    )


def test_the_credential_is_chosen_from_what_is_present() -> None:
    settings = GraphSettings(tenant_id="t", client_id="c")
    assert credential_kind(settings, lookup_from({}, {"AZURE_FEDERATED_TOKEN_FILE": "/f"})) == (
        "workload_identity"
    )
    assert credential_kind(settings, lookup_from({"clientSecret": "s"}, {})) == "client_secret"
    github = {"ACTIONS_ID_TOKEN_REQUEST_URL": "https://x", "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "y"}
    assert credential_kind(settings, lookup_from({}, github)) == "github_oidc"
    chosen = dataclasses.replace(settings, credential="managed_identity")
    assert credential_kind(chosen, lookup_from({}, {})) == "managed_identity"


def test_no_credential_is_an_error_naming_the_settings_never_a_managed_identity() -> None:
    settings = GraphSettings(tenant_id="t", client_id="c")
    with pytest.raises(CredentialError) as raised:
        credential_kind(settings, lookup_from({}, {}))
    assert str(raised.value) == (
        "no Graph credential is configured: set credential (TENANTCTL_CREDENTIAL) to one of "
        "token | workload_identity | github_oidc | certificate | client_secret | "
        "managed_identity with its input: accessToken (TENANTCTL_ACCESS_TOKEN), "
        "federatedTokenFile (AZURE_FEDERATED_TOKEN_FILE), ACTIONS_ID_TOKEN_REQUEST_URL "
        "(ACTIONS_ID_TOKEN_REQUEST_URL), clientCertificatePath (AZURE_CLIENT_CERTIFICATE_PATH), "
        "clientSecret (AZURE_CLIENT_SECRET); and tenantId (AZURE_TENANT_ID), clientId "
        "(AZURE_CLIENT_ID)"
    )


async def test_token_sources_are_azure_identity_credentials_or_a_static_token() -> None:
    settings = GraphSettings(tenant_id="t", client_id="c")
    secret = token_source(settings, lookup_from({"clientSecret": "s"}, {}))
    assert isinstance(secret, AzureToken)
    await secret.close()
    static = token_source(settings, lookup_from({"accessToken": "abc"}, {}))
    assert isinstance(static, StaticToken)
    assert await static.token("scope") == "abc"


async def test_workload_identity_in_github_actions_federates_the_jobs_oidc_token() -> None:
    settings = GraphSettings(tenant_id="t", client_id="c", credential="workload_identity")
    github = {"ACTIONS_ID_TOKEN_REQUEST_URL": "https://x", "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "y"}
    source = token_source(settings, lookup_from({}, github))
    assert isinstance(source, AzureToken)
    assert type(source._credential).__name__ == "ClientAssertionCredential"
    await source.close()


def test_the_budget_share_comes_from_the_stack_or_the_environment() -> None:
    shared = GraphSettings.load(lookup_from({"m365-tenant:graphBudgetShare": "0.25"}, {}))
    assert shared.pacing.rate("teams.read") == 7.5
    by_env = GraphSettings.load(lookup_from({}, {"TENANTCTL_GRAPH_BUDGET_SHARE": "0.5"}))
    assert by_env.pacing.rate("teams.read") == 15.0
    assert GraphSettings.load(lookup_from({}, {})).pacing == Pacing()


@pytest.mark.parametrize("value", ["0", "1.5", "half", "-0.2"])
def test_a_budget_share_outside_zero_to_one_names_the_key_and_the_fix(value: str) -> None:
    with pytest.raises(
        ValueError, match=r"graphBudgetShare is .*: give a number above 0 and at most 1"
    ):
        GraphSettings.load(lookup_from({"m365-tenant:graphBudgetShare": value}, {}))
