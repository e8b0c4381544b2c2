"""Channel rule: private and shared channels only where the space kind allows, shared
channels only with partners the stack gives a cross-tenant entry."""

from __future__ import annotations

from typing import Any

from tenantctl.governance import GovernanceConfig, PlannedResource, Subject, evaluate
from tests.unit.governance.conftest import messages, small_tenant, space, subject_of


def test_a_shared_channel_in_an_intra_space_is_refused() -> None:
    def shared(data: dict[str, Any]) -> None:
        space(data, "drh-equipe")["channels"][1]["kind"] = "shared"

    found = messages(subject_of(small_tenant(shared)), "channel-kinds")

    assert found == [
        "spaces[drh-equipe].channels[1]: a shared channel in an intra space "
        "(allowed in: inter, partner)"
    ]


def test_which_space_kinds_allow_private_channels_is_a_parameter() -> None:
    config = GovernanceConfig({"channel-kinds": {"private": ["partner"]}})

    found = [f"{v.subject}: {v.message}" for v in evaluate(subject_of(small_tenant()), config)]

    assert found == [
        "spaces[drh-equipe].channels[1]: a private channel in an intra space (allowed in: partner)"
    ]


def test_a_channel_shared_with_a_partner_without_tenant_id_is_refused() -> None:
    def no_tenant(data: dict[str, Any]) -> None:
        del data["partners"][0]["tenant_id"]

    found = messages(subject_of(small_tenant(no_tenant)), "channel-kinds")

    assert found == [
        "spaces[port-logistique].channels[0]: shared with 'port', which has no cross-tenant "
        "partner entry allowing B2B direct connect"
    ]


def test_a_channel_shared_with_a_partner_whose_entry_refuses_direct_connect_is_refused() -> None:
    planned = subject_of(small_tenant())
    without_direct_connect = tuple(
        PlannedResource(r.kind, r.name, {**r.props, "b2b_direct_connect": False}, r.component)
        if r.kind == "CrossTenantPartner"
        else r
        for r in planned.resources
    )
    subject = Subject(planned.tenant, without_direct_connect, today=planned.today)

    found = messages(subject, "channel-kinds")

    assert found == [
        "spaces[port-logistique].channels[0]: shared with 'port', which has no cross-tenant "
        "partner entry allowing B2B direct connect"
    ]
