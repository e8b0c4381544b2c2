"""`report adoption` against the local tenant: per directorate and organisation, furthest
behind first, the same with concealed names, and written as HTML, CSV and JSON."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tenantctl.model import load_tenant
from tenantctl.reports.adoption import AdoptionReport, adoption_reports, analyse_adoption
from tenantctl.reports.cli import report_group
from tenantctl.reports.csvreport import PERIODS
from tenantctl.reports.graphdata import read_snapshot
from tests.integration.reports.conftest import client_for
from tests.support.local_tenant_fixture import LocalTenantHandle

pytestmark = [pytest.mark.integration, pytest.mark.filterwarnings("ignore::DeprecationWarning")]

# Licensed agents and those active, from the population: Finance has 8 licensed agents, one
# inactive; Operations 2, one inactive; legal affairs 1, active.
EXPECTED = {"OPS": (2, 1), "FIN": (8, 7), "JUR": (1, 1)}


async def adoption_of(handle: LocalTenantHandle, data: Path) -> AdoptionReport:
    async with client_for(handle) as client:
        snapshot = await read_snapshot(client, adoption_reports())
    return analyse_adoption(snapshot, load_tenant(data).tenant)


def check(report: AdoptionReport) -> None:
    for period in PERIODS:
        lines = [ln for ln in report.of("directorate") if ln.period == period]
        assert [ln.code for ln in lines] == list(EXPECTED)  # furthest behind first
        assert {ln.code: (ln.licensed, ln.active["any"]) for ln in lines} == EXPECTED
        (ville,) = [ln for ln in report.of("organisation") if ln.period == period]
        assert (ville.name, ville.licensed, ville.active["any"]) == ("Ville de Test", 11, 9)
        assert ville.share() == round(9 / 11, 4)


async def test_adoption_per_directorate(local_tenant: LocalTenantHandle, seeded: Path) -> None:
    report = await adoption_of(local_tenant, seeded)
    check(report)
    ops = [ln for ln in report.of("directorate") if ln.code == "OPS"]
    assert all(ln.active["files"] <= ln.active["any"] for ln in ops)


async def test_adoption_with_concealed_names(local_tenant: LocalTenantHandle, seeded: Path) -> None:
    local_tenant.admin.graph("PATCH", "/admin/reportSettings", {"displayConcealedNames": True})
    report = await adoption_of(local_tenant, seeded)
    check(report)
    assert any("hashed UPNs" in note and "0 report row(s)" in note for note in report.notes)


def test_adoption_command_writes_html_csv_json(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"

    result = CliRunner().invoke(report_group, ["adoption", "test", "--out", str(out)])

    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} == {
        "adoption.html",
        "adoption.json",
        "adoption-lines.csv",
    }
    with (out / "adoption-lines.csv").open(encoding="utf-8") as f:
        rows = [
            r for r in csv.DictReader(f) if r["scope"] == "directorate" and r["period"] == "D30"
        ]
    assert [(r["code"], r["any %"]) for r in rows] == [
        ("OPS", "50.0"),
        ("FIN", "87.5"),
        ("JUR", "100.0"),
    ]
    data = json.loads((out / "adoption.json").read_text("utf-8"))
    assert len(data["lines"]) == 4 * (1 + 1 + 3)
