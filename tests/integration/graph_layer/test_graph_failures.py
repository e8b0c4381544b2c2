"""What the local tenant refuses, explained in one line: the call, Graph's status, code and
message, and the fix (`tenantctl.jobs.failures.explain`); a credential that cannot work is named
before any request."""

from __future__ import annotations

import socket

import httpx
import pytest

from tenantctl.graph import (
    GraphClient,
    GraphError,
    GraphSettings,
    StaticToken,
    client_from,
    lookup_from,
)
from tenantctl.graph.credentials import CredentialError
from tenantctl.graph.errors import TokenError
from tenantctl.jobs.failures import explain
from tests.integration.graph_layer.conftest import MakeProvider, members
from tests.support.local_tenant_fixture import LocalTenantHandle

pytestmark = pytest.mark.integration

NO_SUCH_GROUP = "00000000-0000-0000-0000-00000000dead"


def client(tenant: LocalTenantHandle, roles: list[str]) -> GraphClient:
    return GraphClient(GraphSettings(base_url=tenant.base_url), StaticToken(tenant.token(roles)))


def one_line(text: str) -> bool:
    return "\n" not in text and "Traceback" not in text


async def test_a_refused_permission_names_the_call_graphs_answer_and_the_fix(
    local_tenant: LocalTenantHandle,
) -> None:
    async with client(local_tenant, ["User.Read.All"]) as graph:
        with pytest.raises(GraphError) as raised:
            await graph.post("groups", {"displayName": "Équipe d'été", "mailNickname": "ete"})

    line = explain(raised.value, kinds="Group")

    assert one_line(line)
    assert line.startswith("POST /v1.0/groups: 403 Authorization_RequestDenied: Insufficient ")
    assert "Group.ReadWrite.All" in line  # the local tenant names the least permission
    assert line.endswith(
        "Fix: grant the application the permissions `tenantctl permissions Group --explain` "
        "lists, with admin consent."
    )
    assert local_tenant.base_url.split("/v1.0")[0] not in line  # the call, not the host


def test_a_refused_user_look_up_is_graphs_refusal_not_a_missing_user(
    provider: MakeProvider, local_tenant: LocalTenantHandle
) -> None:
    owner = members(local_tenant, 1)[0]
    group = provider("Group", roles=["Group.ReadWrite.All"])  # no user read
    inputs = {"display_name": "Ops", "mail_nickname": "ops", "owners": [owner], "members": []}

    with pytest.raises(GraphError) as raised:
        group.create(group.check({}, inputs).inputs)

    line = explain(raised.value, kinds="Group")
    assert one_line(line)
    assert line.startswith(f"GET /users/{owner}: 403 Authorization_RequestDenied: Insufficient ")
    assert "User.Read.All" in line and "no user" not in line


async def test_a_missing_object_points_to_a_refresh(local_tenant: LocalTenantHandle) -> None:
    async with client(local_tenant, ["Group.ReadWrite.All"]) as graph:
        with pytest.raises(GraphError) as raised:
            await graph.request("PATCH", f"groups/{NO_SUCH_GROUP}", {"description": "x"})

    line = explain(raised.value)

    assert one_line(line)
    assert line.startswith(f"PATCH /v1.0/groups/{NO_SUCH_GROUP}: 404 Request_ResourceNotFound: ")
    assert "Fix: the object is not in the tenant (deleted outside the stack?)" in line


async def test_a_bad_request_has_graphs_message_and_no_invented_fix(
    local_tenant: LocalTenantHandle,
) -> None:
    async with client(local_tenant, ["Group.ReadWrite.All"]) as graph:
        with pytest.raises(GraphError) as raised:
            await graph.request("POST", "groups", {"displayName": 42})

    line = explain(raised.value)

    assert one_line(line)
    assert line.startswith("POST /v1.0/groups: 400 ")
    assert "Fix:" not in line


async def test_an_unreachable_tenant_is_named_with_the_url() -> None:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    url = f"http://127.0.0.1:{port}/v1.0"
    settings = GraphSettings(base_url=url, retry_budget=0.2, retry_base_delay=0.01)
    async with GraphClient(settings, StaticToken("t")) as graph:
        with pytest.raises(httpx.TransportError) as raised:
            await graph.get("groups")

    line = explain(raised.value)

    assert one_line(line)
    assert line.startswith(f"cannot reach {url}/groups (ConnectError: ")


async def test_a_wrong_secret_is_entra_ids_refusal_in_one_line(
    local_tenant: LocalTenantHandle,
) -> None:
    config = {
        "graphBaseUrl": local_tenant.base_url,
        "credential": "client_secret",
        "tenantId": local_tenant.tenant_id,
        "clientId": local_tenant.client_id,
        "clientSecret": "wrong secret, with an apostrophe's worth of trouble",
        "authorityHost": local_tenant.authority,
        "caBundle": str(local_tenant.certificate),
    }
    async with client_from(lookup_from(config, {})) as graph:
        with pytest.raises(TokenError) as raised:
            await graph.get("groups")

    line = explain(raised.value)

    assert one_line(line)
    assert line.startswith(
        f"Entra ID refused the credential: {local_tenant.authority}/{local_tenant.tenant_id}"
        "/oauth2/v2.0/token: "
    )
    assert "invalid_client" in line.lower() or "secret" in line.lower()
    assert line.endswith(
        "Fix: check tenantId, clientId and the credential (client secret, "
        "certificate or federated token) in the stack's configuration or the "
        "environment."
    )


@pytest.mark.parametrize(
    ("config", "named"),
    [
        (
            {"credential": "client_secret", "tenantId": "t", "clientId": "c"},
            "credential client_secret needs clientSecret: give `pulumi config set --secret "
            "clientSecret …` or the environment variable AZURE_CLIENT_SECRET",
        ),
        (
            {"credential": "certificate", "clientCertificatePath": "/nowhere/cert.pem"},
            "credential certificate needs tenantId, clientId: give `pulumi config set tenantId "
            "…` or the environment variable AZURE_TENANT_ID; `pulumi config set clientId …` or "
            "the environment variable AZURE_CLIENT_ID",
        ),
        (
            {"accessToken": "t", "caBundle": "/nowhere/ca.pem"},
            "caBundle (TENANTCTL_CA_BUNDLE) is /nowhere/ca.pem, which is not a file: give the "
            "path of an existing file",
        ),
        (
            {"credential": "kerberos"},
            "unknown credential 'kerberos': use token, client_secret, certificate, "
            "workload_identity, github_oidc, managed_identity (setting `credential`)",
        ),
    ],
    ids=["secret", "tenant-and-client", "ca-bundle", "unknown"],
)
def test_a_credential_missing_a_setting_is_named_before_any_request(
    config: dict[str, str], named: str
) -> None:
    with pytest.raises(CredentialError) as raised:
        client_from(lookup_from(config, {}))

    assert explain(raised.value) == named


def test_the_provider_names_the_missing_secret_of_the_stack(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    group = provider("Group", credential="client_secret", accessToken="", clientId="c")

    with pytest.raises(CredentialError, match="credential client_secret needs clientSecret"):
        group.read(NO_SUCH_GROUP, {})
