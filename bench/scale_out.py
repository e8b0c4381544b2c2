"""A deployed stack made as large as a bigger size, without deploying it again: each team space
the engine deployed is copied, in the local tenant's store and in the stack's state, until the
state declares the size's number of spaces; the size's users are loaded beside S's.

Deploying M's 3,000 team spaces through the engine takes hours under Teams' budgets, so drift
and export are measured at M on copies of the spaces the engine really deployed. A copy is the
deployed space with fresh object ids (groups, teams, channels, sites, settings, memberships) and
its space key suffixed (`space-00010` -> `space-00010-c001`, so its mail nickname, site URL and
Pulumi URNs are new too); its members and owners are the same users. Directorates, licence
groups and partners stay S's. Write only while the local tenant is stopped.
"""

from __future__ import annotations

import base64
import json
import re
import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from local_tenant.storage import Store

SPACE_TYPES = ("tenantctl:m365:TeamSpace", "tenantctl:m365:PartnerSpace")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
THREAD = re.compile(r"19:([0-9a-f]{32})@thread")
MEMBERSHIP_PREFIX = "MC"
"""How base64 of `0#` starts: team and channel membership ids encode `0#{parent id}#{user id}`
(URL-safe, unpadded)."""


@dataclass(frozen=True)
class Space:
    """One deployed team space: its component, its resources and its stored objects."""

    key: str
    resources: list[dict[str, Any]]
    rows: list[tuple[str, str, str | None, dict[str, Any]]]
    """(kind, id, parent, body) of the group, its team, channels, site and the rest."""


def spaces_of(export: dict[str, Any], store: Path) -> list[Space]:
    """The team spaces of a `pulumi stack export` document, with their stored objects."""
    resources = export["deployment"]["resources"]
    found = []
    with sqlite3.connect(store) as db:
        for component in resources:
            if component["type"] not in SPACE_TYPES:
                continue
            children = [r for r in resources if r.get("parent") == component["urn"]]
            group = str(component["outputs"]["group_id"])
            key = component["urn"].rsplit("::", 1)[1].removeprefix("space-")
            found.append(Space(key, [component, *children], _rows_of(db, group)))
    return found


def _rows_of(db: sqlite3.Connection, group: str) -> list[tuple[str, str, str | None, Any]]:
    """Live objects that are the group or hang under it (and the channels' members)."""
    query = "SELECT kind, id, parent, body FROM objects WHERE deleted=0 AND (id=? OR parent=?)"
    rows = [(k, i, p, json.loads(b)) for k, i, p, b in db.execute(query, (group, group))]
    channels = [i for k, i, _, _ in rows if k == "channel"]
    for channel in channels:
        under = db.execute(
            "SELECT kind, id, parent, body FROM objects WHERE deleted=0 AND parent=?", (channel,)
        )
        rows += [(k, i, p, json.loads(b)) for k, i, p, b in under]
    return rows


class Renamer:
    """Maps one space's object ids and key to a copy's, in any string that holds them."""

    def __init__(self, space: Space, copy_number: int) -> None:
        self.key = re.compile(re.escape(space.key) + r"(?!\d)")
        self.new_key = f"{space.key}-c{copy_number:03d}"
        self.tokens: dict[str, str] = {}
        for _, row_id, _, body in space.rows:
            for token in UUID.findall(row_id):
                self.tokens.setdefault(token, str(uuid.uuid4()))
            for text in (row_id, str(body.get("internalId", ""))):
                for token in THREAD.findall(text):
                    self.tokens.setdefault(token, uuid.uuid4().hex)

    def text(self, value: str) -> str:
        if value.startswith(MEMBERSHIP_PREFIX):
            decoded = _b64(value)
            if decoded is not None and decoded.startswith("0#"):
                return base64.urlsafe_b64encode(self.text(decoded).encode()).decode().rstrip("=")
        for old, new in self.tokens.items():
            if old in value:
                value = value.replace(old, new)
        return self.key.sub(self.new_key, value)

    def value(self, value: Any) -> Any:
        """A JSON value with every string renamed (the pickled providers left as they are)."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.value(item) for item in value]
        if isinstance(value, dict):
            return {k: (v if k == "__provider" else self.value(v)) for k, v in value.items()}
        return value


def _b64(value: str) -> str | None:
    """A membership id decoded (URL-safe base64 without padding, as the local tenant makes
    them), or None."""
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
    except ValueError:
        return None


def copies(spaces: list[Space], have: int, wanted: int) -> Iterator[tuple[Space, Renamer]]:
    """Renamers taking a stack from HAVE spaces to WANTED: copies of the deployed SPACES,
    round robin, numbered on from the copies already made."""
    for number in range(have - len(spaces), wanted - len(spaces)):
        space = spaces[number % len(spaces)]
        yield space, Renamer(space, number // len(spaces) + 1)


def scale_out(
    deployed: dict[str, Any], store: Path, have: int, wanted: int
) -> list[dict[str, Any]]:
    """Copy the team spaces of the DEPLOYED export into STORE, taking a stack from HAVE spaces
    to WANTED; return the copies' resources, to append to the stack's state."""
    spaces = spaces_of(deployed, store)
    added: list[dict[str, Any]] = []
    tenant = Store(store)
    try:
        with tenant.transaction():
            for space, renamer in copies(spaces, have, wanted):
                for kind, row_id, parent, body in space.rows:
                    tenant.put(
                        kind,
                        renamer.text(row_id),
                        renamer.value(body),
                        renamer.text(parent) if parent else None,
                    )
                added.extend(renamer.value(resource) for resource in space.resources)
    finally:
        tenant.close()
    return added


def space_count(export: dict[str, Any]) -> int:
    """How many team spaces a stack's state declares."""
    return sum(1 for r in export["deployment"]["resources"] if r["type"] in SPACE_TYPES)
