"""Progress: bars with counts on a terminal, nothing elsewhere."""

from __future__ import annotations

import io

from rich.console import Console

from tenantctl.export.progress import progress_bars


def draw(terminal: bool) -> str:
    out = io.StringIO()
    console = Console(file=out, force_terminal=terminal, width=80)
    with progress_bars(console) as progress:
        progress("groups and teams", 0, 40)
        progress("groups and teams", 40, 40)
        progress("sites", 3, 3)
    return out.getvalue()


def test_a_terminal_shows_each_phase_with_its_counts() -> None:
    shown = draw(terminal=True)
    assert "groups and teams" in shown and "40/40" in shown and "3/3" in shown


def test_a_log_gets_no_progress() -> None:
    assert draw(terminal=False) == ""
