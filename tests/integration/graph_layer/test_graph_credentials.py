"""Credentials come from azure-identity: a client secret exchanged at the local tenant's
token endpoint, read from stack configuration in the provider process."""

from __future__ import annotations

import pytest

from tenantctl.graph import GraphError, client_from, lookup_from
from tests.integration.graph_layer.conftest import MakeProvider
from tests.support.local_tenant_fixture import LocalTenantHandle
from tests.support.sdk import sdk_on

pytestmark = pytest.mark.integration


def secret_config(tenant: LocalTenantHandle, secret: str) -> dict[str, str]:
    return {
        "credential": "client_secret",
        "accessToken": "",
        "clientId": tenant.client_id,
        "clientSecret": secret,
        "authorityHost": tenant.authority,
        "caBundle": str(tenant.certificate),
    }


def test_a_client_secret_from_stack_config_gets_a_token_and_manages_a_group(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    group = provider("Group", **secret_config(local_tenant, local_tenant.client_secret))
    inputs = {"display_name": "Federated", "mail_nickname": "federated", "kind": "security"}

    created = group.create(group.check({}, inputs).inputs)

    assert group.read(created.id, created.outs).outs["mail_nickname"] == "federated"


def test_a_wrong_secret_fails_at_the_token_endpoint_not_as_drift(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    group = provider("Group", **secret_config(local_tenant, "wrong-secret"))
    with pytest.raises(Exception, match=r"(?i)invalid_client|secret") as raised:
        group.read("00000000-0000-0000-0000-000000000000", {})
    assert not isinstance(raised.value, GraphError)


async def test_drift_and_reports_open_their_own_client_on_the_same_policy(
    local_tenant: LocalTenantHandle,
) -> None:
    config = {"graphBaseUrl": local_tenant.base_url, "accessToken": local_tenant.token()}
    async with client_from(lookup_from(config, {})) as client:
        organisation = await sdk_on(client).organization.get()
        users = await client.list_all("users", params={"$select": "id", "$top": "10"})
    assert organisation is not None and organisation.value
    assert len(users) == len(local_tenant.admin.graph("GET", "/users?$select=id&$top=999")["value"])
