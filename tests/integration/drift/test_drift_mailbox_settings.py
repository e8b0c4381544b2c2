"""`tenantctl drift` on a scope's mailbox settings: the users' settings read in batches, a user
changed by hand reported as a count and the first names, the same under both group
providers' states (pulumi-azuread has no mailbox settings: the Graph layer's kind is in both)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from tenantctl.jobs.exit_codes import ExitCode
from tests.support.azuread_state import as_azuread
from tests.support.local_tenant_fixture import LocalTenantHandle
from tests.support.synthetic_stack import RunDrift, SyntheticStack

pytestmark = pytest.mark.integration

FRENCH = {
    "language": "fr-FR",
    "time_zone": "Romance Standard Time",
    "date_format": "dd/MM/yyyy",
    "time_format": "HH:mm",
    "working_days": ["monday", "tuesday", "wednesday", "thursday", "friday"],
    "working_start": "08:30",
    "working_end": "17:30",
    "working_time_zone": "Romance Standard Time",
}


def licensed(tenant: LocalTenantHandle) -> list[str]:
    """UPNs of the seeded members licensed directly (they have a mailbox)."""
    query = "/users?$select=userPrincipalName,userType,assignedLicenses&$top=999"
    users = tenant.admin.graph("GET", query)["value"]
    return sorted(
        str(u["userPrincipalName"]).lower()
        for u in users
        if u["userType"] == "Member" and u["assignedLicenses"]
    )


def _states(tenant: LocalTenantHandle, stack: SyntheticStack) -> tuple[Path, Path, list[str]]:
    """A directorate's agents group and its mailbox settings, as the Graph layer's state and
    as the azuread backend's."""
    tenant.admin.reset({"users": 80, "direct_licence_share": 0.6})
    agents = licensed(tenant)
    group = stack.tenant_wide(
        "Group",
        "directorate-eau-agents",
        {
            "display_name": "Eau — agents",
            "mail_nickname": "TST-EAU",
            "kind": "security",
            "members": agents,
        },
    )
    stack.tenant_wide(
        "MailboxSettings",
        "mailbox-settings-eau",
        {"scope": "EAU", "groups": [group["id"]], **FRENCH},
    )
    graph = stack.export()
    azuread = graph.with_name("azuread.json")
    azuread.write_text(json.dumps(as_azuread(json.loads(graph.read_text()), tenant)))
    return graph, azuread, agents


def test_a_user_changed_by_hand_is_counted_and_named_under_both_providers_states(
    local_tenant: LocalTenantHandle, synthetic_stack: SyntheticStack, run_drift: RunDrift
) -> None:
    graph, azuread, agents = _states(local_tenant, synthetic_stack)
    untouched = run_drift(graph)
    assert untouched.code == ExitCode.OK, untouched.result.output
    changed = agents[1]
    local_tenant.admin.graph(
        "PATCH",
        f"/users/{changed}/mailboxSettings",
        {"timeZone": "UTC", "workingHours": {"endTime": "19:00:00.0000000"}},
    )

    for state in (graph, azuread):
        local_tenant.admin.call("DELETE", "/_admin/counters")
        run = run_drift(state)

        assert run.code == ExitCode.ATTENTION, run.result.output
        assert run.drifted == {("mailbox-settings-eau", "differing")}
        finding = next(f for f in run.report["drift"] if f["property"] == "differing")
        assert finding["expected"] == ""
        assert finding["live"] == (
            f"1 of {len(agents)} users differ: {changed} (time_zone, working_end)"
        )
        batches = int(local_tenant.admin.counters()["routes"].get("batch.batch", 0))
        assert batches <= math.ceil(len(agents) / 20) + 2


def test_thousands_of_differing_users_stay_one_line(
    local_tenant: LocalTenantHandle, synthetic_stack: SyntheticStack, run_drift: RunDrift
) -> None:
    graph, _, agents = _states(local_tenant, synthetic_stack)
    for upn in agents:
        local_tenant.admin.graph("PATCH", f"/users/{upn}/mailboxSettings", {"timeFormat": "H:mm"})

    run = run_drift(graph)

    finding = next(f for f in run.report["drift"] if f["property"] == "differing")
    first = ", ".join(f"{upn} (time_format)" for upn in agents[:3])
    assert finding["live"] == f"{len(agents)} of {len(agents)} users differ: {first} …"
    assert run.result.output.count("(time_format)") <= 2 * 3


def test_exchange_groups_are_counted_as_not_managed_and_never_fail_the_job(
    local_tenant: LocalTenantHandle, synthetic_stack: SyntheticStack, run_drift: RunDrift
) -> None:
    graph, azuread, _ = _states(local_tenant, synthetic_stack)
    local_tenant.admin.call(
        "POST",
        "/_admin/seed",
        {"seed": 7, "users": 2, "guests": 0, "distribution_lists": 3, "departments": ["Élus"]},
    ).raise_for_status()

    for state in (graph, azuread):
        run = run_drift(state)

        assert run.code == ExitCode.OK, run.result.output
        assert run.report["drift"] == [] and run.report["unmanaged"] == []
        assert run.report["counts"]["not_managed"] == {
            "distribution list": 2,
            "mail-enabled security group": 1,
        }
        assert (
            "Not managed: 2 distribution lists and 1 mail-enabled security group, which "
            "Exchange Online manages"
        ) in run.result.output
