"""One report of a split tenant's shards: the reports `preview-report` or `drift` wrote per
shard (JSON, and Markdown beside it), in a section each, with one total and the worst exit
code of the shards (docs/ci.md, "Shards"). It opens with the marker of the kind's own report,
so CI updates the one comment or issue it always did."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from tenantctl.drift.report import MARKER as DRIFT_MARKER
from tenantctl.jobs.exit_codes import ExitCode
from tenantctl.jobs.pulumi_cli import JobError, read_json
from tenantctl.preview.render import MARKER as PREVIEW_MARKER

Kind = Literal["preview", "drift"]

SEVERITY = (ExitCode.OK, ExitCode.ATTENTION, ExitCode.REFUSED, ExitCode.ERROR)
"""Exit codes from the mildest: a shard that could not decide outweighs every other."""


@dataclass(frozen=True)
class ShardReport:
    """One shard's report: its stack, JSON document, Markdown and exit code."""

    stack: str
    document: dict[str, Any]
    markdown: str
    code: ExitCode


def worst(codes: list[ExitCode]) -> ExitCode:
    """The exit code of the whole: the most severe of the shards'."""
    return max(codes, key=SEVERITY.index, default=ExitCode.OK)


def code_of(kind: Kind, document: dict[str, Any]) -> ExitCode:
    """The exit code a shard's report stands for (docs/ci.md's table)."""
    if "error" in document:
        return ExitCode.ERROR
    if kind == "preview":
        if document.get("failed"):
            return ExitCode.REFUSED
        return ExitCode.ATTENTION if document.get("risky") else ExitCode.OK
    return ExitCode.ATTENTION if document.get("failing") else ExitCode.OK


def read_report(kind: Kind, path: Path) -> ShardReport:
    """A shard's JSON report, and the Markdown written beside it (same name, `.md`)."""
    document = read_json(path)
    if not isinstance(document, dict) or "stack" not in document:
        raise JobError(f"{path}: not the --json of `tenantctl {_command(kind)}`")
    markdown = path.with_suffix(".md")
    text = markdown.read_text(encoding="utf-8") if markdown.is_file() else ""
    return ShardReport(str(document["stack"]), document, text, code_of(kind, document))


def total(kind: Kind, reports: list[ShardReport]) -> dict[str, Any]:
    """What the shards add up to."""
    documents = [r.document for r in reports]
    if kind == "preview":
        steps: Counter[str] = Counter()
        for document in documents:
            steps.update(document.get("summary") or {})
        return {
            "summary": {op: n for op, n in sorted(steps.items()) if n},
            "risks": sum(len(d.get("risks", [])) for d in documents),
            "refusals": sum(len(d.get("refusals", [])) for d in documents),
        }
    counts: Counter[str] = Counter()
    not_managed: dict[str, int] = {}
    for document in documents:
        found = document.get("counts") or {}
        counts.update({k: v for k, v in found.items() if isinstance(v, int | float)})
        # Exchange Online's groups are one tenant-wide listing that every shard's group round
        # sees whole: the same groups, not added up.
        for kind, n in (found.get("not_managed") or {}).items():
            not_managed[kind] = max(n, not_managed.get(kind, 0))
    return {
        "counts": dict(counts) | ({"not_managed": not_managed} if not_managed else {}),
        "drift": sum(len(d.get("drift", [])) for d in documents),
        "unmanaged": sum(len(d.get("unmanaged", [])) for d in documents),
    }


def as_json(kind: Kind, reports: list[ShardReport]) -> dict[str, Any]:
    return {
        "kind": kind,
        "exit_code": int(worst([r.code for r in reports])),
        "total": total(kind, reports),
        "shards": [
            {"stack": r.stack, "exit_code": int(r.code), "report": r.document} for r in reports
        ],
    }


def markdown(kind: Kind, reports: list[ShardReport]) -> str:
    """One Markdown report: the total, then each shard's own report in a section."""
    summed = total(kind, reports)
    code = worst([r.code for r in reports])
    marker = PREVIEW_MARKER if kind == "preview" else DRIFT_MARKER
    lines = [marker, f"# {_title(kind)} of {len(reports)} shards: {_verdict(code)}", ""]
    if kind == "preview":
        steps = ", ".join(f"{n} {op}" for op, n in summed["summary"].items()) or "no step"
        lines.append(
            f"Total: {steps}; {summed['risks']} risky change(s), {summed['refusals']} refusal(s)."
        )
    else:
        counts = summed["counts"]
        lines.append(
            f"Total: {counts.get('objects', 0)} objects in {counts.get('requests', 0)} "
            f"requests; {summed['drift']} drifted propert(ies), {summed['unmanaged']} "
            "unmanaged object(s)."
        )
    lines += ["", "| Shard | Exit code |", "| --- | ---: |"]
    lines += [f"| {r.stack} | {int(r.code)} ({_verdict(r.code)}) |" for r in reports]
    for report in reports:
        lines += ["", f"## {report.stack}", "", _demoted(report) or "(no report written)"]
    return "\n".join(lines).rstrip() + "\n"


def _demoted(report: ShardReport) -> str:
    """A shard's own Markdown under its section: headings one level down, its own comment
    marker dropped (the summary has one)."""
    kept = [line for line in report.markdown.splitlines() if not line.startswith("<!--")]
    return "\n".join(f"#{line}" if line.startswith("#") else line for line in kept).strip()


def _title(kind: Kind) -> str:
    return "Preview" if kind == "preview" else "Drift"


def _verdict(code: ExitCode) -> str:
    return {
        ExitCode.OK: "nothing to look at",
        ExitCode.ATTENTION: "a person must look",
        ExitCode.REFUSED: "the preview failed",
        ExitCode.ERROR: "error",
    }.get(code, str(int(code)))


def _command(kind: Kind) -> str:
    return "preview-report" if kind == "preview" else "drift"
