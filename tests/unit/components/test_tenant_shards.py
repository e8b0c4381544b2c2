"""A tenant split into shards: each resource of the whole stack is declared by exactly one
shard, under the same name, and a shard takes the ids it needs from the tenant-wide shard's
stack (a stack reference), under both group providers."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest

from tenantctl.components.shared import DIRECTORATE_IDS, GROUP_EXPIRY_ID, GUEST_IDS
from tenantctl.model import Tenant
from tenantctl.model.shards import TENANT_WIDE, Split
from tenantctl.stack.project import load_stack
from tests.unit.components.conftest import STACK_REFERENCE, Declared, declare

PROVIDERS = ("azuread", "graph")


@cache
def city() -> Tenant:
    return load_stack("city_metropolis").tenant


def tenant_wide_outputs(tenant: Tenant) -> dict[str, Any]:
    """What the tenant-wide stack exports, as the other shards read it."""
    emails = {g.email.lower() for p in tenant.partners for g in p.guests}
    guests = {email: f"guest:{email}" for email in emails}
    creators = tenant.tenant.group_policy.creators
    return {
        GUEST_IDS: guests,
        GROUP_EXPIRY_ID: "policy:expiry",
        DIRECTORATE_IDS: {creators: f"group:{creators}"},
    }


def shard_of(tenant: Tenant, provider: str, shard: str) -> list[Declared]:
    references = {"test-tenant": tenant_wide_outputs(tenant)}
    return declare(tenant, provider, shard=shard, references=references)


def names(declared: list[Declared]) -> set[tuple[str, str]]:
    return {(d.type, d.name) for d in declared if d.type != STACK_REFERENCE}


@pytest.mark.parametrize("provider", PROVIDERS)
def test_every_resource_of_the_city_is_declared_by_exactly_one_shard(provider: str) -> None:
    tenant = city()
    whole = names(declare(tenant, provider))
    shards = {key: names(shard_of(tenant, provider, key)) for key in Split(tenant).keys}
    assert set(shards) == {TENANT_WIDE, "ville", "metropole"}
    assert sum(len(found) for found in shards.values()) == len(whole)
    assert set().union(*shards.values()) == whole
    assert all(found for found in shards.values())


def test_the_tenant_wide_shard_holds_settings_partners_licences_and_the_group_creators() -> None:
    tenant = city()
    wide = shard_of(tenant, "graph", TENANT_WIDE)
    kinds = {d.type.removeprefix("tenantctl:") for d in wide}
    assert {"TenantSharingSettings", "TenantGroupSettings", "GroupLifecyclePolicy"} <= kinds
    assert {"CrossTenantPartner", "GuestInvitation", "GroupLicence"} <= kinds
    assert {"Team", "Channel", "SiteSharing", "MailboxSettings"}.isdisjoint(kinds)
    assert STACK_REFERENCE not in kinds
    agents = sorted(d.name for d in wide if d.name.endswith("-agents"))
    assert agents == ["directorate-dsi-agents"]
    licences = [d for d in wide if d.type == "tenantctl:GroupLicence"]
    assert len(licences) == len(tenant.licence_groups)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_an_organisation_shard_takes_guest_and_policy_ids_from_the_tenant_wide_stack(
    provider: str,
) -> None:
    tenant = city()
    split = Split(tenant)
    declared = shard_of(tenant, provider, "metropole")
    references = [d for d in declared if d.type == STACK_REFERENCE]
    assert [d.name.rsplit("/", 1)[-1] for d in references] == ["test-tenant"]
    guests = {
        email.lower() for s in tenant.spaces if split.space(s) == "metropole" for email in s.guests
    }
    assert guests, "the metropole shard has a partner space with guests"
    members = [d for d in declared if d.type == "tenantctl:TeamMember"]
    assert {d.inputs["user"] for d in members} == {f"guest:{e}" for e in guests}
    expiring = [d for d in declared if d.type == "tenantctl:GroupLifecyclePolicyGroup"]
    assert expiring and {d.inputs["policy_id"] for d in expiring} == {"policy:expiry"}
    invitations = ("tenantctl:GuestInvitation", "azuread:index/invitation:Invitation")
    assert not [d for d in declared if d.type in invitations]


def test_a_shard_whose_tenant_wide_stack_lacks_an_output_says_to_deploy_it_first() -> None:
    tenant = city()
    with pytest.raises(Exception, match=r"exports no 'guest_ids': deploy it first"):
        outputs = {GROUP_EXPIRY_ID: "policy", DIRECTORATE_IDS: {"DSI": "group"}}
        declare(tenant, "graph", shard="metropole", references={"test-tenant": outputs})


@pytest.mark.parametrize("provider", PROVIDERS)
def test_an_organisations_unit_and_mailbox_settings_are_its_shards_the_creators_group_read(
    provider: str,
) -> None:
    """Each organisation's administrative unit and mailbox settings are its shard's; metropole's
    settings cover the DSI's group too, which creates groups and is declared tenant-wide: its id
    is the tenant-wide stack's output."""
    tenant = city()
    creators = tenant.tenant.group_policy.creators
    assert creators == "DSI" and Split(tenant).organisation("metropole") == "metropole"
    by_shard = {key: shard_of(tenant, provider, key) for key in Split(tenant).keys}
    settings = {
        key: sorted(d.name for d in found if d.type == "tenantctl:MailboxSettings")
        for key, found in by_shard.items()
    }
    assert settings == {
        TENANT_WIDE: [],
        "ville": ["mailbox-settings-ville"],
        "metropole": ["mailbox-settings-eau", "mailbox-settings-metropole"],
    }
    (metropole,) = [d for d in by_shard["metropole"] if d.name == "mailbox-settings-metropole"]
    assert f"group:{creators}" in metropole.inputs["groups"]
    units = {
        key: [d.name for d in found if d.name.endswith("-unit")] for key, found in by_shard.items()
    }
    assert units[TENANT_WIDE] == [] and len(units["ville"]) == len(units["metropole"]) == 1
