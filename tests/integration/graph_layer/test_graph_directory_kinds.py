"""Groups, group licences and guest invitations through the providers, on the local tenant."""

from __future__ import annotations

import pytest

from tests.integration.graph_layer.conftest import MakeProvider, lifecycle, members
from tests.support.local_tenant_fixture import LocalTenantHandle

pytestmark = pytest.mark.integration


def test_a_unified_group_with_owners_and_members(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    owners = members(local_tenant, 4)
    inputs = {
        "display_name": "Finance",
        "mail_nickname": "finance",
        "description": "Finance directorate",
        "kind": "unified",
        "visibility": "private",
        "owners": owners[:2],
        "members": owners[2:4],
        "retain_on_delete": False,
    }

    outcome = lifecycle(
        provider("Group"),
        inputs,
        {"display_name": "Finances", "owners": owners[1:3], "members": owners[3:4]},
    )

    assert outcome.read["object_id"] == outcome.id
    assert outcome.reread["display_name"] == "Finances"
    assert sorted(outcome.reread["owners"]) == sorted(o.lower() for o in owners[1:3])
    assert (
        local_tenant.admin.graph("GET", "/groups?$filter=mailNickname eq 'finance'")["value"] == []
    )


@pytest.mark.parametrize(("owner_count", "member_count"), [(12, 8), (12, 9), (3, 40), (25, 0)])
def test_a_group_binds_at_most_twenty_owners_and_members_together_and_links_the_rest(
    local_tenant: LocalTenantHandle, provider: MakeProvider, owner_count: int, member_count: int
) -> None:
    people = members(local_tenant, owner_count + member_count)
    owners, joined = people[:owner_count], people[owner_count:]
    group = provider("Group")
    created = group.create(
        group.check(
            {},
            {
                "display_name": "Grande équipe",
                "mail_nickname": f"big-{owner_count}-{member_count}",
                "owners": owners,
                "members": joined,
            },
        ).inputs
    )

    def upns(link: str) -> list[str]:
        page = local_tenant.admin.graph(
            "GET", f"/groups/{created.id}/{link}?$select=userPrincipalName&$top=999"
        )
        return sorted(str(u["userPrincipalName"]).lower() for u in page["value"])

    assert upns("owners") == sorted(o.lower() for o in owners)
    assert upns("members") == sorted(m.lower() for m in joined)


def test_a_dynamic_security_group(provider: MakeProvider) -> None:
    rule = '(user.department -eq "Finance")'
    inputs = {
        "display_name": "All finance",
        "mail_nickname": "all-finance",
        "kind": "security",
        "membership_rule": rule,
    }
    outcome = lifecycle(
        provider("Group"), inputs, {"membership_rule": '(user.department -eq "Budget")'}
    )
    assert outcome.reread["membership_rule"] == '(user.department -eq "Budget")'


def test_a_unified_group_is_kept_on_delete_by_default(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    group = provider("Group")
    created = group.create(
        group.check({}, {"display_name": "Kept", "mail_nickname": "kept"}).inputs
    )
    group.delete(created.id, created.outs)
    assert local_tenant.admin.graph("GET", f"/groups/{created.id}")["id"] == created.id


def test_a_group_licence_with_disabled_plans(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    sku = local_tenant.admin.graph("GET", "/subscribedSkus")["value"][0]
    plans = [p["servicePlanName"] for p in sku["servicePlans"]]
    group = provider("Group", roles=["Group.ReadWrite.All", "User.Read.All"])
    made = group.create(
        group.check(
            {}, {"display_name": "Licensed", "mail_nickname": "licensed", "kind": "security"}
        ).inputs
    )

    outcome = lifecycle(
        provider("GroupLicence"),
        {"group_id": made.id, "sku": sku["skuPartNumber"], "disabled_plans": plans[:1]},
        {"disabled_plans": plans[1:2]},
    )

    assert outcome.reread["disabled_plans"] == [plans[1]]  # as declared: equal in normal form
    licences = local_tenant.admin.graph("GET", f"/groups/{made.id}?$select=assignedLicenses")
    assert licences["assignedLicenses"] == []


def test_a_guest_invitation(local_tenant: LocalTenantHandle, provider: MakeProvider) -> None:
    inputs = {
        "email": "ana.ruiz@partner.example",
        "display_name": "Ana Ruiz",
        "retain_on_delete": True,
    }
    outcome = lifecycle(provider("GuestInvitation"), inputs, {"display_name": "Ana Ruiz (Partner)"})
    assert outcome.created["user_id"] == outcome.id
    assert outcome.reread["display_name"] == "Ana Ruiz (Partner)"
    user = local_tenant.admin.graph("GET", f"/users/{outcome.id}?$select=userType")
    assert user["userType"] == "Guest"


def test_an_invitation_sent_twice_leaves_one_guest(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    guest = provider("GuestInvitation")
    inputs = guest.check({}, {"email": "li.wei@partner.example", "display_name": "Li Wei"}).inputs
    first, second = guest.create(inputs), guest.create(inputs)
    assert first.id == second.id
    found = local_tenant.admin.graph("GET", "/users?$filter=mail eq 'li.wei@partner.example'")
    assert len(found["value"]) == 1


def test_deleting_an_invitation_deletes_the_guest(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    guest = provider("GuestInvitation")
    made = guest.create(
        guest.check({}, {"email": "jo@partner.example", "display_name": "Jo"}).inputs
    )
    guest.delete(made.id, made.outs)
    assert guest.read(made.id, made.outs).id == ""


def test_a_read_changes_only_what_changed_in_the_tenant(
    local_tenant: LocalTenantHandle, provider: MakeProvider
) -> None:
    people = members(local_tenant, 5)
    group = provider("Group")
    inputs = {
        "display_name": "Équipe d'été",
        "mail_nickname": "ete",
        "visibility": "private",
        "owners": [people[1].upper(), people[0]],
        "members": people[2:4],
    }
    created = group.create(group.check({}, inputs).inputs)
    group_id = created.id
    other = local_tenant.admin.graph("GET", f"/users/{people[4]}")["id"]
    ref = {"@odata.id": f"https://graph.microsoft.com/v1.0/directoryObjects/{other}"}
    local_tenant.admin.graph("POST", f"/groups/{group_id}/owners/$ref", ref)
    assert local_tenant.admin.graph("GET", f"/groups/{group_id}")["visibility"] == "Private"

    read = group.read(group_id, created.outs)

    assert read.inputs is not None
    changed = {name for name, value in read.inputs.items() if value != created.outs.get(name)}
    assert changed == {"owners"}
    live_owners = sorted(owner.lower() for owner in read.inputs["owners"])
    assert live_owners == sorted(p.lower() for p in [*people[:2], people[4]])
    assert group.diff(group_id, read.outs, created.outs).changes is True
