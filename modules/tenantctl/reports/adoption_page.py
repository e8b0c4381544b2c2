"""The adoption report as HTML, CSV and JSON."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import plotly.graph_objects as go

from tenantctl.reports.adoption import MEASURES, AdoptionReport
from tenantctl.reports.csvreport import PERIODS
from tenantctl.reports.page import Table, render_page, write_outputs

LABELS = {
    "teams_chat": "Teams chat",
    "teams_meetings": "Teams meetings",
    "files": "SharePoint/OneDrive files",
    "exchange": "Exchange",
    "any": "any",
}


def adoption_table(report: AdoptionReport) -> Table:
    """Every line with its counts and shares."""
    return Table(
        "Active licensed agents",
        [
            "scope",
            "code",
            "name",
            "organisation",
            "period",
            "licensed",
            *(f"{LABELS[m]} %" for m in MEASURES),
        ],
        [
            [
                ln.scope,
                ln.code,
                ln.name,
                ln.organisation,
                ln.period,
                ln.licensed,
                *(round(100 * ln.share(m), 1) for m in MEASURES),
            ]
            for ln in report.lines
        ],
    )


def adoption_figures(report: AdoptionReport) -> list[go.Figure]:
    """Directorates by periods heat map, services per directorate, organisations over time."""
    directorates = report.of("directorate")
    codes = list(dict.fromkeys(ln.code for ln in directorates))
    share = {(ln.code, ln.period): 100 * ln.share() for ln in directorates}
    heat = go.Figure(
        go.Heatmap(
            x=list(PERIODS),
            y=codes,
            z=[[share.get((c, p), 0.0) for p in PERIODS] for c in codes],
            colorscale="RdYlGn",
            zmin=0,
            zmax=100,
            texttemplate="%{z:.0f}%",
        ),
        layout={
            "title": "Share of licensed agents active, furthest behind first",
            "yaxis": {"autorange": "reversed"},
            "height": 200 + 28 * len(codes),
        },
    )
    month = [ln for ln in directorates if ln.period == "D30"]
    services = go.Figure(
        [
            go.Bar(
                name=LABELS[m], x=[ln.code for ln in month], y=[100 * ln.share(m) for ln in month]
            )
            for m in MEASURES
            if m != "any"
        ],
        layout={
            "title": "Active on each service over 30 days (%)",
            "barmode": "group",
            "height": 380,
        },
    )
    trend = go.Figure(
        [
            go.Scatter(
                name=ln_name,
                x=list(PERIODS),
                y=[100 * ln.share() for ln in report.of("organisation") if ln.name == ln_name],
                mode="lines+markers",
            )
            for ln_name in dict.fromkeys(ln.name for ln in report.of("organisation"))
        ],
        layout={"title": "Organisations: share active over 7 to 180 days (%)", "height": 340},
    )
    return [heat, services, trend]


def write_adoption_report(report: AdoptionReport, out_dir: Path) -> list[Path]:
    """Write adoption.html, adoption.json and adoption-lines.csv."""
    table = adoption_table(report)
    tenant = {ln.period: ln for ln in report.of("tenant")}
    cards = [
        (f"Active over {p}", f"{100 * tenant[p].share():.0f}%") for p in PERIODS if p in tenant
    ]
    html = render_page(
        "Adoption of Microsoft 365",
        f"Usage reports refreshed {report.refreshed}",
        cards,
        adoption_figures(report),
        [table],
        report.notes,
    )
    return write_outputs(out_dir, "adoption", html, {"lines": table}, asdict(report))
