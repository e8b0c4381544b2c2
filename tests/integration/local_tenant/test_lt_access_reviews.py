"""Access reviews of a group's guests over HTTP with msgraph-sdk: the definition the toolkit
sends (the group's guests, reviewed by its owners, on a recurrence), its instances and
decisions as the tenant's clock moves, decisions applied automatically, and what Graph refuses."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import httpx
import pytest
from msgraph import GraphServiceClient
from msgraph.generated.models.access_review_query_scope import AccessReviewQueryScope
from msgraph.generated.models.access_review_reviewer_scope import AccessReviewReviewerScope
from msgraph.generated.models.access_review_schedule_definition import (
    AccessReviewScheduleDefinition,
)
from msgraph.generated.models.access_review_schedule_settings import (
    AccessReviewScheduleSettings,
)
from msgraph.generated.models.group import Group
from msgraph.generated.models.o_data_errors.o_data_error import ODataError
from msgraph.generated.models.patterned_recurrence import PatternedRecurrence
from msgraph.generated.models.recurrence_pattern import RecurrencePattern
from msgraph.generated.models.recurrence_pattern_type import RecurrencePatternType
from msgraph.generated.models.recurrence_range import RecurrenceRange
from msgraph.generated.models.recurrence_range_type import RecurrenceRangeType
from msgraph.generated.models.reference_create import ReferenceCreate

from tests.support.local_tenant_fixture import LocalTenantHandle

pytestmark = [pytest.mark.integration, pytest.mark.filterwarnings("ignore::DeprecationWarning")]

DEFINITIONS = "/identityGovernance/accessReviews/definitions"
QUERY_SCOPE = {
    "@odata.type": "#microsoft.graph.accessReviewQueryScope",
    "queryType": "MicrosoftGraph",
}


def today(local_tenant: LocalTenantHandle) -> date:
    now = local_tenant.admin.call("GET", "/_admin/clock").json()["now"]
    return datetime.fromisoformat(now).date()


def advance(local_tenant: LocalTenantHandle, days: float) -> None:
    answered = local_tenant.admin.call("POST", "/_admin/clock", {"days": days})
    assert answered.status_code == 200, answered.text


def guests_scope(group_id: str) -> str:
    return (
        f"/groups/{group_id}/transitiveMembers/microsoft.graph.user/"
        "?$count=true&$filter=(userType eq 'Guest')"
    )


def definition(
    group_id: str,
    start: date,
    *,
    duration: int = 3,
    auto_apply: bool = True,
    default: str = "Deny",
    occurrences: int | None = None,
) -> AccessReviewScheduleDefinition:
    ranged = RecurrenceRange(type=RecurrenceRangeType.NoEnd, start_date=start)
    if occurrences is not None:
        ranged = RecurrenceRange(
            type=RecurrenceRangeType.Numbered, start_date=start, number_of_occurrences=occurrences
        )
    return AccessReviewScheduleDefinition(
        display_name="Invités d'Atelier Falcon",
        description_for_reviewers="Do these partners' guests still need access?",
        scope=AccessReviewQueryScope(
            odata_type="#microsoft.graph.accessReviewQueryScope",
            query=guests_scope(group_id),
            query_type="MicrosoftGraph",
        ),
        reviewers=[
            AccessReviewReviewerScope(
                query=f"/groups/{group_id}/owners", query_type="MicrosoftGraph"
            )
        ],
        settings=AccessReviewScheduleSettings(
            mail_notifications_enabled=True,
            reminder_notifications_enabled=True,
            justification_required_on_approval=True,
            default_decision_enabled=True,
            default_decision=default,
            instance_duration_in_days=duration,
            auto_apply_decisions_enabled=auto_apply,
            recommendations_enabled=False,
            recurrence=PatternedRecurrence(
                pattern=RecurrencePattern(type=RecurrencePatternType.Weekly, interval=1),
                range=ranged,
            ),
        ),
    )


@pytest.fixture
async def guest_ids(graph_client: GraphServiceClient, unified_group: Group) -> list[str]:
    """The seeded guests, made members of the group."""
    users = await graph_client.users.get()
    assert users is not None
    guests = [u.id for u in users.value or [] if "#EXT#" in (u.user_principal_name or "")]
    assert len(guests) == 3
    for guest in guests:
        await graph_client.groups.by_group_id(str(unified_group.id)).members.ref.post(
            ReferenceCreate(odata_id=f"https://graph.microsoft.com/v1.0/directoryObjects/{guest}")
        )
    return [str(g) for g in guests]


async def member_ids(graph_client: GraphServiceClient, group_id: str) -> set[str]:
    members = await graph_client.groups.by_group_id(group_id).members.get()
    assert members is not None
    return {str(m.id) for m in members.value or []}


def decide(
    local_tenant: LocalTenantHandle, instance: str, principal: str, decision: str, reviewer: str
) -> httpx.Response:
    return local_tenant.admin.call(
        "POST",
        "/_admin/accessReviews/decisions",
        {
            "instanceId": instance,
            "principalId": principal,
            "decision": decision,
            "reviewerId": reviewer,
            "justification": "Still on the project",
        },
    )


async def test_guests_not_approved_are_removed_when_the_instance_ends(
    local_tenant: LocalTenantHandle,
    graph_client: GraphServiceClient,
    unified_group: Group,
    guest_ids: list[str],
    user_ids: list[str],
) -> None:
    group_id = str(unified_group.id)
    reviews = graph_client.identity_governance.access_reviews.definitions
    created = await reviews.post(definition(group_id, today(local_tenant)))
    assert created is not None and created.id and created.status == "InProgress"
    series = reviews.by_access_review_schedule_definition_id(created.id)
    instances = await series.instances.get()
    assert instances is not None and len(instances.value or []) == 1
    instance = (instances.value or [])[0]
    assert instance.status == "InProgress" and instance.start_date_time and instance.end_date_time
    assert instance.end_date_time - instance.start_date_time == timedelta(days=3)
    item = series.instances.by_access_review_instance_id(str(instance.id))
    decisions = await item.decisions.get()
    assert decisions is not None
    assert sorted(str(d.principal.id) for d in decisions.value or [] if d.principal) == sorted(
        guest_ids
    )
    assert {d.decision for d in decisions.value or []} == {"NotReviewed"}
    approved = decide(local_tenant, str(instance.id), guest_ids[0], "Approve", user_ids[0])
    assert approved.status_code == 200, approved.text

    advance(local_tenant, 3.01)

    assert await member_ids(graph_client, group_id) == {*user_ids[2:4], guest_ids[0]}
    ended = await item.get()
    assert ended is not None and ended.status == "Applied"
    decisions = await item.decisions.get()
    assert decisions is not None
    by_principal = {str(d.principal.id): d for d in decisions.value or [] if d.principal}
    assert by_principal[guest_ids[0]].decision == "Approve"
    assert by_principal[guest_ids[0]].reviewed_by and (
        by_principal[guest_ids[0]].reviewed_by.id == user_ids[0]
    )
    assert {by_principal[g].decision for g in guest_ids[1:]} == {"Deny"}
    assert {d.apply_result for d in decisions.value or []} == {"AppliedSuccessfully"}

    advance(local_tenant, 4)

    instances = await series.instances.get()
    assert instances is not None and len(instances.value or []) == 2
    second = max(instances.value or [], key=lambda i: i.start_date_time or datetime.min)
    assert second.status == "InProgress"
    later = await series.instances.by_access_review_instance_id(str(second.id)).decisions.get()
    assert later is not None
    assert [str(d.principal.id) for d in later.value or [] if d.principal] == [guest_ids[0]]


async def test_without_auto_apply_nobody_is_removed(
    local_tenant: LocalTenantHandle,
    graph_client: GraphServiceClient,
    unified_group: Group,
    guest_ids: list[str],
) -> None:
    group_id = str(unified_group.id)
    before = await member_ids(graph_client, group_id)
    reviews = graph_client.identity_governance.access_reviews.definitions
    created = await reviews.post(definition(group_id, today(local_tenant), auto_apply=False))
    assert created is not None and created.id
    advance(local_tenant, 3.01)
    assert await member_ids(graph_client, group_id) == before
    series = reviews.by_access_review_schedule_definition_id(created.id)
    instances = await series.instances.get()
    assert instances is not None and [i.status for i in instances.value or []] == ["Completed"]


async def test_a_numbered_series_completes(
    local_tenant: LocalTenantHandle,
    graph_client: GraphServiceClient,
    unified_group: Group,
    guest_ids: list[str],
) -> None:
    reviews = graph_client.identity_governance.access_reviews.definitions
    created = await reviews.post(
        definition(str(unified_group.id), today(local_tenant), default="Approve", occurrences=1)
    )
    assert created is not None and created.id
    advance(local_tenant, 10)
    read = await reviews.by_access_review_schedule_definition_id(created.id).get()
    assert read is not None and read.status == "Completed"
    assert len(await member_ids(graph_client, str(unified_group.id))) == 5


async def test_a_series_starting_later_waits_for_its_start(
    local_tenant: LocalTenantHandle, graph_client: GraphServiceClient, unified_group: Group
) -> None:
    reviews = graph_client.identity_governance.access_reviews.definitions
    start = today(local_tenant) + timedelta(days=2)
    created = await reviews.post(definition(str(unified_group.id), start))
    assert created is not None and created.id and created.status == "NotStarted"
    series = reviews.by_access_review_schedule_definition_id(created.id)
    instances = await series.instances.get()
    assert instances is not None and not instances.value
    advance(local_tenant, 2)
    instances = await series.instances.get()
    assert instances is not None and len(instances.value or []) == 1


async def test_put_replaces_what_may_change_and_keeps_the_scope(
    local_tenant: LocalTenantHandle, graph_client: GraphServiceClient, unified_group: Group
) -> None:
    group_id = str(unified_group.id)
    reviews = graph_client.identity_governance.access_reviews.definitions
    created = await reviews.post(definition(group_id, today(local_tenant)))
    assert created is not None and created.id
    series = reviews.by_access_review_schedule_definition_id(created.id)
    changed = definition(group_id, today(local_tenant), duration=5)
    changed.display_name = "Falcon guests, quarterly"
    await series.put(changed)
    read = await series.get()
    assert read is not None and read.display_name == "Falcon guests, quarterly"
    assert read.settings and read.settings.instance_duration_in_days == 5
    other = await graph_client.groups.post(
        Group(
            display_name="Other",
            mail_enabled=True,
            mail_nickname="other",
            security_enabled=False,
            group_types=["Unified"],
        )
    )
    assert other is not None
    with pytest.raises(ODataError) as scope:
        await series.put(definition(str(other.id), today(local_tenant)))
    assert scope.value.response_status_code == 400
    await series.delete()
    with pytest.raises(ODataError) as gone:
        await series.get()
    assert gone.value.response_status_code == 404


def raw(local_tenant: LocalTenantHandle, group_id: str, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "displayName": "Guests",
        "scope": {
            "@odata.type": "#microsoft.graph.accessReviewQueryScope",
            "query": guests_scope(group_id),
            "queryType": "MicrosoftGraph",
        },
        "reviewers": [{"query": f"/groups/{group_id}/owners", "queryType": "MicrosoftGraph"}],
        "settings": {
            "defaultDecisionEnabled": True,
            "defaultDecision": "Deny",
            "autoApplyDecisionsEnabled": True,
            "instanceDurationInDays": 3,
            "recurrence": {
                "pattern": {"type": "weekly", "interval": 1},
                "range": {"type": "noEnd", "startDate": today(local_tenant).isoformat()},
            },
        },
    }
    body.update(changes)
    return body


@pytest.mark.parametrize(
    ("change", "status", "says"),
    [
        ({"displayName": ""}, 400, "displayName"),
        ({"scope": {**QUERY_SCOPE, "query": "/users"}}, 400, "scope.query"),
        (
            {
                "scope": {
                    **QUERY_SCOPE,
                    "query": guests_scope("0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"),
                }
            },
            404,
            "",
        ),
        ({"scope": {"query": "/users"}}, 400, "accessReviewScope"),
        ({"reviewers": [{"query": "/me", "queryType": "MicrosoftGraph"}]}, 400, "Reviewer"),
        ({"settings.defaultDecision": "Remove"}, 400, "Deny"),
        ({"settings.instanceDurationInDays": 8}, 400, "longer than the recurrence"),
        ({"settings.instanceDurationInDays": 0}, 400, "instanceDurationInDays"),
        ({"settings.recurrence.pattern.type": "daily"}, 400, "pattern.type"),
        ({"settings.recurrence.range.startDate": "2001-01-01"}, 400, "in the past"),
    ],
)
def test_graph_refuses(
    local_tenant: LocalTenantHandle,
    unified_group: Group,
    change: dict[str, Any],
    status: int,
    says: str,
) -> None:
    body = raw(local_tenant, str(unified_group.id))
    for key, value in change.items():
        *path, last = key.split(".")
        target = body
        for part in path:
            target = target[part]
        target[last] = value
    answered = httpx.post(
        f"{local_tenant.base_url}{DEFINITIONS}",
        json=body,
        headers={"Authorization": f"Bearer {local_tenant.token()}"},
    )
    assert answered.status_code == status, answered.text
    assert says in answered.json()["error"]["message"]


async def test_decisions_only_while_the_instance_runs(
    local_tenant: LocalTenantHandle,
    graph_client: GraphServiceClient,
    unified_group: Group,
    guest_ids: list[str],
    user_ids: list[str],
) -> None:
    reviews = graph_client.identity_governance.access_reviews.definitions
    created = await reviews.post(definition(str(unified_group.id), today(local_tenant)))
    assert created is not None and created.id
    instances = await reviews.by_access_review_schedule_definition_id(created.id).instances.get()
    assert instances is not None and instances.value
    instance = str(instances.value[0].id)
    assert decide(local_tenant, instance, guest_ids[0], "Maybe", user_ids[0]).status_code == 400
    assert decide(local_tenant, instance, user_ids[5], "Approve", user_ids[0]).status_code == 404
    advance(local_tenant, 3.01)
    assert decide(local_tenant, instance, guest_ids[0], "Approve", user_ids[0]).status_code == 400
