"""The base of errors written for a person, and the one-line form errors are shown in.

A leaf module (no imports of the toolkit), so any layer may raise a `UserError`;
`tenantctl.jobs.failures` shows it as it is, where an unexpected error is reported as a bug.
"""

from __future__ import annotations


class UserError(Exception):
    """An error whose message is written for a person: what is wrong, and the fix."""


def one_line(text: str) -> str:
    """TEXT with every run of whitespace (newlines included) made one space."""
    return " ".join(text.split())
