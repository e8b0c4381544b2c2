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
    """Seats per paid SKU, and what each kind of recommendation saves a year."""
    seats = [s for s in report.paid_seats if s.consumed]
    skus = [s.sku for s in seats]
    usage = go.Figure(
        [
            go.Bar(name="bought", x=skus, y=[s.enabled for s in seats]),
            go.Bar(name="consumed", x=skus, y=[s.consumed for s in seats]),
            go.Bar(name="holders active (30 days)", x=skus, y=[s.active["D30"] for s in seats]),
        ],
        layout={"title": "Paid seats per SKU", "barmode": "group", "height": 380},
    )
    savings = report.savings()
    effect = go.Figure(
        go.Bar(x=list(KINDS), y=[savings[k] for k in KINDS], marker_color="#2f855a"),
        layout={
            "title": f"Yearly saving by recommendation ({report.currency})",
            "height": 340,
        },
    )
    return [usage, effect]


def licence_cards(report: LicenceReport) -> list[tuple[str, str]]:
    """The page's headline figures: the saving (as the chart shows it), paid seats only."""
    paid = report.paid_seats
    return [
        ("Yearly saving of all recommendations", money(report.savings()["total"], report.currency)),
        ("Recommendations", str(len(report.recommendations))),
        (
            "Paid seats bought / consumed",
            f"{sum(s.enabled for s in paid)} / {sum(s.consumed for s in paid)}",
        ),
        ("Direct assignments", str(len(report.direct))),
        ("Assignments in error", str(len(report.errors))),
    ]


def write_licence_report(report: LicenceReport, out_dir: Path) -> list[Path]:
    """Write licences.html, licences.json and the CSV tables."""
    tables = licence_tables(report)
    free = [f"{s.sku} ({s.enabled})" for s in report.seats if not s.paid]
    notes = [*report.notes]
    if free:
        notes.append(
            "Free SKUs (no price in the price file) are not counted as seats bought: "
            + ", ".join(free)
            + "."
        )
    html = render_page(
        "Licence optimisation",
        f"Usage reports refreshed {report.refreshed}; inactive after {report.inactive_days} days",
        licence_cards(report),
        licence_figures(report),
        list(tables.values()),
        notes,
    )
    data = {**asdict(report), "totals": report.totals(), "savings": report.savings()}
    return write_outputs(out_dir, "licences", html, tables, data)
