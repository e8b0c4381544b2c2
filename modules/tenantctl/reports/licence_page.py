"""The licence report as HTML, CSV and JSON."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import plotly.graph_objects as go

from tenantctl.reports.csvreport import PERIODS
from tenantctl.reports.licences import KINDS, LicenceReport
from tenantctl.reports.page import Table, money, render_page, write_outputs


def licence_tables(report: LicenceReport) -> dict[str, Table]:
    """Seats, recommendations, direct assignments and errors as tables."""
    return {
        "seats": Table(
            "Seats bought and consumed",
            [
                "SKU",
                "bought",
                "consumed",
                "unused",
                "price/month",
                *(f"active {p}" for p in PERIODS),
            ],
            [
                [
                    s.sku,
                    s.enabled,
                    s.consumed,
                    s.unused,
                    s.monthly_price,
                    *(s.active[p] for p in PERIODS),
                ]
                for s in report.seats
            ],
        ),
        "recommendations": Table(
            f"Recommendations (yearly effect in {report.currency})",
            ["kind", "user", "name", "SKU", "move to", "licence group", "yearly effect", "why"],
            [
                [r.kind, r.upn, r.display_name, r.sku, r.target, r.group, r.yearly_effect, r.reason]
                for r in report.recommendations
            ],
        ),
        "direct": Table(
            "Licences assigned directly instead of by group",
            ["user", "SKU"],
            [[a.upn, a.sku] for a in report.direct],
        ),
        "errors": Table(
            "Assignments in an error state",
            ["user", "SKU", "licence group", "state", "error"],
            [[a.upn, a.sku, a.group, a.state, a.error] for a in report.errors],
        ),
    }


def licence_figures(report: LicenceReport) -> list[go.Figure]:
    """Seats per SKU, and the yearly effect of each kind of recommendation."""
    seats = [s for s in report.seats if s.consumed]
    skus = [s.sku for s in seats]
    usage = go.Figure(
        [
            go.Bar(name="bought", x=skus, y=[s.enabled for s in seats]),
            go.Bar(name="consumed", x=skus, y=[s.consumed for s in seats]),
            go.Bar(name="holders active (30 days)", x=skus, y=[s.active["D30"] for s in seats]),
        ],
        layout={"title": "Seats per SKU", "barmode": "group", "height": 380},
    )
    totals = report.totals()
    effect = go.Figure(
        go.Bar(x=list(KINDS), y=[-totals[k] for k in KINDS], marker_color="#2f855a"),
        layout={
            "title": f"Yearly saving by recommendation ({report.currency})",
            "height": 340,
        },
    )
    return [usage, effect]


def write_licence_report(report: LicenceReport, out_dir: Path) -> list[Path]:
    """Write licences.html, licences.json and the CSV tables."""
    totals = report.totals()
    tables = licence_tables(report)
    cards = [
        ("Yearly effect of all recommendations", money(totals["total"], report.currency)),
        ("Recommendations", str(len(report.recommendations))),
        (
            "Seats bought / consumed",
            f"{sum(s.enabled for s in report.seats)} / {sum(s.consumed for s in report.seats)}",
        ),
        ("Direct assignments", str(len(report.direct))),
        ("Assignments in error", str(len(report.errors))),
    ]
    html = render_page(
        "Licence optimisation",
        f"Usage reports refreshed {report.refreshed}; inactive after {report.inactive_days} days",
        cards,
        licence_figures(report),
        list(tables.values()),
        report.notes,
    )
    data = {**asdict(report), "totals": totals}
    return write_outputs(out_dir, "licences", html, tables, data)
