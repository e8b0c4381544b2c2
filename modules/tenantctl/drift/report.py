"""The drift report: findings with their acceptance, as Markdown (an issue) and JSON."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from tenantctl.drift.accept import UNMANAGED, Acceptance, match
from tenantctl.drift.compare import Finding, Unmanaged
from tenantctl.jobs.values import differences, list_change, show
from tenantctl.m365.permissions import read_only
from tenantctl.resources.registry import SPECS

MARKER = "<!-- tenantctl:drift-report -->"


@dataclass(frozen=True)
class Counts:
    """What the run cost: objects compared, requests sent, time waited on throttling; resources
    of other providers skipped, and by kind those the identity was refused reading."""

    objects: int
    requests: int
    throttled_wait: float
    skipped: int
    refused: dict[str, int] = field(default_factory=dict)
    exchange: dict[str, int] = field(default_factory=dict)
    """Groups Exchange Online manages, by kind: reported, never drift."""


@dataclass(frozen=True)
class DriftReport:
    stack: str
    checked_at: dt.datetime
    findings: list[tuple[Finding, Acceptance | None]]
    unmanaged: list[tuple[Unmanaged, Acceptance | None]]
    counts: Counts

    def _open(self, acceptance: Acceptance | None) -> bool:
        return acceptance is None or acceptance.expired(self.checked_at.date())

    @property
    def failing(self) -> bool:
        """Drift no valid acceptance covers."""
        return any(self._open(a) for _, a in self.findings) or any(
            self._open(a) for _, a in self.unmanaged
        )

    def status(self, acceptance: Acceptance | None) -> str:
        if acceptance is None:
            return "drift"
        if self._open(acceptance):
            return f"acceptance expired {acceptance.expires}"
        return f"accepted until {acceptance.expires}: {acceptance.reason}"


def build(
    stack: str,
    checked_at: dt.datetime,
    findings: list[Finding],
    unmanaged: list[Unmanaged],
    acceptances: list[Acceptance],
    counts: Counts,
) -> DriftReport:
    return DriftReport(
        stack,
        checked_at,
        [(f, match(acceptances, f.object, f.urn, f.property)) for f in findings],
        [(u, match(acceptances, u.object, u.id, UNMANAGED)) for u in unmanaged],
        counts,
    )


@dataclass(frozen=True)
class Row:
    """One row of the drift table: a property, or a key of a settings block, that differs."""

    finding: Finding
    path: str
    expected: Any
    live: Any
    acceptance: Acceptance | None


def rows(report: DriftReport) -> list[Row]:
    """The drift table's rows: a finding on a settings block gives a row per key that
    differs (`body.funSettings.allowGiphy`); the headline counts these rows."""
    return [
        Row(finding, path, expected, live, acceptance)
        for finding, acceptance in report.findings
        for path, expected, live in differences(finding.property, finding.expected, finding.live)
    ]


def markdown(report: DriftReport) -> str:
    c = report.counts
    when = report.checked_at.strftime("%Y-%m-%d %H:%M UTC")
    table = rows(report)
    lines = [
        MARKER,
        f"## Drift of stack `{report.stack}`",
        "",
        f"Checked {c.objects} objects at {when} in {c.requests} requests"
        + (f" (waited {c.throttled_wait:.0f}s on throttling)" if c.throttled_wait else "")
        + f" · **{len(table)}** drifted properties"
        + f" · **{len(report.unmanaged)}** objects created outside the stack",
        "",
    ]
    if c.skipped:
        lines += [f"{c.skipped} resources of other providers were not checked.", ""]
    for kind, count in sorted(c.refused.items()):
        needs = ", ".join(p for p in SPECS[kind].reads if not read_only(p))
        lines += [
            f"{count} {kind} resources were not checked: reading them takes {needs}, "
            "which this identity does not have (a read-only identity cannot read them).",
            "",
        ]
    if c.exchange:
        lines += [_exchange_line(c.exchange), ""]
    if not report.findings and not report.unmanaged:
        return "\n".join([*lines, "✅ No drift."]) + "\n"
    if report.findings:
        lines += [
            "### Drift",
            "",
            "| Component | Object | Kind | Property | Expected | Live | Status |",
            "|---|---|---|---|---|---|---|",
        ]
        for row in table:
            f = row.finding
            cells = [f.component, f"`{f.object}`", f.kind, f"`{row.path}`", show(row.expected)]
            if isinstance(row.expected, list) and isinstance(row.live, list):
                cells.append(list_change(row.expected, row.live))
            else:
                cells.append(show(row.live))
            lines.append("| " + " | ".join([*cells, report.status(row.acceptance)]) + " |")
        lines.append("")
    if report.unmanaged:
        lines += [
            "### Created outside the stack",
            "",
            "| Where | Kind | Name | Id | Created | Status |",
            "|---|---|---|---|---|---|",
        ]
        for u, acceptance in report.unmanaged:
            where = f"{u.scope} `{u.inside}`" if u.inside else u.scope
            name = f"`{u.name}`" + (f" ({u.detail})" if u.detail else "")
            cells = [where, u.kind, name, u.id, u.created or "—"]
            lines.append("| " + " | ".join([*cells, report.status(acceptance)]) + " |")
        lines.append("")
    lines.append(
        "Graph v1.0 does not say who changed these objects or when: look them up in the "
        "directory audit log (Entra admin centre, or `GET /auditLogs/directoryAudits`)."
    )
    return "\n".join(lines).rstrip() + "\n"


def _exchange_line(exchange: dict[str, int]) -> str:
    """The Exchange Online groups the tenant holds: information, never drift."""
    counted = " and ".join(
        f"{n} {kind}{'' if n == 1 else 's'}" for kind, n in sorted(exchange.items())
    )
    return (
        f"Not managed: {counted}, which Exchange Online manages (Graph v1.0 lists them but "
        "cannot change them); use the Exchange admin centre or Exchange Online PowerShell."
    )


def as_json(report: DriftReport) -> dict[str, Any]:
    c = report.counts
    return {
        "stack": report.stack,
        "checked_at": report.checked_at.isoformat(),
        "failing": report.failing,
        "counts": {
            "objects": c.objects,
            "requests": c.requests,
            "throttled_wait_s": round(c.throttled_wait, 1),
            "skipped": c.skipped,
            "not_read": dict(sorted(c.refused.items())),
            "not_managed": dict(sorted(c.exchange.items())),
        },
        "drift": [
            {
                "urn": f.urn,
                "object": f.object,
                "kind": f.kind,
                "component": f.component,
                "property": f.property,
                "expected": f.expected,
                "live": f.live,
                "status": report.status(acceptance),
            }
            for f, acceptance in report.findings
        ],
        "unmanaged": [
            {
                "kind": u.kind,
                "object": u.object,
                "name": u.name,
                "detail": u.detail,
                "scope": u.scope,
                "inside": u.inside,
                "id": u.id,
                "created": u.created,
                "status": report.status(acceptance),
            }
            for u, acceptance in report.unmanaged
        ],
    }
