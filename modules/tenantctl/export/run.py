"""One export: filter, read in bulk, classify."""

from __future__ import annotations

import datetime as dt
import fnmatch
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tenantctl.export.classify import KINDS, Classifier, Export
from tenantctl.export.kinds import OTHER, group_kind
from tenantctl.export.mapping import ExportMapping
from tenantctl.export.reader import CollaborationSnapshot, Progress, TenantReader
from tenantctl.graph import GraphClient


@dataclass(frozen=True)
class Filters:
    """Which objects to export: model sections, and a name pattern (shell-style, any case)
    matched against a group's display name or mail nickname."""

    kinds: tuple[str, ...] = KINDS
    pattern: str | None = None

    def selects(self) -> Callable[[dict[str, Any]], bool]:
        """Whether a listed group is exported (unclassifiable groups follow the pattern)."""
        pattern = (self.pattern or "*").casefold()

        def selected(group: dict[str, Any]) -> bool:
            kind = group_kind(group)
            names = (group.get("displayName") or "", group.get("mailNickname") or "")
            return (kind == OTHER or kind in self.kinds) and any(
                fnmatch.fnmatchcase(name.casefold(), pattern) for name in names
            )

        return selected


async def export_tenant(
    client: GraphClient,
    mapping: ExportMapping,
    filters: Filters = Filters(),
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> tuple[Export, CollaborationSnapshot]:
    """The tenant's description, and the snapshot it was read from."""
    mailboxes = "mailbox_settings" in filters.kinds
    snapshot = await TenantReader(client, progress).read(filters.selects(), mailboxes)
    classifier = Classifier(snapshot, mapping, today or dt.date.today())
    return classifier.export(filters.kinds), snapshot
