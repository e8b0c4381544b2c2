"""Synthetic, deterministic usage: who was active on which service on which day.

Each seeded user carries a profile (adoption of their department, inactive, partially active,
web-only or mobile-only). Activity on a day is drawn from a RNG seeded by the user's salt, the
service and the date, so every report agrees with every other and with itself across runs.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

SERVICES = ("Exchange", "OneDrive", "SharePoint", "Skype For Business", "Yammer", "Teams")
_SERVICE_WEIGHT = {
    "Exchange": 0.95,
    "OneDrive": 0.6,
    "SharePoint": 0.55,
    "Skype For Business": 0.05,
    "Yammer": 0.15,
    "Teams": 0.9,
}
_HORIZON_DAYS = 240


@dataclass(frozen=True)
class Profile:
    """A user's usage profile."""

    adoption: float
    inactive: bool
    partial: bool
    web_only: bool
    mobile_only: bool
    salt: int

    @classmethod
    def of(cls, user: dict[str, Any]) -> Profile:
        """The seeded profile, or one derived from the user's id and department (users written
        through the admin API, such as the people of a stack description)."""
        raw = user.get("_activity") or derived(user)
        return cls(
            float(raw.get("adoption", 0.5)),
            bool(raw.get("inactive", False)),
            bool(raw.get("partial", False)),
            bool(raw.get("webOnly", False)),
            bool(raw.get("mobileOnly", False)),
            int(raw.get("salt", 0)),
        )

    def active(self, service: str, day: date, refreshed: date) -> bool:
        """Whether the user used ``service`` on ``day``; adoption ramps up towards ``refreshed``."""
        if self.inactive or (self.partial and service not in ("Exchange", "Teams")):
            return False
        age = (refreshed - day).days
        ramp = max(0.0, 1 - age / _HORIZON_DAYS)
        # Squared: a slowly adopting department is active on few days, so its share active
        # over 7 days lags well behind its share over 180 days.
        chance = self.adoption**2 * _SERVICE_WEIGHT[service] * ramp * (0.4 if self.partial else 1)
        return random.Random(f"{self.salt}/{service}/{day.isoformat()}").random() < chance

    def count(self, service: str, measure: str, day: date, scale: int) -> int:
        """A per-day count for an active day (messages, files, calls...)."""
        return random.Random(f"{self.salt}/{service}/{measure}/{day.isoformat()}").randint(0, scale)


def usage_profile(rng: random.Random, adoption: float) -> dict[str, Any]:
    """A usage profile: how active, and on which clients."""
    roll = rng.random()
    return {
        "adoption": round(adoption, 3),
        "inactive": roll < 0.1,
        "partial": 0.1 <= roll < 0.3,
        "webOnly": rng.random() < 0.15,
        "mobileOnly": rng.random() < 0.08,
        "salt": rng.randrange(1 << 30),
    }


def derived(user: dict[str, Any]) -> dict[str, Any]:
    """A deterministic profile: adoption by department, the rest by user id."""
    adoption = random.Random(f"department/{user.get('department') or ''}").uniform(0.2, 1.0)
    return usage_profile(random.Random(f"user/{user.get('id', '')}"), adoption)


def days(refreshed: date, length: int) -> list[date]:
    """The days of a report period ending on the refresh date, newest first."""
    return [refreshed - timedelta(days=i) for i in range(length)]
