"""Where each item of a description came from, so findings can name file, line and key."""

from __future__ import annotations

from dataclasses import dataclass, field

from tenantctl.model.errors import Finding, Severity, SourceRef
from tenantctl.model.yaml_source import KeyPath, YamlDocument


@dataclass(frozen=True)
class ItemOrigin:
    """A document and the key path of one item inside it."""

    document: YamlDocument
    path: KeyPath


@dataclass
class SourceIndex:
    """Origins of items by (section, item key)."""

    origins: dict[tuple[str, str], ItemOrigin] = field(default_factory=dict)

    def add(self, section: str, key: str, origin: ItemOrigin) -> None:
        self.origins[(section, key)] = origin

    def locate(self, section: str, key: str, sub: KeyPath = ()) -> SourceRef | None:
        origin = self.origins.get((section, key))
        return origin.document.source((*origin.path, *sub)) if origin else None

    def finding(
        self,
        section: str,
        key: str,
        sub: KeyPath,
        message: str,
        fix: str,
        severity: Severity = Severity.ERROR,
    ) -> Finding:
        """A finding about a value inside an item."""
        return Finding(
            self.locate(section, key, sub), key_label(section, key, sub), message, fix, severity
        )


def key_label(section: str, key: str, sub: KeyPath) -> str:
    """A readable key path: spaces[drh-recrutement].channels[2].name."""
    label = f"{section}[{key}]" if key else section
    for part in sub:
        label += f"[{part}]" if isinstance(part, int) else f".{part}"
    return label
