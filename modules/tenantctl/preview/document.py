"""The shape of `pulumi preview --json` output, checked before anything reads it.

The engine prints one object: `steps` (each with `op`, `urn`, and `oldState` / `newState`
holding `type`, `parent`, `custom`, `inputs`, `outputs`, `dependencies`), `changeSummary` (a
count per op), `diagnostics` (`message`, `severity`, the resource's `urn` if any) and
`config`. A preview that failed still prints it, with `severity: error` diagnostics. Any
other JSON is refused with one line naming the key at fault, never read as "no changes".
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tenantctl.stack.config import PROJECT
from tenantctl.user_error import UserError

EXPECTED = "expected the output of `pulumi preview --json`"
TOP_KEYS = ("steps", "changeSummary", "diagnostics")
"""A preview prints at least one of these; none of them means it is not a preview."""
URN_PREFIX = "urn:pulumi:"


class PreviewDocumentError(UserError):
    """JSON that is not the output of `pulumi preview --json`; names the key at fault."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem} ({EXPECTED})")
        self.where = where


def check(document: Any, source: str) -> dict[str, Any]:
    """DOCUMENT (read from SOURCE), once it has the preview's shape; else a
    `PreviewDocumentError` naming SOURCE and the key at fault."""
    if not isinstance(document, dict):
        raise PreviewDocumentError(source, f"is {_kind(document)}, not an object")
    if not any(key in document for key in TOP_KEYS):
        raise PreviewDocumentError(source, f"has none of {', '.join(TOP_KEYS)}")
    for where, problem in _problems(document):
        raise PreviewDocumentError(f"{source}: {where}", problem)
    return document


def well_formed_urn(value: Any) -> bool:
    """Whether VALUE is a Pulumi URN: `urn:pulumi:STACK::PROJECT::TYPE::NAME`."""
    return (
        isinstance(value, str)
        and value.startswith(URN_PREFIX)
        and len(value.split("::")) >= 4
        and all(value.split("::")[2:3])
    )


def _problems(document: dict[str, Any]) -> Iterator[tuple[str, str]]:
    yield from _of_type(document, "config", dict, "an object")
    if isinstance(document.get("config"), dict):
        name = f"{PROJECT}:description"
        yield from _of_type(document["config"], name, str, "a stack name", "config")
    steps = document.get("steps")
    yield from _of_type(document, "steps", list, "a list")
    for number, step in enumerate(steps if isinstance(steps, list) else ()):
        yield from _step(f"steps[{number}]", step)
    summary = document.get("changeSummary")
    yield from _of_type(document, "changeSummary", dict, "an object")
    for op, count in (summary if isinstance(summary, dict) else {}).items():
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            yield f"changeSummary.{op}", f"is {_kind(count)}, not a count"
    diagnostics = document.get("diagnostics")
    yield from _of_type(document, "diagnostics", list, "a list")
    for number, found in enumerate(diagnostics if isinstance(diagnostics, list) else ()):
        yield from _diagnostic(f"diagnostics[{number}]", found)


def _step(where: str, step: Any) -> Iterator[tuple[str, str]]:
    if not isinstance(step, dict):
        yield where, f"is {_kind(step)}, not an object"
        return
    if not isinstance(step.get("op"), str):
        yield f"{where}.op", "is missing" if "op" not in step else f"is {_kind(step['op'])}"
    if not well_formed_urn(step.get("urn")):
        yield f"{where}.urn", "is missing" if "urn" not in step else "is not a Pulumi URN"
    yield from _of_type(step, "replaceReasons", list, "a list", where)
    for number, reason in enumerate(step.get("replaceReasons") or ()):
        if not isinstance(reason, str):
            yield f"{where}.replaceReasons[{number}]", f"is {_kind(reason)}, not a name"
    for side in ("oldState", "newState"):
        yield from _of_type(step, side, dict, "an object", where)
        state = step.get(side)
        if isinstance(state, dict):
            yield from _state(f"{where}.{side}", state)


def _state(where: str, state: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for key in ("type", "parent"):
        yield from _of_type(state, key, str, "a string", where)
    if state.get("parent") is not None and not well_formed_urn(state["parent"]):
        yield f"{where}.parent", "is not a Pulumi URN"
    yield from _of_type(state, "custom", bool, "true or false", where)
    for key in ("inputs", "outputs"):
        yield from _of_type(state, key, dict, "an object", where)
    yield from _of_type(state, "dependencies", list, "a list", where)
    for number, urn in enumerate(state.get("dependencies") or ()):
        if not well_formed_urn(urn):
            yield f"{where}.dependencies[{number}]", "is not a Pulumi URN"


def _diagnostic(where: str, diagnostic: Any) -> Iterator[tuple[str, str]]:
    if not isinstance(diagnostic, dict):
        yield where, f"is {_kind(diagnostic)}, not an object"
        return
    for key in ("message", "severity"):
        yield from _of_type(diagnostic, key, str, "a string", where)
    if diagnostic.get("urn") not in (None, "") and not well_formed_urn(diagnostic["urn"]):
        yield f"{where}.urn", "is not a Pulumi URN"


def _of_type(
    holder: dict[str, Any], key: str, kind: type, named: str, where: str = ""
) -> Iterator[tuple[str, str]]:
    """A problem when HOLDER[KEY] is present, not null, and not of KIND."""
    value = holder.get(key)
    if value is not None and not isinstance(value, kind):
        yield f"{where}.{key}".lstrip("."), f"is {_kind(value)}, not {named}"


def _kind(value: Any) -> str:
    """How a JSON value is named in an error."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"
