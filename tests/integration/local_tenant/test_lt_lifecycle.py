"""The group lifecycle policy over HTTP with msgraph-sdk: one policy per tenant, the groups it
manages, renewal, and expiry as the tenant's clock moves (the admin API's ``/_admin/clock``)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from msgraph import GraphServiceClient
from msgraph.generated.group_lifecycle_policies.item.add_group.add_group_post_request_body import (
    AddGroupPostRequestBody,
)
from msgraph.generated.group_lifecycle_policies.item.remove_group.remove_group_post_request_body import (  # noqa: E501
    RemoveGroupPostRequestBody,
)
from msgraph.generated.models.group import Group
from msgraph.generated.models.group_lifecycle_policy import GroupLifecyclePolicy
from msgraph.generated.models.o_data_errors.o_data_error import ODataError

from tests.support.local_tenant_fixture import LocalTenantHandle

pytestmark = [pytest.mark.integration, pytest.mark.filterwarnings("ignore::DeprecationWarning")]


def policy(lifetime: int = 180, managed: str = "All") -> GroupLifecyclePolicy:
    return GroupLifecyclePolicy(
        group_lifetime_in_days=lifetime,
        managed_group_types=managed,
        alternate_notification_emails="it-ops@contoso.example;o'brien@contoso.example",
    )


def advance(local_tenant: LocalTenantHandle, days: float) -> None:
    answered = local_tenant.admin.call("POST", "/_admin/clock", {"days": days})
    assert answered.status_code == 200, answered.text


async def security_group(graph_client: GraphServiceClient) -> Group:
    created = await graph_client.groups.post(
        Group(
            display_name="Sécurité d'accès",
            mail_enabled=False,
            mail_nickname="securite",
            security_enabled=True,
        )
    )
    assert created is not None
    return created


async def test_a_policy_for_all_sets_each_unified_groups_expiry(
    graph_client: GraphServiceClient, unified_group: Group
) -> None:
    created = await graph_client.group_lifecycle_policies.post(policy(180))
    assert created is not None and created.id
    assert created.alternate_notification_emails == (
        "it-ops@contoso.example;o'brien@contoso.example"
    )
    group = await graph_client.groups.by_group_id(str(unified_group.id)).get()
    assert group is not None and group.renewed_date_time and group.expiration_date_time
    assert group.expiration_date_time - group.renewed_date_time == timedelta(days=180)
    listed = await graph_client.group_lifecycle_policies.get()
    assert listed is not None and [p.id for p in listed.value or []] == [created.id]


async def test_security_groups_never_expire(graph_client: GraphServiceClient) -> None:
    await graph_client.group_lifecycle_policies.post(policy(30))
    group = await security_group(graph_client)
    read = await graph_client.groups.by_group_id(str(group.id)).get()
    assert read is not None and read.expiration_date_time is None


async def test_one_policy_per_tenant_and_the_lifetime_is_at_least_30_days(
    graph_client: GraphServiceClient,
) -> None:
    with pytest.raises(ODataError) as short:
        await graph_client.group_lifecycle_policies.post(policy(29))
    assert short.value.response_status_code == 400
    assert "groupLifetimeInDays" in str(short.value.error and short.value.error.message)
    await graph_client.group_lifecycle_policies.post(policy(30))
    with pytest.raises(ODataError) as second:
        await graph_client.group_lifecycle_policies.post(policy(365))
    assert second.value.response_status_code == 400


async def test_an_unknown_managed_group_type_is_refused(graph_client: GraphServiceClient) -> None:
    with pytest.raises(ODataError) as refused:
        await graph_client.group_lifecycle_policies.post(policy(180, "Some"))
    assert refused.value.response_status_code == 400


async def test_a_selected_policy_manages_only_the_groups_added(
    graph_client: GraphServiceClient, unified_group: Group
) -> None:
    created = await graph_client.group_lifecycle_policies.post(policy(90, "Selected"))
    assert created is not None
    item = graph_client.group_lifecycle_policies.by_group_lifecycle_policy_id(str(created.id))
    group = graph_client.groups.by_group_id(str(unified_group.id))
    before = await group.get()
    assert before is not None and before.expiration_date_time is None
    added = await item.add_group.post(AddGroupPostRequestBody(group_id=unified_group.id))
    assert added is not None and added.value is True
    during = await group.get()
    assert during is not None and during.expiration_date_time is not None
    removed = await item.remove_group.post(RemoveGroupPostRequestBody(group_id=unified_group.id))
    assert removed is not None and removed.value is True
    after = await group.get()
    assert after is not None and after.expiration_date_time is None
    with pytest.raises(ODataError) as again:
        await item.remove_group.post(RemoveGroupPostRequestBody(group_id=unified_group.id))
    assert again.value.response_status_code == 404


async def test_only_microsoft_365_groups_can_be_added(graph_client: GraphServiceClient) -> None:
    created = await graph_client.group_lifecycle_policies.post(policy(90, "Selected"))
    assert created is not None
    group = await security_group(graph_client)
    item = graph_client.group_lifecycle_policies.by_group_lifecycle_policy_id(str(created.id))
    with pytest.raises(ODataError) as refused:
        await item.add_group.post(AddGroupPostRequestBody(group_id=group.id))
    assert refused.value.response_status_code == 400


async def test_update_and_delete_move_every_expiry(
    graph_client: GraphServiceClient, unified_group: Group
) -> None:
    created = await graph_client.group_lifecycle_policies.post(policy(180))
    assert created is not None
    item = graph_client.group_lifecycle_policies.by_group_lifecycle_policy_id(str(created.id))
    updated = await item.patch(GroupLifecyclePolicy(group_lifetime_in_days=365))
    assert updated is not None and updated.group_lifetime_in_days == 365
    group = await graph_client.groups.by_group_id(str(unified_group.id)).get()
    assert group is not None and group.expiration_date_time and group.renewed_date_time
    assert group.expiration_date_time - group.renewed_date_time == timedelta(days=365)
    await item.delete()
    group = await graph_client.groups.by_group_id(str(unified_group.id)).get()
    assert group is not None and group.expiration_date_time is None
    with pytest.raises(ODataError) as gone:
        await item.get()
    assert gone.value.response_status_code == 404


async def test_renew_restarts_the_lifetime_at_the_tenants_clock(
    local_tenant: LocalTenantHandle, graph_client: GraphServiceClient, unified_group: Group
) -> None:
    await graph_client.group_lifecycle_policies.post(policy(180))
    advance(local_tenant, 100)
    await graph_client.groups.by_group_id(str(unified_group.id)).renew.post()
    group = await graph_client.groups.by_group_id(str(unified_group.id)).get()
    clock = datetime.fromisoformat(local_tenant.admin.call("GET", "/_admin/clock").json()["now"])
    assert group is not None and group.renewed_date_time and group.expiration_date_time
    assert abs(group.renewed_date_time - clock) < timedelta(minutes=1)
    assert group.expiration_date_time - group.renewed_date_time == timedelta(days=180)


async def test_an_expired_group_is_soft_deleted_and_restorable(
    local_tenant: LocalTenantHandle, graph_client: GraphServiceClient, unified_group: Group
) -> None:
    await graph_client.group_lifecycle_policies.post(policy(30))
    renewed = await security_group(graph_client)
    advance(local_tenant, 29)
    assert await graph_client.groups.by_group_id(str(unified_group.id)).get() is not None
    advance(local_tenant, 1.01)
    with pytest.raises(ODataError) as gone:
        await graph_client.groups.by_group_id(str(unified_group.id)).get()
    assert gone.value.response_status_code == 404
    assert await graph_client.groups.by_group_id(str(renewed.id)).get() is not None
    deleted_item = graph_client.directory.deleted_items.by_directory_object_id(
        str(unified_group.id)
    )
    deleted = await deleted_item.get()
    assert deleted is not None and deleted.deleted_date_time is not None
    restored = await deleted_item.restore.post()
    assert restored is not None
    group = await graph_client.groups.by_group_id(str(unified_group.id)).get()
    assert group is not None and group.expiration_date_time is not None
    advance(local_tenant, 1)
    assert await graph_client.groups.by_group_id(str(unified_group.id)).get() is not None


async def test_a_renewed_group_outlives_the_first_expiry(
    local_tenant: LocalTenantHandle, graph_client: GraphServiceClient, unified_group: Group
) -> None:
    await graph_client.group_lifecycle_policies.post(policy(30))
    advance(local_tenant, 20)
    await graph_client.groups.by_group_id(str(unified_group.id)).renew.post()
    advance(local_tenant, 20)
    assert await graph_client.groups.by_group_id(str(unified_group.id)).get() is not None


def test_the_clock_only_moves_forward(local_tenant: LocalTenantHandle) -> None:
    before = local_tenant.admin.call("GET", "/_admin/clock").json()["offsetSeconds"]
    moved = local_tenant.admin.call("POST", "/_admin/clock", {"hours": 1, "seconds": 30})
    assert moved.status_code == 200 and moved.json()["offsetSeconds"] == before + 3630
    for body in ({"days": -1}, {"days": "x"}, {"weeks": 1}, {}):
        answered = local_tenant.admin.call("POST", "/_admin/clock", body)
        assert answered.status_code == 400, body
