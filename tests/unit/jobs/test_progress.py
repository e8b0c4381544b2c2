"""Progress shows on a terminal, stays out of CI logs, and shows anywhere when asked for."""

from __future__ import annotations

import sys

import pytest

from tenantctl.jobs.progress import progress, wanted


class Terminal:
    def isatty(self) -> bool:
        return True


def test_quiet_in_ci_even_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    monkeypatch.setattr(sys, "stderr", Terminal())
    assert not wanted(False)


def test_quiet_when_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    assert not wanted(False)  # pytest captures stderr: not a terminal


def test_shown_on_a_terminal_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(sys, "stderr", Terminal())
    assert wanted(False)


def test_progress_flag_forces_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    assert wanted(True)


def test_counters_read_as_one_line() -> None:
    with progress(False) as state:
        state.set("reading declared objects", objects_read=0, requests=2)
        state.add(objects_read=1, throttling_wait=1.5)
    assert state.line().plain == (
        "reading declared objects · objects read 1 · requests 2 · throttling wait 1.5s"
    )
