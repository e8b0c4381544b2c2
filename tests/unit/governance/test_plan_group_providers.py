"""`tenantctl check` judges a stack alike whichever its `groupProvider`: it plans
pulumi-azuread's Group, GroupLicense and Invitation (under Pulumi mocks) where the Graph layer
plans Group, GroupLicence and GuestInvitation, and the rules find the same violations."""

from __future__ import annotations

from typing import Any

from tenantctl.components.directory import GroupProvider
from tenantctl.governance import Subject, evaluate
from tenantctl.governance.plan import plan_resources
from tests.unit.governance.conftest import TODAY, small_tenant

PROVIDERS: tuple[GroupProvider, ...] = ("azuread", "graph")
DIRECTORY_KINDS = {
    "azuread": {"Group", "GroupLicense", "Invitation"},
    "graph": {"Group", "GroupLicence", "GuestInvitation"},
}


def _outside_guest(data: dict[str, Any]) -> None:
    """A partner's guest whose address is in no partner's domain."""
    data["partners"][0]["guests"][0]["email"] = "jean.o'neil@ailleurs.example"
    data["spaces"][1]["guests"] = ["jean.o'neil@ailleurs.example"]


def _judged(provider: GroupProvider) -> tuple[set[str], list[tuple[str, str, str]]]:
    tenant = small_tenant(_outside_guest)
    planned = plan_resources(tenant, provider)
    found = evaluate(Subject(tenant, planned, today=TODAY))
    return {r.kind for r in planned}, sorted((v.rule, v.subject, v.message) for v in found)


def test_check_plans_each_providers_own_kinds_and_finds_the_same_violations() -> None:
    (azuread_kinds, by_azuread), (graph_kinds, by_graph) = map(_judged, PROVIDERS)

    assert DIRECTORY_KINDS["azuread"] <= azuread_kinds and not {"GuestInvitation"} & azuread_kinds
    assert DIRECTORY_KINDS["graph"] <= graph_kinds and not {"Invitation"} & graph_kinds
    assert by_azuread == by_graph
    assert by_azuread == [
        (
            "sharing-partner-domains",
            "partner-port-guest-jean-o-neil-ailleurs-example",
            "guest 'jean.o'neil@ailleurs.example' is not from a partner's domain",
        )
    ]


def test_check_protects_the_same_groups_and_teams_with_either_provider() -> None:
    protected = {
        provider: {(r.kind, r.name) for r in plan_resources(small_tenant(), provider) if r.protect}
        for provider in PROVIDERS
    }
    assert (
        protected["azuread"]
        == protected["graph"]
        == {
            ("Group", "space-drh-equipe-group"),
            ("Team", "space-drh-equipe-team"),
            ("Group", "space-port-logistique-group"),
            ("Team", "space-port-logistique-team"),
        }
    )
