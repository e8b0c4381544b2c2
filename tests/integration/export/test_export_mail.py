"""Exporting mail: each directorate's most common mailbox settings written back as the
description, and Exchange Online's distribution lists and mail-enabled security groups listed
as not managed."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tenantctl.stack.project import load_stack_data
from tests.integration.export.brownfield import Brownfield, upn
from tests.integration.export.conftest import run_export
from tests.support.local_tenant_fixture import LocalTenantHandle

pytestmark = pytest.mark.integration

E3 = "05e9a617-0261-4cee-bb44-138d3ef5d965"
FRENCH = {
    "language": {"locale": "fr-FR"},
    "timeZone": "Romance Standard Time",
    "dateFormat": "dd/MM/yyyy",
    "timeFormat": "HH:mm",
    "workingHours": {
        "daysOfWeek": ["monday", "tuesday", "wednesday", "thursday", "friday"],
        "startTime": "08:30:00.0000000",
        "endTime": "17:30:00.0000000",
        "timeZone": {"name": "Romance Standard Time"},
    },
}


def mailboxes(tenant: LocalTenantHandle, names: list[str]) -> None:
    """Licence the agents for Exchange and let their mailboxes be made."""
    for name in names:
        tenant.admin.graph(
            "POST",
            f"/users/{upn(name)}/assignLicense",
            {"addLicenses": [{"skuId": E3, "disabledPlans": []}], "removeLicenses": []},
        )
    tenant.admin.call("POST", "/_admin/clock", {"seconds": 300}).raise_for_status()


async def test_each_directorate_gets_its_agents_most_common_settings(
    local_tenant: LocalTenantHandle, brownfield: Brownfield, tmp_path: Path
) -> None:
    mailboxes(local_tenant, ["rh.un", "rh.deux", "rh.trois", "tech.un"])
    for name in ("rh.un", "rh.deux"):
        local_tenant.admin.graph("PATCH", f"/users/{upn(name)}/mailboxSettings", FRENCH)
    out = tmp_path / "stack"

    export, _, _ = await run_export(local_tenant, out)

    blocks = {b.scope: b for b in load_stack_data(out / "data").tenant.mailbox_settings}
    assert set(blocks) == {"DRH", "TECH", "CULT"}  # Culture's agents hold the licence group's E3
    drh = blocks["DRH"]
    assert (drh.language, drh.time_zone, drh.date_format, drh.time_format) == (
        "fr-FR",
        "Romance Standard Time",
        "dd/MM/yyyy",
        "HH:mm",
    )
    assert drh.working_hours is not None
    assert (drh.working_hours.start, drh.working_hours.end) == ("08:30", "17:30")
    assert drh.working_hours.time_zone is None  # the settings' own zone
    for untouched in ("TECH", "CULT"):
        assert (blocks[untouched].language, blocks[untouched].time_zone) == ("en-US", "UTC")
    assert "mailbox_settings:" in (out / "data" / "mailboxes.yaml").read_text()
    assert not export.unclassified or all(u.kind != "mailbox_settings" for u in export.unclassified)


async def test_distribution_lists_are_listed_apart_as_not_managed(
    local_tenant: LocalTenantHandle, brownfield: Brownfield, tmp_path: Path
) -> None:
    local_tenant.admin.call(
        "POST",
        "/_admin/seed",
        {"users": 2, "guests": 0, "distribution_lists": 2, "departments": ["Élus d'Aval"]},
    ).raise_for_status()
    out = tmp_path / "stack"

    export, _, _ = await run_export(local_tenant, out)

    listed = yaml.safe_load((out / "not-managed.yaml").read_text(encoding="utf-8"))
    kinds = sorted((n["kind"], n["name"]) for n in listed["not_managed"])
    assert kinds == [
        ("distribution list", "Liste de l'équipe Élus d'Aval 0"),
        ("mail-enabled security group", "Sécurité de l'équipe Élus d'Aval 1"),
    ]
    assert all(n["mail"].startswith("dl42-") for n in listed["not_managed"])
    assert "Exchange Online PowerShell" in (out / "not-managed.yaml").read_text(encoding="utf-8")
    left = {u.id for u in export.unclassified}
    assert not left & {n["id"] for n in listed["not_managed"]}
    assert brownfield.groups["old-list"] in left
