"""The failures a command reports as one line, never as a traceback."""

from __future__ import annotations


class CommandError(Exception):
    """A failure the user can act on: its message, on one line, says what failed and what to
    check or do. Commands print it after their name and exit with the error code."""
