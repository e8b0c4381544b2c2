"""`report licences` against the local tenant: a known population gives exactly the expected
recommendations, their cost adds up, and the change written back loads and declares."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tenantctl.model import load_tenant
from tenantctl.reports.cli import report_group
from tenantctl.reports.graphdata import read_snapshot
from tenantctl.reports.licence_page import licence_cards, licence_figures
from tenantctl.reports.licences import LicenceReport, analyse_licences, licence_reports
from tenantctl.reports.page import money
from tenantctl.reports.prices import load_prices
from tenantctl.reports.snapshot import TenantSnapshot
from tenantctl.reports.writeback import OVERLAY, plan_change, write_change
from tests.integration.reports.conftest import client_for
from tests.integration.reports.population import DOMAIN, PRICES, YEARLY
from tests.support.local_tenant_fixture import LocalTenantHandle
from tests.unit.components.conftest import declare

pytestmark = [pytest.mark.integration, pytest.mark.filterwarnings("ignore::DeprecationWarning")]


def upn(local: str) -> str:
    return f"{local}@{DOMAIN}"


# (user, kind, SKU, target, yearly effect), from the population's profiles and the prices.
EXPECTED = {
    (upn("bruno.absent"), "inactive", "SPE_E3", None, -YEARLY["SPE_E3"]),
    (upn("ines.terrain"), "inactive", "SPE_F1", None, -YEARLY["SPE_F1"]),
    (upn("chloe.web"), "downgrade", "SPE_E3", "SPE_F1", YEARLY["SPE_F1"] - YEARLY["SPE_E3"]),
    (upn("david.mobile"), "downgrade", "SPE_E3", "SPE_F1", YEARLY["SPE_F1"] - YEARLY["SPE_E3"]),
    (upn("emma.double"), "duplicate", "SPE_E3", None, 0.0),
    (upn("farid.o365"), "duplicate", "ENTERPRISEPACK", None, -YEARLY["ENTERPRISEPACK"]),
    (upn("gaelle.directe"), "direct", "SPE_E3", None, 0.0),
}


async def snapshot_of(handle: LocalTenantHandle, inactive_days: int) -> TenantSnapshot:
    async with client_for(handle) as client:
        return await read_snapshot(client, licence_reports(inactive_days))


async def licence_report(
    handle: LocalTenantHandle, tmp_path: Path
) -> tuple[LicenceReport, TenantSnapshot]:
    (tmp_path / "prices.yaml").write_text(PRICES, "utf-8")
    snapshot = await snapshot_of(handle, 90)
    return analyse_licences(snapshot, load_prices(tmp_path / "prices.yaml"), 90), snapshot


async def test_recommendations_match_the_population(
    local_tenant: LocalTenantHandle, seeded: Path, tmp_path: Path
) -> None:
    report, _ = await licence_report(local_tenant, tmp_path)
    found = {(r.upn, r.kind, r.sku, r.target, r.yearly_effect) for r in report.recommendations}
    assert found == EXPECTED
    totals = report.totals()
    assert totals["total"] == sum(effect for *_, effect in EXPECTED) == -1200.0
    assert totals["inactive"] + totals["downgrade"] + totals["duplicate"] + totals[
        "direct"
    ] == pytest.approx(totals["total"])
    assert {(a.upn, a.sku) for a in report.direct} == {
        (upn("emma.double"), "SPE_E3"),
        (upn("farid.o365"), "ENTERPRISEPACK"),
        (upn("gaelle.directe"), "SPE_E3"),
    }
    assert {(a.upn, a.sku, a.error) for a in report.errors} == {
        (upn("chef.fin"), "SPE_E5", "CountViolation"),
        (upn("adjoint.fin"), "SPE_E5", "CountViolation"),
    }
    seats = {s.sku: s for s in report.seats}
    assert (seats["SPE_E5"].enabled, seats["SPE_E5"].consumed) == (0, 0)
    assert seats["SPE_E3"].consumed == 9  # the eight of Finance by group, one more directly


async def test_concealed_names_give_the_same_recommendations(
    local_tenant: LocalTenantHandle, seeded: Path, tmp_path: Path
) -> None:
    local_tenant.admin.graph("PATCH", "/admin/reportSettings", {"displayConcealedNames": True})
    report, snapshot = await licence_report(local_tenant, tmp_path)
    assert snapshot.concealed is False  # the token cannot read the setting: detected from data
    assert {(r.upn, r.kind, r.sku) for r in report.recommendations} == {
        (u, kind, sku) for u, kind, sku, *_ in EXPECTED
    }
    assert any("hashed UPNs" in note for note in report.notes)


async def test_written_change_loads_and_declares(
    local_tenant: LocalTenantHandle, seeded: Path, tmp_path: Path
) -> None:
    report, snapshot = await licence_report(local_tenant, tmp_path)
    before = {p.name: p.read_text("utf-8") for p in seeded.glob("*.yaml")}
    tenant = load_tenant(seeded).tenant
    change = plan_change(tenant, snapshot.users, report.recommendations)
    written = write_change(seeded, change)

    assert {p.name for p in written} == {"licences.yaml", OVERLAY}
    text = (seeded / "licences.yaml").read_text("utf-8")
    assert "# Office agents get E3 by directorate" in text and "# the whole of Finance" in text
    for name in ("tenant.yaml", "directorates.yaml"):
        assert (seeded / name).read_text("utf-8") == before[name]

    loaded = load_tenant(seeded).tenant
    groups = {g.key: g for g in loaded.licence_groups}
    assert set(groups["e3-bureaux"].exclude) == {
        upn("bruno.absent"),
        upn("chloe.web"),
        upn("david.mobile"),
    }
    assert groups["e3-bureaux"].users == (upn("gaelle.directe"),)
    assert groups["f3-terrain"].exclude == (upn("ines.terrain"),)
    assert groups["f3-terrain"].users == (upn("chloe.web"), upn("david.mobile"))
    assert groups["e5-direction"] == {g.key: g for g in tenant.licence_groups}["e5-direction"]
    people = {p.upn: p.directorate for p in loaded.people}
    assert people[upn("gaelle.directe")] == "JUR" and people[upn("chloe.web")] == "FIN"
    frontline = {p.upn for p in loaded.people if p.frontline}
    # Moved to a frontline-only group, so named as frontline agents; the others are not.
    assert {upn("chloe.web"), upn("david.mobile")} <= frontline
    assert upn("gaelle.directe") not in frontline

    rules = {
        d.name: d.inputs["dynamicMembership"]["rule"]
        for d in declare(loaded)
        if d.type == "azuread:index/group:Group" and "dynamicMembership" in d.inputs
    }
    e3 = next(rule for name, rule in rules.items() if "e3-bureaux" in name)
    f3 = next(rule for name, rule in rules.items() if "f3-terrain" in name)
    assert f'-notIn ["{upn("bruno.absent")}","{upn("chloe.web")}","{upn("david.mobile")}"]' in e3
    assert f'-in ["{upn("gaelle.directe")}"]' in e3
    assert f'-notIn ["{upn("ines.terrain")}"]' in f3
    assert f'-in ["{upn("chloe.web")}","{upn("david.mobile")}"]' in f3

    again = plan_change(load_tenant(seeded).tenant, snapshot.users, report.recommendations)
    write_change(seeded, again)
    assert load_tenant(seeded).tenant == loaded  # writing twice changes nothing more


def test_licences_command_writes_the_report_and_the_stack(project: Path, tmp_path: Path) -> None:
    (tmp_path / "prices.yaml").write_text(PRICES, "utf-8")
    out = tmp_path / "out"
    args = ["licences", "test", "--out", str(out), "--prices", str(tmp_path / "prices.yaml")]

    result = CliRunner().invoke(report_group, [*args, "--write-stack", str(project)])

    assert result.exit_code == 0, result.output
    assert "7 recommendation(s), yearly effect -1200.00 EUR" in result.output
    assert f"changed {project / 'data' / 'licences.yaml'}" in result.output
    assert "not written: farid.o365@ville-test.fr: ENTERPRISEPACK is not given by" in (
        result.output
    )
    assert {p.name for p in out.iterdir()} == {
        "licences.html",
        "licences.json",
        "licences-seats.csv",
        "licences-recommendations.csv",
        "licences-direct.csv",
        "licences-errors.csv",
    }
    groups = {g.key: g for g in load_tenant(project / "data").tenant.licence_groups}
    assert upn("bruno.absent") in groups["e3-bureaux"].exclude


async def test_the_headline_counts_paid_seats_and_the_saving_as_the_chart_shows_it(
    local_tenant: LocalTenantHandle, seeded: Path, tmp_path: Path
) -> None:
    report, _ = await licence_report(local_tenant, tmp_path)
    priced = set(load_prices(tmp_path / "prices.yaml").monthly)
    skus = local_tenant.admin.graph("GET", "/subscribedSkus")["value"]
    free = {s["skuPartNumber"] for s in skus} - priced
    assert "FLOW_FREE" in free  # 10,000 viral seats the tenant never bought
    paid = [s for s in skus if s["skuPartNumber"] in priced]

    cards = dict(licence_cards(report))
    usage, saving = licence_figures(report)

    bought = sum(s["prepaidUnits"]["enabled"] for s in paid)
    consumed = sum(s["consumedUnits"] for s in paid)
    assert cards["Paid seats bought / consumed"] == f"{bought} / {consumed}"
    assert not free & set(usage.data[0].x)
    shown = sum(saving.data[0].y)
    assert shown == pytest.approx(-report.totals()["total"]) == 1200.0
    assert cards["Yearly saving of all recommendations"] == money(shown, "EUR")
