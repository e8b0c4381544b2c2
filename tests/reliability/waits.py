"""The wait lines a `pulumi up` prints in its diagnostics (tenantctl.resources.waits)."""

from __future__ import annotations

import re
from dataclasses import dataclass

WAIT_LINE = re.compile(
    r"waited (?P<seconds>[\d.]+) s for (?P<reason>.+?): (?P<method>[A-Z]+) (?P<target>\S+) "
    r"\(retry (?P<attempt>\d+)\)"
)


@dataclass(frozen=True)
class Wait:
    seconds: float
    reason: str
    method: str
    target: str
    attempt: int


def reported_waits(stdout: str) -> list[Wait]:
    """The waits of the run's Diagnostics section (each line once, as the engine sums up)."""
    _, found, diagnostics = stdout.partition("\nDiagnostics:\n")
    assert found or "waited" not in stdout, "wait lines outside a Diagnostics section"
    return [
        Wait(float(m["seconds"]), m["reason"], m["method"], m["target"], int(m["attempt"]))
        for m in WAIT_LINE.finditer(diagnostics)
    ]
