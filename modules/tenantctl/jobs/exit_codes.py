"""Exit codes of the CI commands: documented in docs/ci.md, relied on by the pipelines."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """0 nothing to look at; 1 the job could not decide; 3 a person must look; 4 the
    preview failed."""

    OK = 0
    ERROR = 1
    ATTENTION = 3
    """preview-report: risky changes; drift: unaccepted (or expired) drift."""
    REFUSED = 4
    """preview-report: the preview failed (the engine refused a change, or the program
    stopped); the report says what was refused and what could not be planned."""
