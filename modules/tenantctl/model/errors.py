"""Problems found in a tenant description, each pointing at a file, a line and a key."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    """How serious a finding is: errors stop a run, warnings are reported."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class SourceRef:
    """Where a value was written: a file and a 1-based line."""

    file: Path
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Finding:
    """One problem: where it is, which key, what is wrong, and how to fix it."""

    source: SourceRef | None
    key: str
    message: str
    fix: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source else ""
        return f"{where}{self.severity.value}: {self.key}: {self.message} (fix: {self.fix})"


class YamlReadError(Exception):
    """A file that cannot be read as part of a tenant description at all."""

    def __init__(self, finding: Finding) -> None:
        self.finding = finding
        super().__init__(str(finding))

    @classmethod
    def at(cls, path: Path, line: int, message: str, fix: str) -> YamlReadError:
        """The error for a whole file (key `(file)`), at a line of it."""
        return cls(Finding(SourceRef(path, line), "(file)", message, fix))


class TenantDescriptionError(Exception):
    """Raised when a tenant description has errors; carries every finding at once."""

    def __init__(self, findings: Iterable[Finding]) -> None:
        self.findings = sorted(findings, key=_sort_key)
        super().__init__(self.render())

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    def render(self) -> str:
        count = len(self.errors)
        header = f"The tenant description has {count} error{'s' if count != 1 else ''}:"
        return "\n".join([header, *(f"  {finding}" for finding in self.findings)])


def _sort_key(finding: Finding) -> tuple[str, int, str]:
    if finding.source is None:
        return ("", 0, finding.key)
    return (str(finding.source.file), finding.source.line, finding.key)
