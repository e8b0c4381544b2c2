"""The steps of `pulumi preview --json`, as changes grouped by the component they belong to.

The JSON holds `steps` (each with `op`, `urn`, `oldState`, `newState`, `replaceReasons`),
`changeSummary` (a count per op) and, when the preview failed, `diagnostics` of severity
`error` (see `refusals`). Its shape is checked first (`document.check`). Property changes
are worked out from the old and new inputs; for Graph resource kinds both sides are put in
the spec's normal form first, so a value Graph rewrites is never reported as a change.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pulumi.runtime.rpc import UNKNOWN

from tenantctl.components.labels import component_label
from tenantctl.jobs.urns import kind_of, name_of, type_of, visible
from tenantctl.preview import document
from tenantctl.preview.refusals import Refusal, Unplanned, refusals, unplanned
from tenantctl.resources.kind import KindSpec, is_known
from tenantctl.resources.registry import SPECS
from tenantctl.resources.resource import TYPE_PREFIX

OPS = ("create", "update", "replace", "delete", "same")
"""The actions reports count, in the order they show them."""

_AS_REPLACE = {"create-replacement", "delete-replaced", "replace"}
NOT_PLANNED = "not planned"
"""The op of a resource the preview names (in an error) but has no step for."""


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
    """Every change of a preview, the count of each action and, when the preview failed,
    what the engine refused and what it could not plan."""

    changes: tuple[Change, ...]
    summary: dict[str, int]
    config: dict[str, Any]
    failed: bool = False
    refusals: tuple[Refusal, ...] = ()
    unplanned: tuple[Unplanned, ...] = ()

    def refused(self, change: Change) -> Refusal | None:
        """The engine's refusal of this change, if it refused it."""
        return next((r for r in self.refusals if r.urn == change.urn), None)

    @property
    def accepted(self) -> tuple[Change, ...]:
        """The pending changes the engine did not refuse."""
        return tuple(change for change in self.pending if self.refused(change) is None)

    def change_at(self, urn: str) -> Change:
        """The change of the resource at `urn`; one that names it alone when the preview
        has no step for it (`op` "not planned", component unknown)."""
        found = next((change for change in self.changes if change.urn == urn), None)
        if found is not None:
            return found
        return Change(NOT_PLANNED, urn, kind_of(type_of(urn)), name_of(urn), component="")

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


def parse(preview: Any, source: str = "the preview") -> Plan:
    """A `Plan` from the document `pulumi preview --json` prints (read from SOURCE); a
    `PreviewDocumentError` naming SOURCE and the key at fault for anything else.

    The counts are the engine's own `changeSummary` (the steps list omits unchanged
    resources unless the preview ran with `--show-sames`), or counted from the steps when it
    is missing.
    """
    preview = document.check(preview, source)
    steps = preview.get("steps") or ()
    changes: dict[str, Change] = {}
    for number, step in enumerate(steps):
        change = _change(step, f"{source}: steps[{number}]")
        if change.urn not in changes or change.op == "replace":
            changes[change.urn] = change
    counts = preview.get("changeSummary") or Counter(c.op for c in changes.values())
    summary = {op: int(counts.get(op, 0)) for op in OPS}
    summary.update({op: n for op, n in counts.items() if op not in OPS})
    refused, failed = refusals(preview.get("diagnostics") or ())
    refused_urns = {refusal.urn for refusal in refused}
    sames_listed = summary["same"] <= sum(1 for step in steps if step["op"] == "same")
    waiting = unplanned(
        (
            (str(s["urn"]), s.get("oldState") or {})
            for s in steps
            if s["op"] == "delete" and s["urn"] in refused_urns
        ),
        set(changes),
        sames_listed,
    )
    config = dict(preview.get("config") or {})
    return Plan(tuple(changes.values()), summary, config, failed, refused, waiting)


def _change(step: dict[str, Any], where: str) -> Change:
    urn = str(step["urn"])
    old_state, new_state = step.get("oldState") or {}, step.get("newState") or {}
    state = new_state or old_state
    type_ = str(state.get("type") or type_of(urn))
    kind = kind_of(type_)
    spec = SPECS.get(kind) if type_.startswith(TYPE_PREFIX) else None
    old, new = visible(old_state.get("inputs")), visible(new_state.get("inputs"))
    _check_values(spec, old, f"{where}.oldState.inputs")
    _check_values(spec, new, f"{where}.newState.inputs")
    op = "replace" if step["op"] in _AS_REPLACE else str(step["op"])
    properties = _properties(spec, old, new) if op in ("update", "replace") else ()
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


def _check_values(spec: KindSpec | None, inputs: dict[str, Any], where: str) -> None:
    """Each input of a Graph kind has a value its normaliser takes (the provider's check
    let only such values through)."""
    if spec is None:
        return
    for prop in spec.props:
        value = inputs.get(prop.name)
        try:
            prop.normalise(value) if is_known(value) else None
        except (TypeError, ValueError, AttributeError, KeyError):
            raise document.PreviewDocumentError(
                f"{where}.{prop.name}", f"is not a value a {spec.kind} takes"
            ) from None


def _properties(
    spec: KindSpec | None, old: dict[str, Any], new: dict[str, Any]
) -> tuple[PropChange, ...]:
    """Changed properties: in the spec's normal form for the toolkit's Graph kinds, as given
    otherwise (pulumi-azuread's, whose short kinds may be the same: `Group`)."""
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
