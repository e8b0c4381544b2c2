"""Conditional access policies over HTTP with msgraph-sdk: the guest sign-in policy the toolkit
sends (MFA for guests and external users of named tenants, report-only first, break-glass
accounts excluded), its changes, and the policies Graph refuses."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from msgraph import GraphServiceClient
from msgraph.generated.models.conditional_access_applications import (
    ConditionalAccessApplications,
)
from msgraph.generated.models.conditional_access_condition_set import (
    ConditionalAccessConditionSet,
)
from msgraph.generated.models.conditional_access_enumerated_external_tenants import (
    ConditionalAccessEnumeratedExternalTenants,
)
from msgraph.generated.models.conditional_access_external_tenants_membership_kind import (
    ConditionalAccessExternalTenantsMembershipKind,
)
from msgraph.generated.models.conditional_access_grant_control import (
    ConditionalAccessGrantControl,
)
from msgraph.generated.models.conditional_access_grant_controls import (
    ConditionalAccessGrantControls,
)
from msgraph.generated.models.conditional_access_guest_or_external_user_types import (
    ConditionalAccessGuestOrExternalUserTypes,
)
from msgraph.generated.models.conditional_access_guests_or_external_users import (
    ConditionalAccessGuestsOrExternalUsers,
)
from msgraph.generated.models.conditional_access_policy import ConditionalAccessPolicy
from msgraph.generated.models.conditional_access_policy_state import (
    ConditionalAccessPolicyState,
)
from msgraph.generated.models.conditional_access_users import ConditionalAccessUsers
from msgraph.generated.models.o_data_errors.o_data_error import ODataError

from tests.support.local_tenant_fixture import LocalTenantHandle

pytestmark = [pytest.mark.integration, pytest.mark.filterwarnings("ignore::DeprecationWarning")]

PARTNER_TENANT = "3f2b8c1e-7d4a-4e6b-9a1c-5d8e2f0b7a64"
PATH = "/identity/conditionalAccess/policies"


def guest_policy(break_glass: list[str]) -> ConditionalAccessPolicy:
    return ConditionalAccessPolicy(
        display_name="Partners' guests: MFA",
        state=ConditionalAccessPolicyState.EnabledForReportingButNotEnforced,
        conditions=ConditionalAccessConditionSet(
            users=ConditionalAccessUsers(
                include_guests_or_external_users=ConditionalAccessGuestsOrExternalUsers(
                    guest_or_external_user_types=(
                        ConditionalAccessGuestOrExternalUserTypes.B2bCollaborationGuest
                    ),
                    external_tenants=ConditionalAccessEnumeratedExternalTenants(
                        odata_type="#microsoft.graph.conditionalAccessEnumeratedExternalTenants",
                        membership_kind=ConditionalAccessExternalTenantsMembershipKind.Enumerated,
                        members=[PARTNER_TENANT],
                    ),
                ),
                exclude_users=break_glass,
            ),
            applications=ConditionalAccessApplications(include_applications=["All"]),
        ),
        grant_controls=ConditionalAccessGrantControls(
            operator="OR", built_in_controls=[ConditionalAccessGrantControl.Mfa]
        ),
    )


def raw_policy(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "displayName": "Guests MFA",
        "state": "enabled",
        "conditions": {
            "users": {"includeUsers": ["GuestsOrExternalUsers"]},
            "applications": {"includeApplications": ["All"]},
        },
        "grantControls": {"operator": "OR", "builtInControls": ["mfa"]},
    }
    body.update(changes)
    return body


def post(local_tenant: LocalTenantHandle, body: dict[str, Any]) -> httpx.Response:
    return httpx.post(
        f"{local_tenant.base_url}{PATH}",
        json=body,
        headers={"Authorization": f"Bearer {local_tenant.token()}"},
    )


async def test_the_guest_sign_in_policy_round_trips(
    graph_client: GraphServiceClient, user_ids: list[str]
) -> None:
    created = await graph_client.identity.conditional_access.policies.post(
        guest_policy(user_ids[:2])
    )
    assert created is not None and created.id and created.created_date_time
    read = await graph_client.identity.conditional_access.policies.by_conditional_access_policy_id(
        created.id
    ).get()
    assert (
        read is not None
        and read.state == ConditionalAccessPolicyState.EnabledForReportingButNotEnforced
    )
    assert read.conditions and read.conditions.users
    guests = read.conditions.users.include_guests_or_external_users
    assert guests is not None and guests.external_tenants is not None
    assert isinstance(guests.external_tenants, ConditionalAccessEnumeratedExternalTenants)
    assert guests.external_tenants.members == [PARTNER_TENANT]
    assert read.conditions.users.exclude_users == user_ids[:2]
    assert read.grant_controls and read.grant_controls.built_in_controls == [
        ConditionalAccessGrantControl.Mfa
    ]


async def test_enforcing_after_report_only_and_deleting(
    graph_client: GraphServiceClient, user_ids: list[str]
) -> None:
    created = await graph_client.identity.conditional_access.policies.post(
        guest_policy(user_ids[:1])
    )
    assert created is not None and created.id
    item = graph_client.identity.conditional_access.policies.by_conditional_access_policy_id(
        created.id
    )
    await item.patch(ConditionalAccessPolicy(state=ConditionalAccessPolicyState.Enabled))
    read = await item.get()
    assert read is not None and read.state == ConditionalAccessPolicyState.Enabled
    assert read.modified_date_time is not None
    listed = await graph_client.identity.conditional_access.policies.get()
    assert listed is not None and [p.id for p in listed.value or []] == [created.id]
    await item.delete()
    with pytest.raises(ODataError) as gone:
        await item.get()
    assert gone.value.response_status_code == 404


def test_all_external_tenants(local_tenant: LocalTenantHandle) -> None:
    users = {
        "includeGuestsOrExternalUsers": {
            "guestOrExternalUserTypes": "b2bCollaborationGuest,b2bCollaborationMember",
            "externalTenants": {
                "@odata.type": "#microsoft.graph.conditionalAccessAllExternalTenants",
                "membershipKind": "all",
            },
        }
    }
    body = raw_policy(conditions={"users": users, "applications": {"includeApplications": ["All"]}})
    answered = post(local_tenant, body)
    assert answered.status_code == 201, answered.text


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"conditions": {"applications": {"includeApplications": ["All"]}}}, "users"),
        ({"conditions": {"users": {"includeUsers": ["All"]}}}, "applications"),
        (
            {
                "conditions": {
                    "users": {"excludeUsers": ["GuestsOrExternalUsers"]},
                    "applications": {"includeApplications": ["All"]},
                }
            },
            "includes nobody",
        ),
        ({"grantControls": {"operator": "OR", "builtInControls": ["sms"]}}, "sms"),
        ({"grantControls": {"operator": "OR", "builtInControls": ["block", "mfa"]}}, "block"),
        ({"grantControls": {"operator": "XOR", "builtInControls": ["mfa"]}}, "operator"),
        ({"grantControls": None}, "grantControls"),
        ({"state": "on"}, "on"),
        ({"state": None}, "state"),
        ({"displayName": ""}, "displayName"),
        (
            {
                "conditions": {
                    "users": {"includeUsers": ["0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"]},
                    "applications": {"includeApplications": ["All"]},
                }
            },
            "not the id of a user",
        ),
        (
            {
                "conditions": {
                    "users": {
                        "includeGuestsOrExternalUsers": {
                            "guestOrExternalUserTypes": "b2bCollaborationGuest",
                            "externalTenants": {
                                "@odata.type": (
                                    "#microsoft.graph.conditionalAccessEnumeratedExternalTenants"
                                ),
                                "membershipKind": "enumerated",
                                "members": [],
                            },
                        }
                    },
                    "applications": {"includeApplications": ["All"]},
                }
            },
            "members",
        ),
        (
            {
                "conditions": {
                    "users": {
                        "includeGuestsOrExternalUsers": {
                            "guestOrExternalUserTypes": "b2bCollaborationGuest"
                        }
                    },
                    "applications": {"includeApplications": ["All"]},
                }
            },
            "externalTenants",
        ),
        (
            {
                "conditions": {
                    "users": {
                        "includeGuestsOrExternalUsers": {
                            "guestOrExternalUserTypes": "b2bCollaborationGuest",
                            "externalTenants": {
                                "@odata.type": (
                                    "#microsoft.graph.conditionalAccessEnumeratedExternalTenants"
                                ),
                                "membershipKind": "all",
                            },
                        }
                    },
                    "applications": {"includeApplications": ["All"]},
                }
            },
            "membershipKind is 'all'",
        ),
    ],
)
def test_graph_refuses(local_tenant: LocalTenantHandle, changes: dict[str, Any], says: str) -> None:
    answered = post(local_tenant, raw_policy(**changes))
    assert answered.status_code == 400, answered.text
    assert says in answered.json()["error"]["message"]


def test_a_change_that_breaks_the_policy_is_refused_and_nothing_changes(
    local_tenant: LocalTenantHandle,
) -> None:
    created = post(local_tenant, raw_policy())
    assert created.status_code == 201, created.text
    url = f"{local_tenant.base_url}{PATH}/{created.json()['id']}"
    headers = {"Authorization": f"Bearer {local_tenant.token()}"}
    broken = httpx.patch(
        url,
        json={"grantControls": {"operator": "OR", "builtInControls": ["block", "mfa"]}},
        headers=headers,
    )
    assert broken.status_code == 400
    assert httpx.get(url, headers=headers).json()["grantControls"]["builtInControls"] == ["mfa"]


def test_writing_needs_the_policy_permissions_together(local_tenant: LocalTenantHandle) -> None:
    alone = httpx.post(
        f"{local_tenant.base_url}{PATH}",
        json=raw_policy(),
        headers={
            "Authorization": f"Bearer {local_tenant.token(['Policy.ReadWrite.ConditionalAccess'])}"
        },
    )
    assert alone.status_code == 403
    assert "Requires all of" in alone.json()["error"]["message"]
