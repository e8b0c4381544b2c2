"""Write licence recommendations back into a stack's data, for a reviewed pull request.

Two kinds of change, each where it belongs:
- the licence groups' own items are edited in place, in whichever file defines them: a user
  leaves a group through its `users` list or, for a group with a rule or directorates, its
  `exclude` list; a user joins a group through its `users` list. The edit is a round trip
  through ruamel.yaml, which keeps comments, key order, quoting and block scalars;
- people a group's `users` list needs but the description does not name yet are added to
  `licence_recommendations.yaml` in the data folder, a file this writer owns.
Applying the change is then `tenantctl validate`, a pull request and `pulumi up`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from tenantctl.model import LicenceGroup, Tenant, TenantIndex
from tenantctl.reports.adoption import NO_DIRECTORATE, directorate_of
from tenantctl.reports.licences import Recommendation
from tenantctl.reports.snapshot import DirectoryUser

OVERLAY = "licence_recommendations.yaml"
_OVERLAY_HEADER = (
    "# People named by licence groups after `tenantctl report licences --write-stack`.\n"
    "# Written by that command; review it in the pull request with the licence groups' edits.\n"
)


@dataclass
class StackChange:
    """What to change in the licence groups, and what could not be written."""

    leave: dict[str, set[str]] = field(default_factory=dict)  # group key → UPNs (lower)
    join: dict[str, list[str]] = field(default_factory=dict)  # group key → UPNs
    people: dict[str, dict[str, Any]] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)


def plan_change(
    tenant: Tenant, users: Iterable[DirectoryUser], recommendations: Iterable[Recommendation]
) -> StackChange:
    """The licence-group edits the recommendations call for."""
    index = TenantIndex(tenant)
    by_nickname = {index.licence_mail_nickname(g).lower(): g for g in tenant.licence_groups}
    by_upn = {u.upn.lower(): u for u in users}
    where = directorate_of(tenant)
    change = StackChange()

    def leave(rec: Recommendation, sku: str) -> None:
        group = by_nickname.get((rec.group or "").lower())
        if group is None:
            change.skipped.append(f"{rec.upn}: {sku} is not given by a licence group of the stack")
        else:
            change.leave.setdefault(group.key, set()).add(rec.upn.lower())

    def join(rec: Recommendation, sku: str) -> None:
        group = _group_for(tenant.licence_groups, sku)
        user = by_upn.get(rec.upn.lower())
        if group is None:
            change.skipped.append(f"{rec.upn}: no licence group of the stack gives {sku}")
            return
        known = index.people.get(rec.upn.lower())
        if group.frontline_only and known is not None and not known.frontline:
            change.skipped.append(
                f"{rec.upn}: {group.key} licenses frontline agents only; mark them "
                "'frontline: true' under 'people' if they are one, then run this again"
            )
            return
        if known is None and rec.upn.lower() not in change.people:
            code = where(user) if user else NO_DIRECTORATE
            if code == NO_DIRECTORATE:
                change.skipped.append(f"{rec.upn}: department matches no directorate")
                return
            change.people[rec.upn.lower()] = {
                "upn": rec.upn,
                "display_name": rec.display_name or rec.upn,
                "directorate": code,
                **({"frontline": True} if group.frontline_only else {}),
            }
        change.join.setdefault(group.key, []).append(rec.upn)

    for rec in recommendations:
        if rec.kind == "inactive" or (rec.kind == "duplicate" and rec.yearly_effect < 0):
            leave(rec, rec.sku)
        elif rec.kind == "downgrade" and rec.target:
            leave(rec, rec.sku)
            join(rec, rec.target)
        elif rec.kind == "direct":
            join(rec, rec.sku)
            change.skipped.append(f"{rec.upn}: then remove the direct {rec.sku} assignment")
        elif rec.kind == "duplicate":
            change.skipped.append(f"{rec.upn}: remove the extra {rec.sku} assignment in Graph")
    return change


def _group_for(groups: Iterable[LicenceGroup], sku: str) -> LicenceGroup | None:
    """The group to give `sku` by name: one with an explicit list first."""
    matching = [g for g in groups if g.sku == sku]
    return next((g for g in matching if g.users), matching[0] if matching else None)


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def write_change(data_dir: Path, change: StackChange) -> list[Path]:
    """Apply the change to the stack's YAML files; return the files written."""
    yaml = _yaml()
    written: list[Path] = []
    keys = set(change.leave) | set(change.join)
    for path in sorted(data_dir.rglob("*.yaml")):
        if path.name == OVERLAY:
            continue
        document = yaml.load(path.read_text("utf-8"))
        items = document.get("licence_groups") if isinstance(document, CommentedMap) else None
        touched = [i for i in items or [] if isinstance(i, CommentedMap) and i.get("key") in keys]
        for item in touched:
            _edit(item, change.leave.get(item["key"], set()), change.join.get(item["key"], []))
        if touched:
            with path.open("w", encoding="utf-8") as out:
                yaml.dump(document, out)
            written.append(path)
    if change.people:
        written.append(_write_people(data_dir / OVERLAY, change.people))
    return written


def _edit(item: CommentedMap, leave: set[str], join: list[str]) -> None:
    users = [u for u in item.get("users", []) if str(u).lower() not in leave]
    dynamic = bool(item.get("rule") or item.get("directorates"))
    listed = {str(u).lower() for u in item.get("users", [])}
    exclude = [str(u) for u in item.get("exclude", [])]
    for upn in sorted(leave - listed if dynamic else set()):
        if upn not in {e.lower() for e in exclude}:
            exclude.append(upn)
    users += [u for u in join if u.lower() not in {str(x).lower() for x in users}]
    exclude = [e for e in exclude if e.lower() not in {u.lower() for u in join}]
    _set_list(item, "users", users)
    _set_list(item, "exclude", exclude)


def _set_list(item: CommentedMap, key: str, values: list[Any]) -> None:
    if not values:
        item.pop(key, None)
        return
    current = item.get(key)
    if isinstance(current, CommentedSeq):
        current[:] = values
        return
    # Before the item's last key, which carries the comments and blank line that follow it.
    keys = list(item)
    position = keys.index("frontline_only") if "frontline_only" in keys else len(keys) - 1
    item.insert(position, key, CommentedSeq(values))


def _write_people(path: Path, people: dict[str, dict[str, Any]]) -> Path:
    yaml = _yaml()
    existing: list[dict[str, Any]] = []
    if path.exists():
        existing = list((yaml.load(path.read_text("utf-8")) or {}).get("people") or [])
    known = {str(p["upn"]).lower() for p in existing}
    merged = [*existing, *(p for upn, p in sorted(people.items()) if upn not in known)]
    with path.open("w", encoding="utf-8") as out:
        out.write(_OVERLAY_HEADER)
        yaml.dump({"people": merged}, out)
    return path
