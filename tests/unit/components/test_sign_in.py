"""The guest sign-in policy under Pulumi mocks: one conditional access policy per tenant, the
same through pulumi-azuread and through the Graph layer."""

from __future__ import annotations

from functools import cache

from tenantctl.m365.conditional_access import GUESTS_SIGNING_IN
from tenantctl.model import Tenant
from tenantctl.model.schema import GuestSignIn, GuestSignInState
from tenantctl.stack.project import load_stack
from tests.unit.components.conftest import Declared, declare

AZUREAD_POLICY = "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy"
GRAPH_POLICY = "tenantctl:ConditionalAccessPolicy"


@cache
def demo() -> Tenant:
    return load_stack("demo").tenant


def policies(tenant: Tenant, provider: str) -> list[Declared]:
    return [d for d in declare(tenant, provider) if d.type in (AZUREAD_POLICY, GRAPH_POLICY)]


def with_policy(tenant: Tenant, policy: GuestSignIn | None) -> Tenant:
    settings = tenant.tenant.model_copy(update={"guest_sign_in": policy})
    return tenant.model_copy(update={"tenant": settings})


def test_azuread_declares_its_policy_on_every_guest_of_every_tenant_break_glass_excluded() -> None:
    (policy,) = policies(demo(), "azuread")
    assert policy.type == AZUREAD_POLICY
    assert policy.name == "guest-sign-in"
    assert policy.inputs["displayName"] == "DEMO guests and external users: MFA"
    assert policy.inputs["state"] == "enabledForReportingButNotEnforced"
    users = policy.inputs["conditions"]["users"]
    (guests,) = users["includedGuestsOrExternalUsers"]
    assert guests["guestOrExternalUserTypes"] == list(GUESTS_SIGNING_IN)
    assert guests["externalTenants"] == [{"membershipKind": "all"}]
    assert users["excludedUsers"] == [
        "oid:urgence.1@montaurel.fr",
        "oid:urgence.2@montaurel.fr",
    ]
    assert policy.inputs["conditions"]["applications"]["includedApplications"] == ["All"]
    assert policy.inputs["conditions"]["clientAppTypes"] == ["all"]
    assert policy.inputs["grantControls"] == {"operator": "AND", "builtInControls": ["mfa"]}


def test_the_graph_layer_declares_the_same_policy_by_principal_names() -> None:
    (policy,) = policies(demo(), "graph")
    assert (policy.type, policy.name) == (GRAPH_POLICY, "guest-sign-in")
    assert {k: v for k, v in policy.inputs.items() if k != "__provider"} == {
        "display_name": "DEMO guests and external users: MFA",
        "state": "enabledForReportingButNotEnforced",
        "guest_types": list(GUESTS_SIGNING_IN),
        "grant_controls": ["mfa"],
        "external_tenants": [],
        "applications": ["All"],
        "exclude_users": ["urgence.1@montaurel.fr", "urgence.2@montaurel.fr"],
    }


def test_each_state_is_graph_s_and_no_policy_is_declared_without_one() -> None:
    current = demo().tenant.guest_sign_in
    assert current is not None
    for state, graph in (("on", "enabled"), ("off", "disabled")):
        changed = current.model_copy(update={"state": GuestSignInState(state)})
        for provider in ("azuread", "graph"):
            (policy,) = policies(with_policy(demo(), changed), provider)
            assert graph in policy.inputs.values()
    for provider in ("azuread", "graph"):
        assert policies(with_policy(demo(), None), provider) == []
