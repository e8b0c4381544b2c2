"""The steps of `pulumi preview --json`, as changes grouped by the component they belong to.

The JSON holds `steps` (each with `op`, `urn`, `oldState`, `newState`, `replaceReasons`)
and `changeSummary` (a count per op). Property changes are worked out from the old and new
inputs; for Graph resource kinds both sides are put in the spec's normal form first, so a
value Graph rewrites is never reported as a change.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pulumi.runtime.rpc import UNKNOWN

from tenantctl.jobs.urns import component_label, kind_of, name_of, type_of, visible
from tenantctl.resources.registry import SPECS

OPS = ("create", "update", "replace", "delete", "same")
"""The actions reports count, in the order they show them."""

_AS_REPLACE = {"create-replacement", "delete-replaced", "replace"}


@dataclass(frozen=True)
class PropChange:
    """One property's value before and after (UNKNOWN: known only after apply)."""

    name: str
    before: Any
    after: Any


@dataclass(frozen=True)
class Change:
    """What the preview does to one resource."""

    op: str
    urn: str
    kind: str
    name: str
    component: str
    old: dict[str, Any] = field(default_factory=dict)
    new: dict[str, Any] = field(default_factory=dict)
    old_outputs: dict[str, Any] = field(default_factory=dict)
    properties: tuple[PropChange, ...] = ()
    replace_reasons: tuple[str, ...] = ()
    custom: bool = True


@dataclass(frozen=True)
class Plan:
    """Every change of a preview, and the count of each action."""

    changes: tuple[Change, ...]
    summary: dict[str, int]
    config: dict[str, Any]

    @property
    def pending(self) -> tuple[Change, ...]:
        """The changes that do something (every op but `same`)."""
        return tuple(change for change in self.changes if change.op != "same")

    def by_component(self) -> dict[str, list[Change]]:
        """Pending changes of custom resources by component label, in first-seen order."""
        groups: dict[str, list[Change]] = {}
        for change in self.pending:
            if change.custom:
                groups.setdefault(change.component, []).append(change)
        return groups


def parse(preview: dict[str, Any]) -> Plan:
    """A `Plan` from the document `pulumi preview --json` prints.

    The counts are the engine's own `changeSummary` (the steps list omits most unchanged
    resources), or counted from the steps when it is missing.
    """
    changes: dict[str, Change] = {}
    for step in preview.get("steps") or ():
        change = _change(step)
        if change.urn not in changes or change.op == "replace":
            changes[change.urn] = change
    counts = preview.get("changeSummary") or Counter(c.op for c in changes.values())
    summary = {op: int(counts.get(op, 0)) for op in OPS}
    summary.update({op: n for op, n in counts.items() if op not in OPS})
    return Plan(tuple(changes.values()), summary, dict(preview.get("config") or {}))


def _change(step: dict[str, Any]) -> Change:
    urn = str(step["urn"])
    old_state, new_state = step.get("oldState") or {}, step.get("newState") or {}
    state = new_state or old_state
    kind = kind_of(str(state.get("type") or type_of(urn)))
    old, new = visible(old_state.get("inputs")), visible(new_state.get("inputs"))
    op = "replace" if step["op"] in _AS_REPLACE else str(step["op"])
    properties = _properties(kind, old, new) if op in ("update", "replace") else ()
    return Change(
        op=op,
        urn=urn,
        kind=kind,
        name=name_of(urn),
        component=component_label(state.get("parent")),
        old=old,
        new=new,
        old_outputs=visible(old_state.get("outputs")),
        properties=properties,
        replace_reasons=tuple(step.get("replaceReasons") or ()),
        custom=bool(state.get("custom", True)),
    )


def _properties(kind: str, old: dict[str, Any], new: dict[str, Any]) -> tuple[PropChange, ...]:
    """Changed properties: in the spec's normal form for Graph kinds, as given otherwise."""
    spec = SPECS.get(kind)
    if spec is None:
        names = sorted(set(old) | set(new))
        return tuple(
            PropChange(name, old.get(name), new.get(name))
            for name in names
            if old.get(name) != new.get(name)
        )
    before, after = spec.normalise(old), spec.normalise(new)
    return tuple(
        PropChange(prop.name, old.get(prop.name), new.get(prop.name))
        for prop in spec.props
        if prop.diffed and (new.get(prop.name) == UNKNOWN or before[prop.name] != after[prop.name])
    )
