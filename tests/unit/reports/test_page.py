"""The HTML reports in headless Chromium: rendered with their charts, a screenshot taken, no
console error, and nothing fetched from the network (plotly.js is inlined)."""

from __future__ import annotations

import csv
import json
import struct
from datetime import date
from pathlib import Path

import pytest

from tenantctl.reports.adoption import AdoptionLine, AdoptionReport
from tenantctl.reports.adoption_page import write_adoption_report
from tenantctl.reports.csvreport import PERIODS
from tenantctl.reports.licence_page import write_licence_report
from tenantctl.reports.licences import AssignmentLine, LicenceReport, Recommendation, SeatLine
from tenantctl.reports.migration import Agent, MigrationLine, MigrationReport, Status
from tenantctl.reports.migration_page import write_migration_report
from tests.unit.reports.headless import visit

LICENCES = LicenceReport(
    currency="EUR",
    refreshed=date(2026, 11, 28),
    inactive_days=90,
    seats=[
        SeatLine("SPE_E3", 500, 420, 36.0, {"D7": 300, "D30": 350, "D90": 380, "D180": 390}),
        SeatLine("SPE_F1", 300, 280, 8.0, {"D7": 150, "D30": 210, "D90": 250, "D180": 260}),
    ],
    direct=[AssignmentLine("gaelle@ville.fr", "SPE_E3", None, "Active", "None")],
    errors=[AssignmentLine("chef@ville.fr", "SPE_E5", "LIC-e5", "Error", "CountViolation")],
    recommendations=[
        Recommendation("inactive", "bruno@ville.fr", "Bruno <B>", "SPE_E3", None, -432.0, "never"),
        Recommendation(
            "downgrade", "chloe@ville.fr", "Chloé", "SPE_E3", "SPE_F1", -336.0, "web only"
        ),
        Recommendation("direct", "gaelle@ville.fr", "Gaëlle", "SPE_E3", None, 0.0, "direct"),
    ],
    notes=["A note & another"],
)


def adoption() -> AdoptionReport:
    lines = []
    for period, factor in zip(PERIODS, (0.4, 0.6, 0.8, 0.9), strict=True):
        for scope, code, licensed, speed in (
            ("tenant", "*", 100, 0.7),
            ("organisation", "ville", 100, 0.7),
            ("directorate", "OPS", 40, 0.4),
            ("directorate", "FIN", 60, 0.9),
        ):
            active = round(licensed * speed * factor)
            measures = {"teams_chat": active, "teams_meetings": active // 2, "files": active // 3}
            lines.append(
                AdoptionLine(
                    scope,
                    code,
                    code,
                    "Ville",
                    period,
                    licensed,
                    {**measures, "exchange": active, "any": active},
                )
            )
    return AdoptionReport(date(2026, 11, 28), lines, ["Share = active / licensed."])


def migration() -> MigrationReport:
    pilot, wave = date(2025, 1, 13), date(2025, 3, 3)
    lines = [
        MigrationLine(
            "pilote",
            "Pilote",
            pilot,
            "*",
            "All directorates",
            40,
            40,
            39,
            39,
            42_000,
            2**36,
            35,
            5,
            0,
        ),
        MigrationLine(
            "pilote",
            "Pilote",
            pilot,
            "DG",
            "Direction générale",
            40,
            40,
            39,
            39,
            42_000,
            2**36,
            35,
            5,
            0,
        ),
        MigrationLine(
            "vague-1",
            "Vague 1 — l'Éducation",
            wave,
            "*",
            "All directorates",
            300,
            150,
            140,
            138,
            310_000,
            2**38,
            90,
            210,
            2,
        ),
        MigrationLine(
            "vague-1",
            "Vague 1 — l'Éducation",
            wave,
            "EDU",
            "Direction de l'Éducation <écoles>",
            300,
            150,
            140,
            138,
            310_000,
            2**38,
            90,
            210,
            2,
        ),
    ]
    quiet = [
        Agent(
            "zoe@ville.fr",
            "Zoé N'Diaye",
            "EDU",
            "vague-1",
            wave,
            True,
            True,
            date(2025, 2, 10),
            1200,
            2**30,
            Status.ACTIVE_BEFORE,
        ),
        Agent(
            "yves@ville.fr",
            "Yves <Y>",
            "EDU",
            "vague-1",
            wave,
            False,
            False,
            None,
            None,
            None,
            Status.UNLICENSED,
        ),
    ]
    return MigrationReport(date(2026, 11, 28), date(2026, 11, 28), lines, quiet, ["A note."])


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.parametrize(
    ("stem", "charts"),
    [("licences", 2), ("adoption", 3), ("migration", 3)],
)
async def test_page_renders_in_headless_chromium(tmp_path: Path, stem: str, charts: int) -> None:
    if stem == "licences":
        written = write_licence_report(LICENCES, tmp_path)
    elif stem == "adoption":
        written = write_adoption_report(adoption(), tmp_path)
    else:
        written = write_migration_report(migration(), tmp_path)
    page = tmp_path / f"{stem}.html"
    assert page in written
    shot = tmp_path / f"{stem}.png"

    seen = await visit(page, shot)

    assert seen.errors == []
    assert seen.charts == charts
    assert [u for u in seen.requests if not u.startswith(("file:", "data:", "blob:"))] == []
    width, height = png_size(shot.read_bytes())
    assert width == 1280 and height > 900 and shot.stat().st_size > 20_000


def test_tables_are_written_as_csv_and_json(tmp_path: Path) -> None:
    write_licence_report(LICENCES, tmp_path)
    with (tmp_path / "licences-recommendations.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [r["kind"] for r in rows] == ["inactive", "downgrade", "direct"]
    assert sum(float(r["yearly effect"]) for r in rows) == -768.0
    data = json.loads((tmp_path / "licences.json").read_text("utf-8"))
    assert data["totals"] == {
        "inactive": -432.0,
        "downgrade": -336.0,
        "duplicate": 0.0,
        "direct": 0.0,
        "total": -768.0,
    }
    html = (tmp_path / "licences.html").read_text("utf-8")
    assert "Bruno &lt;B&gt;" in html and "Bruno <B>" not in html


async def test_console_errors_and_exceptions_are_caught(tmp_path: Path) -> None:
    page = tmp_path / "broken.html"
    page.write_text(
        "<html><body><script>console.error('bad data');</script>"
        "<script>undefinedFunction();</script></body></html>"
    )
    seen = await visit(page, tmp_path / "broken.png")
    assert any("bad data" in e for e in seen.errors)
    assert any("undefinedFunction" in e or "Uncaught" in e for e in seen.errors)


def test_the_migration_page_escapes_names_and_lists_the_quiet_agents(tmp_path: Path) -> None:
    write_migration_report(migration(), tmp_path)
    html = (tmp_path / "migration.html").read_text("utf-8")
    assert "Yves &lt;Y&gt;" in html and "Yves <Y>" not in html
    assert "Direction de l&#x27;Éducation &lt;écoles&gt;" in html
    with (tmp_path / "migration-quiet.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [(r["upn"], r["why"], r["last activity"]) for r in rows] == [
        ("zoe@ville.fr", "last active before the wave", "2025-02-10"),
        ("yves@ville.fr", "not licensed", ""),
    ]
    data = json.loads((tmp_path / "migration.json").read_text("utf-8"))
    assert data["quiet"][1]["status"] == "not licensed"
