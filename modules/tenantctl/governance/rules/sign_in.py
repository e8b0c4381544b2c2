"""Guests sign in with multifactor authentication: a tenant that invites guests declares the
guest sign-in policy (`tenant.guest_sign_in`), and does not leave it off.

Reads the description, which both group providers build the same policy from
(`tenantctl.components.sign_in`). Report-only is how Microsoft, CIS and SCuBA say to deploy a
policy first (learn.microsoft.com/entra/identity/conditional-access/concept-conditional-access-
report-only), so it passes unless the stack sets `enforced: true`, which holds the policy on
(what the baselines' controls ask once the rollout is done).
"""

from __future__ import annotations

from collections.abc import Iterator

from tenantctl.governance.rule import Breach, Params, Rule
from tenantctl.governance.subject import Subject
from tenantctl.governance.violations import Level
from tenantctl.model.schema import GuestSignInState

WHERE = "tenant.guest_sign_in"


def guests_sign_in_with_mfa(subject: Subject, params: Params) -> Iterator[Breach]:
    tenant = subject.tenant
    if not any(partner.guests for partner in tenant.partners):
        return
    policy = tenant.tenant.guest_sign_in
    if policy is None:
        yield Breach(
            WHERE,
            "guests sign in without multifactor authentication",
            "declare 'tenant.guest_sign_in' with 'state: report-only' and the break-glass "
            "accounts, then 'on' once its sign-ins look right",
        )
    elif policy.state is GuestSignInState.OFF or (
        params["enforced"] and policy.state is not GuestSignInState.ON
    ):
        yield Breach(
            WHERE,
            f"the guest sign-in policy is {policy.state.value}: guests are not asked for "
            "multifactor authentication",
            "set 'state: report-only', read its results in the sign-in logs, then 'on'",
        )


RULES = (
    Rule(
        "guest-sign-in-mfa",
        "Guests and external users sign in with multifactor authentication",
        Level.ADVISORY,
        guests_sign_in_with_mfa,
        scuba=("MS.AAD.3.2v1",),
        cis=("CIS 5.2.2.2 (v4.0.0)",),
        defaults={"enforced": False},
    ),
)
