"""The sizes a synthetic tenant comes in."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Size:
    """How many of each thing a synthetic tenant holds."""

    name: str
    organisations: int
    directorates: int
    headcount: int
    spaces: int
    partners: int
    named_per_directorate: int = 6
    guests_per_partner: int = 3
    directorates_per_licence_group: int = 10

    @property
    def users(self) -> int:
        """Agents in the directory (named people included)."""
        return self.directorates * self.headcount


SIZES = {
    "S": Size("S", organisations=2, directorates=35, headcount=100, spaces=300, partners=8),
    "M": Size("M", organisations=10, directorates=350, headcount=100, spaces=3_000, partners=60),
    "L": Size(
        "L", organisations=20, directorates=1_000, headcount=100, spaces=10_000, partners=200
    ),
}
