"""What a governance rule reports: which rule, how serious, about which object, and the fix."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Level(StrEnum):
    """Mandatory violations stop a run; advisory ones are reported."""

    MANDATORY = "mandatory"
    ADVISORY = "advisory"


@dataclass(frozen=True)
class Violation:
    """One breach of a rule: the object at fault, what is wrong and how to fix it."""

    rule: str
    level: Level
    subject: str
    message: str
    fix: str

    def __str__(self) -> str:
        return f"{self.level.value}: [{self.rule}] {self.subject}: {self.message} (fix: {self.fix})"
