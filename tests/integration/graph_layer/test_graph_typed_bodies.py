"""A GraphObject described with an msgraph-sdk model converges on the local tenant: what it
reads back equals what it sent, so a refresh finds no change."""

from __future__ import annotations

import pytest
from msgraph.generated.models.group import Group

from tenantctl.resources.typed_bodies import graph_body
from tests.integration.graph_layer.conftest import MakeProvider, lifecycle
from tests.support.local_tenant_fixture import LocalTenantHandle

pytestmark = pytest.mark.integration


def test_a_group_from_a_typed_model_is_created_read_back_unchanged_and_updated(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    body = graph_body(
        Group(
            display_name="Cellule d'astreinte — été",
            mail_nickname="astreinte-ete",
            mail_enabled=False,
            security_enabled=True,
            group_types=[],
        )
    )
    changed = graph_body(
        Group(
            display_name="Cellule d'astreinte — hiver",
            mail_nickname="astreinte-ete",
            mail_enabled=False,
            security_enabled=True,
            group_types=[],
        )
    )

    outcome = lifecycle(
        provider("GraphObject", roles=["Group.ReadWrite.All"]),
        {"path": "groups", "body": body},
        {"body": changed},
    )

    assert outcome.reread["body"]["displayName"] == "Cellule d'astreinte — hiver"
    assert outcome.read["graph"]["mailNickname"] == "astreinte-ete"
