"""`--live` facts read from the local tenant through the shared Graph client: which owners
the directory has, and the seats of each subscription; read with only the two permissions
they need."""

from __future__ import annotations

import pytest

from tenantctl.components.directory import GroupProvider
from tenantctl.generate.local_directory import LocalTenantEndpoint, seed_directory
from tenantctl.governance import Subject, evaluate
from tenantctl.governance.live import read_facts
from tenantctl.governance.plan import plan_resources
from tenantctl.graph import client_from, lookup_from
from tenantctl.stack.project import load_stack
from tests.support.local_tenant_fixture import LocalTenantHandle

pytestmark = pytest.mark.integration

READ_ROLES = ["User.Read.All", "LicenseAssignment.Read.All"]


def endpoint(tenant: LocalTenantHandle) -> LocalTenantEndpoint:
    return LocalTenantEndpoint(
        base_url=tenant.base_url,
        admin_url=f"{tenant.root_url}/_admin",
        admin_token=tenant.server.admin_token,
        authority=tenant.authority,
        certificate=str(tenant.certificate),
        tenant_id=tenant.tenant_id,
    )


async def test_owners_and_seats_come_from_the_tenant(local_tenant: LocalTenantHandle) -> None:
    demo = load_stack("demo").tenant
    seed_directory(endpoint(local_tenant), demo)
    gone = "marc.delorme@montaurel.fr"
    local_tenant.admin.call("DELETE", f"/v1.0/users/{gone}").raise_for_status()
    settings = {
        "graphBaseUrl": local_tenant.base_url,
        "credential": "token",
        "accessToken": local_tenant.token(READ_ROLES),
    }

    async with client_from(lookup_from(settings, {})) as client:
        facts = await read_facts(client, demo)

    assert gone not in facts.directory
    assert "julien.carrel@montaurel.fr" in facts.directory
    skus = local_tenant.admin.graph("GET", "/subscribedSkus")["value"]
    assert facts.seats == {s["skuPartNumber"]: s["prepaidUnits"]["enabled"] for s in skus}
    found = evaluate(Subject(demo, directory=facts.directory, seats=facts.seats))
    assert [f"{v.rule}: {v.subject}: {v.message}" for v in found] == [
        f"team-owners: spaces[renovation-ecole].owners: owner '{gone}' is not in the "
        "tenant's directory"
    ]


@pytest.mark.parametrize("provider", ["azuread", "graph"])
async def test_live_facts_judge_the_planned_stack_alike_with_either_provider(
    local_tenant: LocalTenantHandle, provider: GroupProvider
) -> None:
    demo = load_stack("demo").tenant
    seed_directory(endpoint(local_tenant), demo)
    gone = "marc.delorme@montaurel.fr"
    local_tenant.admin.call("DELETE", f"/v1.0/users/{gone}").raise_for_status()
    settings = {
        "graphBaseUrl": local_tenant.base_url,
        "credential": "token",
        "accessToken": local_tenant.token(READ_ROLES),
    }
    async with client_from(lookup_from(settings, {})) as client:
        facts = await read_facts(client, demo)

    planned = plan_resources(demo, provider)
    found = evaluate(Subject(demo, planned, directory=facts.directory, seats=facts.seats))

    assert {r.kind for r in planned} >= (
        {"Group", "GroupLicense", "Invitation"}
        if provider == "azuread"
        else {"Group", "GroupLicence", "GuestInvitation"}
    )
    assert [f"{v.rule}: {v.subject}: {v.message}" for v in found] == [
        f"team-owners: spaces[renovation-ecole].owners: owner '{gone}' is not in the "
        "tenant's directory"
    ]
