"""What a failed preview refused, and what it therefore could not plan.

A preview fails when the engine refuses a change (deleting a protected resource, a check a
provider failed) or the program stops: `pulumi preview --json` still prints the steps it
planned, with `severity: error` diagnostics saying what was refused, on which resource (its
`urn`), and a closing one that says only that it failed ("preview failed", or "an unhandled
error occurred: Program exited with non-zero exit code: 1"). The engine stops at a refusal,
so what waits on a refused delete is never planned: the resources it depends on (deleted
after it) and its parent component (deleted after its children).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from tenantctl.jobs.urns import name_of
from tenantctl.user_error import one_line

CLOSING = re.compile(
    r"^(preview failed|an unhandled error occurred: program exited with non-zero exit code: \d+)$",
    re.IGNORECASE,
)
"""The engine's closing diagnostics of a failed preview, which say nothing more."""
TRACEBACK = "Traceback (most recent call last):"
_QUOTED_URN = re.compile(r'"(urn:pulumi:[^"]+)"')


@dataclass(frozen=True)
class Refusal:
    """An error the engine reported: about one resource (`urn`), or the whole preview."""

    urn: str | None
    message: str


@dataclass(frozen=True)
class Unplanned:
    """A resource the preview did not reach, and why."""

    urn: str
    reason: str


def refusals(diagnostics: Iterable[Mapping[str, Any]]) -> tuple[tuple[Refusal, ...], bool]:
    """The refusals among the diagnostics (the closing ones only when nothing else says
    why), and whether the preview failed at all."""
    errors = [
        Refusal(str(d.get("urn") or "") or None, message(str(d.get("message") or "")))
        for d in diagnostics
        if d.get("severity") == "error"
    ]
    telling = tuple(e for e in errors if e.urn or not CLOSING.match(e.message))
    return telling or tuple(errors), bool(errors)


def message(text: str) -> str:
    """An engine diagnostic in one line: without its `error:` and `Preview failed:`
    prefixes, a quoted URN shown as the resource's name, a program's traceback cut to its
    last line."""
    text = text.strip().removeprefix("error:").strip()
    text = re.sub(r"^preview failed:\s*", "", text, flags=re.IGNORECASE)
    if TRACEBACK in text:
        before, _, after = text.partition(TRACEBACK)
        last = [line for line in after.splitlines() if line.strip()][-1:]
        text = " ".join([before, *last])
    return one_line(_QUOTED_URN.sub(lambda found: f"`{name_of(found[1])}`", text))


def unplanned(
    refused_deletes: Iterable[tuple[str, Mapping[str, Any]]],
    stepped: set[str],
    sames_listed: bool,
) -> tuple[Unplanned, ...]:
    """What waits on each refused delete (urn, old state) and has no step of its own.

    Without the unchanged resources' steps (`--show-sames`), a resource without a step may
    also be one the change keeps: the reason then says so.
    """
    found: dict[str, Unplanned] = {}
    for urn, state in refused_deletes:
        waiting = [*(state.get("dependencies") or ()), state.get("parent")]
        for other in waiting:
            if other and other not in stepped and other not in found:
                reason = f"waits on the refused delete of `{name_of(urn)}`"
                if not sames_listed:
                    reason += " (if it is removed too)"
                found[str(other)] = Unplanned(str(other), reason)
    return tuple(found.values())
