"""`tenantctl preview-report` on the real engine: a preview the engine refuses (a change that
deletes a protected team) still writes the pull-request comment, with the refused change as
risky (with the engine's error) and what could not be planned, and exits 4."""

from __future__ import annotations

import json
import re
import subprocess
from typing import Any

import pytest

from tenantctl.jobs.exit_codes import ExitCode
from tenantctl.preview.render import MARKER

from .demo_stack import DemoStack

pytestmark = pytest.mark.engine

TEAM = "space-tech-ateliers-team"


def remove_the_workshops_space(document: dict[str, Any]) -> None:
    document["spaces"] = [s for s in document["spaces"] if s["key"] != "tech-ateliers"]


def add_a_channel(document: dict[str, Any]) -> None:
    hr = next(s for s in document["spaces"] if s["key"] == "drh-equipe")
    hr["channels"].append({"name": "Astreintes été"})


def preview_report(demo: DemoStack, *args: str) -> subprocess.CompletedProcess[str]:
    return demo.tenantctl("preview-report", demo.stack, "--cwd", demo.directory, *args)


def test_a_refused_preview_writes_the_comment_and_exits_refused(demo: DemoStack) -> None:
    demo.run("up", "--yes")
    demo.edit("spaces/intra.yaml", remove_the_workshops_space)
    demo.edit("spaces/intra.yaml", add_a_channel)
    comment, document = demo.directory / "preview.md", demo.directory / "preview.json"

    result = preview_report(demo, "--markdown", str(comment), "--json", str(document))

    assert result.returncode == ExitCode.REFUSED, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    text = comment.read_text(encoding="utf-8")
    assert text.startswith(f"{MARKER}\n## Preview of stack `demo`\n")
    assert "### ⛔ The preview failed\n" in text
    assert (
        f"- Team space tech-ateliers: `{TEAM}` (Team) — delete refused: resource `{TEAM}` cannot "
        "be deleted because it is protected. To unprotect the resource, "
    ) in text
    assert "### Not planned\n" in text
    assert (
        f"- `space-tech-ateliers-group` (Group) — waits on the refused delete of `{TEAM}`\n" in text
    )
    assert (
        f"- `space-tech-ateliers` (TeamSpace) — waits on the refused delete of `{TEAM}`\n" in text
    )
    assert re.search(
        r"^- \S+ create `space-drh-equipe-channel-astreintes-\S+` \(Channel\)$", text, re.M
    )
    assert f"- 🗑️ delete `{TEAM}` (Team) — ⛔ refused by the engine" in text
    report = json.loads(document.read_text())
    assert report["failed"] is True and report["risky"] is True
    first = report["risks"][0]
    assert (first["category"], first["op"], first["urn"].rsplit("::", 1)[1]) == (
        "refused",
        "delete",
        TEAM,
    )
    assert {item["urn"].rsplit("::", 1)[1] for item in report["not_planned"]} == {
        "space-tech-ateliers-group",
        "space-tech-ateliers",
    }


def test_a_preview_whose_program_stops_names_the_description_error(demo: DemoStack) -> None:
    demo.run("up", "--yes")
    demo.edit("spaces/intra.yaml", lambda doc: doc["spaces"][0].update(kind="intranet"))

    result = preview_report(demo)

    assert result.returncode == ExitCode.REFUSED, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "**The program stopped**: nothing can be deployed" in result.stdout
    assert (
        "- The rest of the stack: the program stopped (The tenant description has 1 error: "
        "stacks/demo/data/spaces/intra.yaml:"
    ) in result.stdout
    assert "No changes." not in result.stdout


def test_the_city_previews_as_a_report_and_a_hostile_edit_as_a_failed_one(
    demo: DemoStack,
) -> None:
    demo.run("config", "set", "description", "city_metropolis")

    created = preview_report(demo, "--json", str(demo.directory / "city.json"))

    assert created.returncode == ExitCode.ATTENTION, created.stderr
    assert "Traceback" not in created.stdout + created.stderr
    report = json.loads((demo.directory / "city.json").read_text())
    assert report["failed"] is False and report["summary"]["create"] > 500
    assert {risk["category"] for risk in report["risks"]} >= {"sharing", "guests", "licences"}

    spaces = demo.directory / "stacks" / "city_metropolis" / "data" / "spaces" / "inter.yaml"
    text = spaces.read_text(encoding="utf-8")
    spaces.write_text(text.replace("- name: Arbitrages\n", '- name: "Arbitrages d\'été"\n', 1))

    refused = preview_report(demo)

    assert refused.returncode == ExitCode.REFUSED, refused.stderr
    assert "Traceback" not in refused.stdout + refused.stderr
    assert "No changes." not in refused.stdout
    assert (
        "- The rest of the stack: the program stopped (The tenant description has 1 error: "
        "stacks/city_metropolis/data/spaces/inter.yaml:22: error: "
    ) in refused.stdout
    assert "channel name 'Arbitrages d'été' contains characters Teams refuses" in refused.stdout
