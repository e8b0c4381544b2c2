"""Progress on a terminal, silence in CI logs: one live line of counters.

Shown when stderr is a terminal and `CI` is not set, or when asked for (`--progress`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from rich.console import Console
from rich.live import Live
from rich.text import Text


def wanted(forced: bool) -> bool:
    """Whether to show progress: forced, or an interactive terminal outside CI."""
    if forced:
        return True
    ci = os.environ.get("CI", "").lower() in ("1", "true", "yes")
    return not ci and sys.stderr.isatty()


@dataclass
class Progress:
    """Counters a job updates as it goes; rendered as one line when shown."""

    stage: str = ""
    counts: dict[str, float] = field(default_factory=dict)
    _live: Live | None = None

    def set(self, stage: str | None = None, **counts: float) -> None:
        """Change the stage and set counters (e.g. objects=12, requests=3)."""
        if stage is not None:
            self.stage = stage
        self.counts.update(counts)
        self._refresh()

    def add(self, **counts: float) -> None:
        """Add to counters."""
        for name, value in counts.items():
            self.counts[name] = self.counts.get(name, 0) + value
        self._refresh()

    def line(self) -> Text:
        parts = [
            f"{name.replace('_', ' ')} {_number(value)}" for name, value in self.counts.items()
        ]
        return Text(f"{self.stage} · {' · '.join(parts)}" if parts else self.stage)

    def _refresh(self) -> None:
        if self._live is not None:
            self._live.update(self.line())


def _number(value: float) -> str:
    return f"{value:.1f}s" if isinstance(value, float) and not value.is_integer() else f"{value:g}"


@contextmanager
def progress(show: bool) -> Iterator[Progress]:
    """A `Progress`, drawn on stderr while the block runs when `show` is true."""
    state = Progress()
    if not show:
        yield state
        return
    with Live(state.line(), console=Console(stderr=True), transient=True) as live:
        state._live = live
        try:
            yield state
        finally:
            state._live = None
