"""The preview report as Markdown (a pull-request comment) and as JSON (for machines)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tenantctl.jobs.values import differences, list_change, show
from tenantctl.preview.plan import OPS, Change, Plan
from tenantctl.preview.risks import CATEGORIES, Risk
from tenantctl.preview.seats import LicenceChange

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
    if not plan.pending:
        lines += ["No changes.", ""]
        return "\n".join(lines)
    lines += _risks_section(report)
    lines += _licences_section(report.licences)
    lines += ["### Changes by component", ""]
    for component, changes in plan.by_component().items():
        lines += _component_section(component, changes)
    return "\n".join(lines).rstrip() + "\n"


def _risks_section(report: Report) -> list[str]:
    if not report.risks:
        return ["✅ No destructive or risky change.", ""]
    lines = [f"### ⚠️ Risky changes ({len(report.risks)})", ""]
    for category, title in CATEGORIES.items():
        risks = [risk for risk in report.risks if risk.category == category]
        if not risks:
            continue
        lines += [f"**{title}**", ""]
        lines += [
            f"- {risk.change.component}: `{risk.change.name}` ({risk.change.kind}) — {risk.reason}"
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


def _component_section(component: str, changes: list[Change]) -> list[str]:
    lines = [f"#### {component}", ""]
    for change in changes:
        line = f"- {ICONS.get(change.op, '•')} {change.op} `{change.name}` ({change.kind})"
        if change.replace_reasons:
            line += f" — replaced because {', '.join(change.replace_reasons)} changes"
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
    """The same report for machines."""
    return {
        "stack": report.stack,
        "summary": report.plan.summary,
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
