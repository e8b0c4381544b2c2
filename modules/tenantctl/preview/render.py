"""The preview report as Markdown (a pull-request comment) and as JSON (for machines)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from tenantctl.jobs.urns import kind_of, name_of, type_of
from tenantctl.jobs.values import differences, list_change, show
from tenantctl.preview.plan import OPS, Change, Plan
from tenantctl.preview.risks import CATEGORIES, Risk
from tenantctl.preview.seats import LicenceChange
from tenantctl.preview.waves import WaveRow

MARKER = "<!-- tenantctl:preview-report -->"
"""First line of the comment: the pipelines find and update their comment by it."""

VERBS = {
    "create": "to create",
    "update": "to update",
    "replace": "to replace",
    "delete": "to delete",
    "same": "unchanged",
}
ICONS = {"create": "➕", "update": "✏️", "replace": "♻️", "delete": "🗑️"}  # noqa: RUF001


@dataclass(frozen=True)
class Report:
    """A rendered-to-be preview: the plan, its risks and its licence changes."""

    stack: str
    plan: Plan
    risks: list[Risk]
    licences: list[LicenceChange]
    waves: list[WaveRow] = field(default_factory=list)
    today: datetime.date | None = None
    """The date the program planned for, when the description was at hand."""
    waves_note: str = ""
    """Why the waves are not shown: the description the stack names could not be loaded."""

    @property
    def risky(self) -> bool:
        return bool(self.risks)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def counts_line(plan: Plan) -> str:
    parts = [f"**{plan.summary[op]}** {VERBS[op]}" for op in OPS if op != "same"]
    extra = [f"**{n}** {op}" for op, n in plan.summary.items() if op not in OPS and n]
    return " · ".join([*parts, *extra]) + f" · {plan.summary['same']} {VERBS['same']}"


def markdown(report: Report) -> str:
    """The pull-request comment."""
    plan = report.plan
    lines = [MARKER, f"## Preview of stack `{report.stack}`", "", counts_line(plan), ""]
    if not plan.pending and not plan.failed:
        lines += ["No changes.", ""]
        return "\n".join(lines)
    lines += _failed_section(plan)
    lines += _risks_section(report)
    lines += _unplanned_section(plan)
    lines += _licences_section(report.licences)
    lines += _waves_section(report)
    components = plan.by_component()
    lines += ["### Changes by component", ""] if components else []
    for component, changes in components.items():
        lines += _component_section(plan, component, changes)
    return "\n".join(lines).rstrip() + "\n"


def _failed_section(plan: Plan) -> list[str]:
    if not plan.failed:
        return []
    refused = sum(1 for refusal in plan.refusals if refusal.urn)
    stopped = [refusal.message for refusal in plan.refusals if not refusal.urn]
    what = [f"the engine refused {refused} change{'s' if refused != 1 else ''}"] if refused else []
    what += ["the program stopped"] if stopped else []
    said = " and ".join(what) or "the engine reported an error"
    return [
        "### ⛔ The preview failed",
        "",
        f"**{said[0].upper() + said[1:]}**: nothing can be deployed until this is resolved. "
        "A preview stops at its first error, so changes planned after it are missing below.",
        "",
    ]


def _unplanned_section(plan: Plan) -> list[str]:
    stopped = [refusal.message for refusal in plan.refusals if not refusal.urn]
    if not plan.unplanned and not stopped:
        return []
    lines = ["### Not planned", ""]
    lines += [f"- The rest of the stack: the program stopped ({message})" for message in stopped]
    lines += [
        f"- `{name_of(item.urn)}` ({kind_of(type_of(item.urn))}) — {item.reason}"
        for item in plan.unplanned
    ]
    return [*lines, ""]


def _risks_section(report: Report) -> list[str]:
    if not report.risks:
        return [] if report.plan.failed else ["✅ No destructive or risky change.", ""]
    lines = [f"### ⚠️ Risky changes ({len(report.risks)})", ""]
    for category, title in CATEGORIES.items():
        risks = [risk for risk in report.risks if risk.category == category]
        if not risks:
            continue
        lines += [f"**{title}**", ""]
        lines += [
            f"- {_where(risk.change)}`{risk.change.name}` ({risk.change.kind}) — {risk.reason}"
            for risk in risks
        ]
        lines.append("")
    return lines


def _licences_section(licences: list[LicenceChange]) -> list[str]:
    if not licences:
        return []
    lines = [
        "### Licences",
        "",
        "| Licence group | Action | SKU | Seats | Prepaid | Consumed | Available | Plans |",
        "|---|---|---|---:|---:|---:|---:|---|",
    ]
    for item in licences:
        sku = item.sku
        seats = "?" if item.seats is None else f"{item.seats:+d}"
        plans = [f"+{name}" for name in item.plans_enabled] + [
            f"-{name}" for name in item.plans_disabled
        ]
        numbers = (sku.prepaid, sku.consumed, sku.available) if sku else ("?", "?", "?")
        cells = [
            item.change.component,
            item.change.op,
            item.sku_name,
            seats,
            *map(str, numbers),
            ", ".join(plans) or "—",
        ]
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return [*lines, ""]


def _waves_section(report: Report) -> list[str]:
    if report.waves_note:
        return ["### Migration waves", "", f"Not shown: {report.waves_note}", ""]
    if not report.waves:
        return []
    lines = [
        "### Migration waves",
        "",
        f"On {report.today}, the date the program plans for (`TENANTCTL_TODAY`); agents and "
        "seats are at least those of the directorates and people the waves name.",
        "",
        "| Wave | Date | State | Agents | Seats | Mailboxes to create |",
        "|---|---|---|---:|---|---:|",
    ]
    for row in report.waves:
        seats = ", ".join(f"{n} {sku}" for sku, n in row.seats.items()) or "—"
        cells = [
            f"{row.wave.display_name} (`{row.wave.key}`)",
            str(row.wave.date),
            row.state,
            str(row.agents),
            seats,
            str(row.mailboxes),
        ]
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return [*lines, ""]


def _where(change: Change) -> str:
    """The component a risk's change belongs to, when known."""
    return f"{change.component}: " if change.component else ""


