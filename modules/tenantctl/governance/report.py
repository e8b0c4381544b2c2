"""Printing violations and the baseline mapping."""

from __future__ import annotations

from collections.abc import Iterable

from tenantctl.governance.baselines import CONTROLS
from tenantctl.governance.catalogue import RULES
from tenantctl.governance.violations import Level, Violation


def violation_lines(violations: Iterable[Violation]) -> list[str]:
    """One line per violation, mandatory first."""
    ordered = sorted(violations, key=lambda v: (v.level is not Level.MANDATORY, v.rule))
    return [str(v) for v in ordered]


def baseline_lines() -> list[str]:
    """Each rule with its level and the SCuBA and CIS controls it corresponds to."""
    lines: list[str] = []
    for rule in RULES.values():
        lines.append(f"{rule.id} ({rule.level.value}): {rule.title}")
        controls = [*rule.scuba, *rule.cis]
        lines.extend(f"  {control}: {CONTROLS[control]}" for control in controls)
        if not controls:
            lines.append("  (no baseline control corresponds)")
    return lines
