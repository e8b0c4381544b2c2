"""The guest sign-in policy through one of the two group providers.

`azuread` declares pulumi-azuread's `ConditionalAccessPolicy` (its schema:
conditions.users.includedGuestsOrExternalUsers, excludedUsers as object ids, grantControls);
`graph` the toolkit's own `ConditionalAccessPolicy` kind. Both send the same policy
(learn.microsoft.com/graph/api/conditionalaccessroot-post-policies): guests and external users
of every external tenant (`tenantctl.m365.conditional_access.GUESTS_SIGNING_IN`), all
applications, the break-glass accounts excluded, every control required (operator AND).
Every external tenant, not the partners' alone: a guest invited by hand from another tenant
would otherwise sign in without multifactor authentication.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import pulumi_azuread as azuread

from tenantctl.components.directory import GroupProvider
from tenantctl.m365.conditional_access import GUESTS_SIGNING_IN, STATE_OF
from tenantctl.model.schema import GuestSignIn
from tenantctl.resources.specs.conditional_access_policy import (
    ConditionalAccessPolicy,
    ConditionalAccessPolicyArgs,
)


@dataclass(frozen=True)
class DesiredSignInPolicy:
    """The guest sign-in policy in Graph's terms."""

    display_name: str
    state: str
    controls: tuple[str, ...]
    break_glass: tuple[str, ...]
    guest_types: tuple[str, ...] = GUESTS_SIGNING_IN

    @classmethod
    def of(cls, policy: GuestSignIn, stack_prefix: str) -> DesiredSignInPolicy:
        return cls(
            display_name=f"{stack_prefix} guests and external users: MFA",
            state=STATE_OF[policy.state.value],
            controls=("mfa",),
            break_glass=policy.break_glass,
        )


class SignInBackend(Protocol):
    """What the tenant needs to declare its guest sign-in policy."""

    def policy(self, name: str, wanted: DesiredSignInPolicy) -> None:
        """Declare the conditional access policy."""


class AzureadSignIn:
    """The policy as pulumi-azuread's `ConditionalAccessPolicy`."""

    def policy(self, name: str, wanted: DesiredSignInPolicy) -> None:
        excluded = [
            azuread.get_user_output(user_principal_name=upn).object_id for upn in wanted.break_glass
        ]
        azuread.ConditionalAccessPolicy(
            name,
            display_name=wanted.display_name,
            state=wanted.state,
            conditions=azuread.ConditionalAccessPolicyConditionsArgs(
                client_app_types=["all"],
                applications=azuread.ConditionalAccessPolicyConditionsApplicationsArgs(
                    included_applications=["All"]
                ),
                users=azuread.ConditionalAccessPolicyConditionsUsersArgs(
                    included_guests_or_external_users=[
                        azuread.ConditionalAccessPolicyConditionsUsersIncludedGuestsOrExternalUserArgs(
                            guest_or_external_user_types=list(wanted.guest_types),
                            external_tenants=[
                                azuread.ConditionalAccessPolicyConditionsUsersIncludedGuestsOrExternalUserExternalTenantArgs(
                                    membership_kind="all"
                                )
                            ],
                        )
                    ],
                    excluded_users=excluded,
                ),
            ),
            grant_controls=azuread.ConditionalAccessPolicyGrantControlsArgs(
                operator="AND", built_in_controls=list(wanted.controls)
            ),
        )


class GraphSignIn:
    """The policy as the Graph layer's `ConditionalAccessPolicy`."""

    def policy(self, name: str, wanted: DesiredSignInPolicy) -> None:
        ConditionalAccessPolicy(
            name,
            ConditionalAccessPolicyArgs(
                display_name=wanted.display_name,
                state=wanted.state,
                guest_types=list(wanted.guest_types),
                grant_controls=list(wanted.controls),
                exclude_users=list(wanted.break_glass),
            ),
        )


def sign_in_backend(provider: GroupProvider) -> SignInBackend:
    """The backend for a stack's `groupProvider` setting."""
    return AzureadSignIn() if provider == "azuread" else GraphSignIn()
