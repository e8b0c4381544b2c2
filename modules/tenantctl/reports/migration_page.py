"""The migration report as HTML, CSV and JSON."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import plotly.graph_objects as go

from tenantctl.reports.migration import MigrationLine, MigrationReport
from tenantctl.reports.page import Table, render_page, write_outputs

GB = 1024**3
STAGES = ("agents", "licensed", "provisioned", "active")
LABELS = {
    "agents": "Agents",
    "licensed": "Licensed with Exchange",
    "provisioned": "Mailbox provisioned",
    "active": "Active since the wave",
}


def lines_table(report: MigrationReport) -> Table:
    """Every wave and directorate with its counts and mailbox usage."""
    return Table(
        "Waves and directorates",
        [
            "wave",
            "wave name",
            "wave date",
            "directorate",
            "directorate name",
            "agents",
            "licensed",
            "provisioned",
            "in usage report",
            "items",
            "storage GB",
            "active since wave",
            "no activity since wave",
            "usage unknown",
        ],
        [
            [
                ln.wave,
                ln.wave_name,
                ln.wave_date.isoformat() if ln.wave_date else None,
                ln.directorate,
                ln.directorate_name,
                ln.agents,
                ln.licensed,
                ln.provisioned,
                ln.reported,
                ln.items,
                round(ln.storage_bytes / GB, 2),
                ln.active,
                ln.quiet,
                ln.unknown,
            ]
            for ln in report.lines
        ],
    )


def quiet_table(report: MigrationReport) -> Table:
    """The agents with no mail activity since their wave's date."""
    return Table(
        "Agents with no mail activity since their wave",
        ["upn", "name", "directorate", "wave", "wave date", "why", "last activity"],
        [
            [
                a.upn,
                a.display_name,
                a.directorate,
                a.wave,
                a.wave_date.isoformat() if a.wave_date else None,
                str(a.status),
                a.last_activity.isoformat() if a.last_activity else None,
            ]
            for a in report.quiet
        ],
    )


def _label(line: MigrationLine) -> str:
    return line.wave if line.directorate == "*" else f"{line.wave} · {line.directorate}"


def migration_figures(report: MigrationReport) -> list[go.Figure]:
    """Each wave's stages, each directorate's share without activity, storage per wave."""
    waves = report.of_waves()
    stages = go.Figure(
        [
            go.Bar(name=LABELS[s], x=[ln.wave for ln in waves], y=[getattr(ln, s) for ln in waves])
            for s in STAGES
        ],
        layout={"title": "Agents per wave, stage by stage", "barmode": "group", "height": 380},
    )
    directorates = report.of_directorates()
    quiet = go.Figure(
        go.Bar(
            x=[_label(ln) for ln in directorates],
            y=[round(100 * ln.quiet / ln.agents, 1) if ln.agents else 0.0 for ln in directorates],
            marker={"color": "#c0392b"},
        ),
        layout={
            "title": "No mail activity since the wave (% of agents), per wave and directorate",
            "height": 420,
            "yaxis": {"range": [0, 100]},
        },
    )
    storage = go.Figure(
        go.Bar(
            x=[ln.wave for ln in waves],
            y=[round(ln.storage_bytes / GB, 2) for ln in waves],
            text=[f"{ln.items:,} items".replace(",", " ") for ln in waves],
        ),
        layout={"title": "Mailbox storage per wave (GB)", "height": 340},
    )
    return [stages, quiet, storage]


def write_migration_report(report: MigrationReport, out_dir: Path) -> list[Path]:
    """Write migration.html, migration.json, migration-lines.csv and migration-quiet.csv."""
    lines, quiet = lines_table(report), quiet_table(report)
    waves = report.of_waves()
    agents = sum(ln.agents for ln in waves)

    def share(count: int) -> str:
        return f"{count} ({100 * count / agents:.0f}%)" if agents else "0"

    cards = [
        ("Agents", str(agents)),
        ("Licensed with Exchange", share(sum(ln.licensed for ln in waves))),
        ("Mailboxes provisioned", share(sum(ln.provisioned for ln in waves))),
        ("Active since their wave", share(sum(ln.active for ln in waves))),
        ("No mail activity since their wave", share(len(report.quiet))),
    ]
    html = render_page(
        "Migration to Exchange Online",
        f"As of {report.as_of}; mailbox usage report refreshed {report.refreshed}",
        cards,
        migration_figures(report),
        [lines, quiet],
        report.notes,
    )
    return write_outputs(
        out_dir, "migration", html, {"lines": lines, "quiet": quiet}, asdict(report)
    )
