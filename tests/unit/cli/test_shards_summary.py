"""The reports of a split tenant's shards summarised as one: a section per shard, one total,
and the worst exit code of the shards."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tenantctl.cli.shards_summary import as_json, code_of, markdown, read_report, worst
from tenantctl.jobs.exit_codes import ExitCode
from tenantctl.jobs.pulumi_cli import JobError

CALM = {
    "stack": "city-tenant",
    "summary": {"create": 0, "same": 40},  # preview-report lists every operation, 0 included
    "failed": False,
    "risky": False,
}
RISKY = {
    "stack": "city-ville",
    "summary": {"same": 300, "update": 2},
    "failed": False,
    "risky": True,
    "risks": [{"category": "delete"}],
    "refusals": [],
}
REFUSED = {"stack": "city-metropole", "summary": {}, "failed": True, "refusals": [{"urn": "u"}]}


def drift(stack: str, objects: int, requests: int, drifted: int = 0) -> dict[str, Any]:
    return {
        "stack": stack,
        "failing": bool(drifted),
        "counts": {"objects": objects, "requests": requests, "skipped": 0, "not_read": {}},
        "drift": [{"object": f"o{n}", "property": "description"} for n in range(drifted)],
        "unmanaged": [],
    }


def write(folder: Path, document: dict[str, Any], text: str = "") -> Path:
    path = folder / f"{document['stack']}.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    if text:
        path.with_suffix(".md").write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        ([ExitCode.OK, ExitCode.OK], ExitCode.OK),
        ([ExitCode.OK, ExitCode.ATTENTION], ExitCode.ATTENTION),
        ([ExitCode.ATTENTION, ExitCode.REFUSED, ExitCode.OK], ExitCode.REFUSED),
        ([ExitCode.REFUSED, ExitCode.ERROR, ExitCode.ATTENTION], ExitCode.ERROR),
    ],
)
def test_the_exit_code_is_the_worst_of_the_shards(
    codes: list[ExitCode], expected: ExitCode
) -> None:
    assert worst(codes) == expected


def test_each_report_stands_for_its_documented_exit_code() -> None:
    assert code_of("preview", CALM) is ExitCode.OK
    assert code_of("preview", RISKY) is ExitCode.ATTENTION
    assert code_of("preview", REFUSED) is ExitCode.REFUSED
    assert code_of("preview", {"stack": "s", "error": "no engine"}) is ExitCode.ERROR
    assert code_of("drift", drift("s", 10, 2)) is ExitCode.OK
    assert code_of("drift", drift("s", 10, 2, drifted=1)) is ExitCode.ATTENTION


def test_previews_add_up_steps_risks_and_refusals(tmp_path: Path) -> None:
    reports = [
        read_report(
            "preview", write(tmp_path, CALM, "<!-- marker -->\n# Preview of city-tenant\n")
        ),
        read_report("preview", write(tmp_path, RISKY)),
        read_report("preview", write(tmp_path, REFUSED)),
    ]
    document = as_json("preview", reports)
    assert document["exit_code"] == ExitCode.REFUSED
    assert document["total"] == {
        "summary": {"same": 340, "update": 2},
        "risks": 1,
        "refusals": 1,
    }
    assert [s["exit_code"] for s in document["shards"]] == [0, 3, 4]
    text = markdown("preview", reports)
    assert text.startswith("<!-- tenantctl:preview-report -->\n# Preview of 3 shards: ")
    assert "Total: 340 same, 2 update; 1 risky change(s), 1 refusal(s)." in text
    # Each shard's own report sits under its section, one heading level down.
    assert "## city-tenant\n\n## Preview of city-tenant" in text
    assert "<!-- marker -->" not in text
    assert "## city-ville\n\n(no report written)" in text


def test_drift_adds_up_objects_requests_and_findings(tmp_path: Path) -> None:
    reports = [
        read_report("drift", write(tmp_path, drift("city-tenant", 120, 4))),
        read_report("drift", write(tmp_path, drift("city-ville", 900, 11, drifted=2))),
    ]
    document = as_json("drift", reports)
    assert document["exit_code"] == ExitCode.ATTENTION
    assert document["total"] == {
        "counts": {"objects": 1020, "requests": 15, "skipped": 0},
        "drift": 2,
        "unmanaged": 0,
    }
    assert "| city-ville | 3 (a person must look) |" in markdown("drift", reports)


def test_exchange_groups_every_shard_lists_are_counted_once(tmp_path: Path) -> None:
    documents = [drift("city", 120, 4), drift("city-ville", 900, 11)]
    for document, lists in zip(documents, (3, 3), strict=True):
        document["counts"]["not_managed"] = {"distribution list": lists, "mail-enabled group": 1}
    reports = [read_report("drift", write(tmp_path, d)) for d in documents]
    counts = as_json("drift", reports)["total"]["counts"]
    assert counts["objects"] == 1020
    assert counts["not_managed"] == {"distribution list": 3, "mail-enabled group": 1}


def test_a_file_that_is_not_a_report_is_named(tmp_path: Path) -> None:
    path = tmp_path / "other.json"
    path.write_text("[1, 2]")
    with pytest.raises(JobError, match=r"other.json: not the --json of `tenantctl drift`"):
        read_report("drift", path)
