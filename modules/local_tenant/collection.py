"""Generic document helpers shared by every workload: body validation, rendering, merging."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from local_tenant.errors import BadRequest, GraphError
from local_tenant.odata import project
from local_tenant.storage import Document, Store, public

JsonType = type | tuple[type, ...]


@dataclass(frozen=True)
class Shape:
    """What a Graph type accepts on write and returns on read."""

    type_name: str
    writable: Mapping[str, JsonType]
    binds: frozenset[str] = frozenset()
    select_only: frozenset[str] = frozenset()
    default_select: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    error: type[GraphError] = BadRequest
    limits: Mapping[str, int] = field(default_factory=dict)

    def validate(self, body: Mapping[str, Any], *, creating: bool) -> dict[str, Any]:
        """Graph's 400 for unknown properties, wrong JSON types or missing required ones."""
        clean: dict[str, Any] = {}
        for key, value in body.items():
            if key == "@odata.type":
                continue
            if key.endswith("@odata.bind"):
                if key not in self.binds:
                    raise self.error(f"Property '{key}' does not exist as a declared property.")
                clean[key] = value
                continue
            expected = self.writable.get(key)
            if expected is None:
                raise self.error(
                    f"Property '{key}' does not exist as a declared property or extension property."
                )
            if value is not None and not _is(value, expected):
                raise self.error(
                    f"Invalid value specified for property '{key}' of resource '{self.type_name}'."
                )
            limit = self.limits.get(key)
            if limit is not None and isinstance(value, str) and len(value) > limit:
                raise self.error(
                    f"Invalid value specified for property '{key}' of resource '{self.type_name}': "
                    f"the maximum length is {limit}."
                )
            clean[key] = value
        if creating:
            for key in self.required:
                if body.get(key) in (None, ""):
                    raise self.error(
                        f"Invalid value specified for property '{key}' of resource "
                        f"'{self.type_name}'."
                    )
        return clean

    def render(self, doc: Document, select: tuple[str, ...] = ()) -> dict[str, Any]:
        """The public JSON of a stored document under ``$select`` and the default property set."""
        shown = public(doc)
        if select:
            return project(shown, select)
        if self.default_select:
            return project(shown, self.default_select)
        return {k: v for k, v in shown.items() if k not in self.select_only}


def _is(value: Any, expected: JsonType) -> bool:
    if isinstance(value, bool) and expected is int:
        return False
    return isinstance(value, expected)


def require(store: Store, kind: str, id: str, missing: Callable[[str], GraphError]) -> Document:
    """A live document or the workload's 404."""
    doc = store.get(kind, id)
    if doc is None:
        raise missing(id)
    return doc


def merge(doc: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """PATCH semantics: nested objects merge key by key, everything else replaces."""
    out = dict(doc)
    for key, value in changes.items():
        current = out.get(key)
        if isinstance(value, dict) and isinstance(current, dict):
            out[key] = merge(current, value)
        else:
            out[key] = value
    return out
