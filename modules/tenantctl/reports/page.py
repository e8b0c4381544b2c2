"""A self-contained HTML page: plotly.js inlined once, tables, no network at view time."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#1f2933}
h1{margin-bottom:.2rem}.sub{color:#52606d;margin-top:0}
.cards{display:flex;gap:1rem;flex-wrap:wrap;margin:1rem 0}
.card{border:1px solid #d9e2ec;border-radius:6px;padding:.6rem 1rem;min-width:10rem}
.card b{display:block;font-size:1.4rem}
table{border-collapse:collapse;margin:1rem 0;font-size:.9rem}
th,td{border:1px solid #d9e2ec;padding:.25rem .5rem;text-align:left}
th{background:#f0f4f8}td.n{text-align:right}
.notes{color:#52606d;font-size:.9rem}
"""

Cell = str | int | float | None


@dataclass(frozen=True)
class Table:
    """A titled table; numbers are right-aligned."""

    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Cell]]

    def html(self) -> str:
        head = "".join(f"<th>{escape(h)}</th>" for h in self.headers)
        body = "".join(
            "<tr>"
            + "".join(
                f'<td class="n">{c}</td>'
                if isinstance(c, int | float)
                else f"<td>{escape(str(c or ''))}</td>"
                for c in row
            )
            + "</tr>"
            for row in self.rows
        )
        return f"<h2>{escape(self.title)}</h2><table><tr>{head}</tr>{body}</table>"

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.headers)
        writer.writerows(["" if c is None else c for c in row] for row in self.rows)
        return out.getvalue()


def render_page(
    title: str,
    subtitle: str,
    cards: Sequence[tuple[str, str]],
    figures: Sequence[go.Figure],
    tables: Sequence[Table],
    notes: Sequence[str],
) -> str:
    """The whole page as one HTML string."""
    charts = "".join(
        fig.to_html(full_html=False, include_plotlyjs=(i == 0), config={"displaylogo": False})
        for i, fig in enumerate(figures)
    )
    card_html = "".join(
        f'<div class="card">{escape(label)}<b>{escape(value)}</b></div>' for label, value in cards
    )
    note_html = "".join(f"<li>{escape(n)}</li>" for n in notes)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>"
        f'<h1>{escape(title)}</h1><p class="sub">{escape(subtitle)}</p>'
        f'<div class="cards">{card_html}</div>{charts}'
        f'{"".join(t.html() for t in tables)}<ul class="notes">{note_html}</ul></body></html>'
    )


def write_outputs(
    out_dir: Path, stem: str, html: str, tables: dict[str, Table], data: Any
) -> list[Path]:
    """Write `<stem>.html`, `<stem>.json` and one `<stem>-<name>.csv` per table."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = [out_dir / f"{stem}.html", out_dir / f"{stem}.json"]
    written[0].write_text(html, "utf-8")
    written[1].write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str), "utf-8")
    for name, table in tables.items():
        path = out_dir / f"{stem}-{name}.csv"
        path.write_text(table.csv(), "utf-8")
        written.append(path)
    return written


def money(value: float, currency: str) -> str:
    """A yearly amount, signed, with thousands separators."""
    return f"{value:+,.0f} {currency}/year".replace(",", " ")