def _component_section(plan: Plan, component: str, changes: list[Change]) -> list[str]:
    lines = [f"#### {component}", ""]
    for change in changes:
        line = f"- {ICONS.get(change.op, '•')} {change.op} `{change.name}` ({change.kind})"
        if change.replace_reasons:
            line += f" — replaced because {', '.join(change.replace_reasons)} changes"
        if plan.refused(change):
            line += " — ⛔ refused by the engine"
        lines.append(line)
        for prop in change.properties:
            lines += [f"  - {line}" for line in _prop_lines(prop.name, prop.before, prop.after)]
    return [*lines, ""]


def _prop_lines(name: str, before: Any, after: Any) -> list[str]:
    """`name`: before → after; settings blocks key by key; lists as what is added and removed."""
    lines = []
    for path, old, new in differences(name, before, after):
        if isinstance(old, list) and isinstance(new, list):
            lines.append(f"`{path}`: {list_change(old, new)}")
        else:
            lines.append(f"`{path}`: {show(old)} → {show(new)}")
    return lines


def as_json(report: Report) -> dict[str, Any]:
    """The same report for machines; the waves when the description was at hand."""
    plan = report.plan
    waves = {} if report.today is None else _waves_json(report)
    return {
        "stack": report.stack,
        "summary": plan.summary,
        "failed": plan.failed,
        "refusals": [{"urn": r.urn, "message": r.message} for r in plan.refusals],
        "not_planned": [
            {"urn": item.urn, "kind": kind_of(type_of(item.urn)), "reason": item.reason}
            for item in plan.unplanned
        ],
        "risky": report.risky,
        "risks": [
            {
                "category": risk.category,
                "component": risk.change.component,
                "urn": risk.change.urn,
                "kind": risk.change.kind,
                "op": risk.change.op,
                "reason": risk.reason,
            }
            for risk in report.risks
        ],
        "licences": [
            {
                "urn": item.change.urn,
                "op": item.change.op,
                "sku": item.sku_name,
                "seats": item.seats,
                "prepaid": item.sku.prepaid if item.sku else None,
                "consumed": item.sku.consumed if item.sku else None,
                "short_by": item.short_by,
                "plans_enabled": list(item.plans_enabled),
                "plans_disabled": list(item.plans_disabled),
            }
            for item in report.licences
        ],
        **waves,
        "changes": [
            {
                "component": change.component,
                "urn": change.urn,
                "kind": change.kind,
                "op": change.op,
                "replace_reasons": list(change.replace_reasons),
                "properties": [
                    {"name": p.name, "before": p.before, "after": p.after}
                    for p in change.properties
                ],
            }
            for changes in report.plan.by_component().values()
            for change in changes
        ],
    }


def _waves_json(report: Report) -> dict[str, Any]:
    return {
        "today": report.today.isoformat() if report.today else None,
        "waves": [
            {
                "key": row.wave.key,
                "date": row.wave.date.isoformat(),
                "state": row.state,
                "agents": row.agents,
                "seats": row.seats,
                "mailboxes": row.mailboxes,
                "brought_by": [change.urn for _, change in row.brought_by],
            }
            for row in report.waves
        ],
    }


def error_markdown(stack: str, error: str) -> str:
    """The comment of a preview that could not run: the error, in one line."""
    return "\n".join(
        [
            MARKER,
            f"## Preview of stack `{stack}`",
            "",
            "### ⛔ The preview could not run",
            "",
            f"`tenantctl preview-report` failed: {error}",
            "",
            "Nothing was planned: fix this and push again.",
            "",
        ]
    )


def error_json(stack: str, error: str) -> dict[str, Any]:
    """The JSON of a preview that could not run."""
    return {"stack": stack, "error": error}
