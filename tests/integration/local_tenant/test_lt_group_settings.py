"""The Group.Unified directory setting over HTTP with msgraph-sdk: the naming and creation
policy values are checked against their template's types and Entra ID's rules, and an
application creating a group with application permissions is not held to them (the naming
policy applies to groups created by users: learn.microsoft.com/entra/identity/users/
groups-naming-policy)."""

from __future__ import annotations

import httpx
import pytest
from msgraph import GraphServiceClient
from msgraph.generated.models.group import Group
from msgraph.generated.models.group_setting import GroupSetting
from msgraph.generated.models.o_data_errors.o_data_error import ODataError
from msgraph.generated.models.setting_value import SettingValue

from tests.support.local_tenant_fixture import LocalTenantHandle

pytestmark = [pytest.mark.integration, pytest.mark.filterwarnings("ignore::DeprecationWarning")]

UNIFIED = "62375ab9-6b52-47ed-826b-58e47e0e304b"
ALLOWED_GROUP = "5a6f0c2e-8b1d-4f3a-9e7c-2d4b6a8c0e1f"


def setting(**values: str) -> GroupSetting:
    return GroupSetting(
        template_id=UNIFIED,
        values=[SettingValue(name=name, value=value) for name, value in values.items()],
    )


async def test_the_naming_and_creation_policy_is_stored(graph_client: GraphServiceClient) -> None:
    created = await graph_client.group_settings.post(
        setting(
            PrefixSuffixNamingRequirement="GRP_[GroupName]_[Department]",
            CustomBlockedWordsList="CEO,Payroll,Ressources humaines,O'Neil",
            EnableGroupCreation="false",
            GroupCreationAllowedGroupId=ALLOWED_GROUP,
            UsageGuidelinesUrl="https://intranet.contoso.example/groupes?lang=fr",
        )
    )
    assert created is not None and created.id
    read = await graph_client.group_settings.by_group_setting_id(created.id).get()
    assert read is not None
    values = {v.name: v.value for v in read.values or []}
    assert values["PrefixSuffixNamingRequirement"] == "GRP_[GroupName]_[Department]"
    assert values["CustomBlockedWordsList"] == "CEO,Payroll,Ressources humaines,O'Neil"
    assert values["EnableGroupCreation"] == "false"
    assert values["GroupCreationAllowedGroupId"] == ALLOWED_GROUP


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("EnableGroupCreation", "no", "true or false"),
        ("GroupCreationAllowedGroupId", "Group creators", "GUID"),
        ("PrefixSuffixNamingRequirement", "GRP_[Department]", "[GroupName]"),
        ("PrefixSuffixNamingRequirement", "[GroupName]_[GroupName]", "[GroupName]"),
        ("PrefixSuffixNamingRequirement", "P" * 51 + "_[GroupName]_" + "S", "53"),
        ("CustomBlockedWordsList", ",".join(f"w{i}" for i in range(5001)), "5000"),
        ("NamingPolicy", "x", "not defined"),
    ],
)
async def test_values_graph_refuses(
    graph_client: GraphServiceClient, name: str, value: str, says: str
) -> None:
    with pytest.raises(ODataError) as refused:
        await graph_client.group_settings.post(setting(**{name: value}))
    assert refused.value.response_status_code == 400
    assert says in str(refused.value.error and refused.value.error.message)


async def test_limits_hit_exactly_are_accepted(graph_client: GraphServiceClient) -> None:
    created = await graph_client.group_settings.post(
        setting(
            PrefixSuffixNamingRequirement="P" * 40 + "_[GroupName]_" + "S" * 11,
            CustomBlockedWordsList=",".join(f"w{i}" for i in range(5000)),
        )
    )
    assert created is not None and created.id


async def test_a_change_is_checked_too(
    graph_client: GraphServiceClient, local_tenant: LocalTenantHandle
) -> None:
    created = await graph_client.group_settings.post(setting(EnableGroupCreation="true"))
    assert created is not None and created.id
    answered = httpx.patch(
        f"{local_tenant.base_url}/groupSettings/{created.id}",
        json={"values": [{"name": "EnableGroupCreation", "value": "maybe"}]},
        headers={"Authorization": f"Bearer {local_tenant.token()}"},
    )
    assert answered.status_code == 400


async def test_an_application_is_not_held_to_the_naming_or_creation_policy(
    graph_client: GraphServiceClient,
) -> None:
    await graph_client.group_settings.post(
        setting(
            PrefixSuffixNamingRequirement="GRP_[GroupName]",
            CustomBlockedWordsList="Payroll",
            EnableGroupCreation="false",
        )
    )
    group = await graph_client.groups.post(
        Group(
            display_name="Payroll d'été",
            mail_enabled=True,
            mail_nickname="payroll-ete",
            security_enabled=False,
            group_types=["Unified"],
        )
    )
    assert group is not None and group.display_name == "Payroll d'été"
    assert group.mail_nickname == "payroll-ete"
