"""Values in reports: short Markdown code spans, and where two values differ."""

from __future__ import annotations

import json
from typing import Any

from pulumi.runtime.rpc import UNKNOWN

LONGEST = 80


def show(value: Any) -> str:
    """A value as a Markdown code span, cut at `LONGEST` characters."""
    if value == UNKNOWN:
        return "*(known after apply)*"
    shown = json.dumps(value, ensure_ascii=False, sort_keys=True)
    if len(shown) > LONGEST:
        shown = shown[: LONGEST - 1] + "…"
    return "`" + shown.replace("|", "\\|") + "`"


def differences(name: str, before: Any, after: Any) -> list[tuple[str, Any, Any]]:
    """(path, before, after) of what differs; settings blocks key by key (`a.b.c`)."""
    if isinstance(before, dict) and isinstance(after, dict):
        return [
            found
            for key in sorted(set(before) | set(after))
            if before.get(key) != after.get(key)
            for found in differences(f"{name}.{key}", before.get(key), after.get(key))
        ]
    return [(name, before, after)]


def list_change(before: list[Any], after: list[Any]) -> str:
    """What a list gained (+) and lost (-)."""
    added = [f"+{show(item)}" for item in after if item not in before]
    removed = [f"-{show(item)}" for item in before if item not in after]
    return ", ".join(added + removed)
