"""Accepted deviations: a small YAML file in the repository, each entry with an expiry.

    accepted:
      - object: space-tech-ateliers-settings   # resource name or URN (unmanaged: mailNickname)
        property: fun_settings                  # `unmanaged` for a group outside the stack
        reason: Giphy allowed for the summer event
        expires: 2027-01-31

An accepted finding is reported but does not fail the job; once expired it fails again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml

from tenantctl.jobs.pulumi_cli import JobError

UNMANAGED = "unmanaged"


@dataclass(frozen=True)
class Acceptance:
    """One accepted deviation."""

    object: str
    property: str
    reason: str
    expires: dt.date

    def covers(self, object_: str, urn: str, prop: str) -> bool:
        return self.object in (object_, urn) and self.property == prop

    def expired(self, today: dt.date) -> bool:
        return self.expires < today


def load(path: Path | None) -> list[Acceptance]:
    """The acceptances of `path` (none when no file is given or it does not exist)."""
    if path is None or not path.exists():
        return []
    try:
        entries = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("accepted") or []
        return [
            Acceptance(
                object=str(entry["object"]),
                property=str(entry["property"]),
                reason=str(entry["reason"]),
                expires=_date(entry["expires"]),
            )
            for entry in entries
        ]
    except (yaml.YAMLError, AttributeError, KeyError, TypeError, ValueError) as error:
        raise JobError(
            f"{path}: each accepted entry needs object, property, reason and expires "
            f"(YYYY-MM-DD): {error}"
        ) from None


def _date(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def match(acceptances: list[Acceptance], object_: str, urn: str, prop: str) -> Acceptance | None:
    """The acceptance of a finding, expired or not."""
    return next((a for a in acceptances if a.covers(object_, urn, prop)), None)
