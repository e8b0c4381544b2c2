"""preview-report: the pull-request comment and JSON of real `pulumi preview --json` output.

Fixtures (tests/unit/preview/fixtures/) are previews of the demo stack by the project's
engine, trimmed of stack traces: `changes` (create, update, replace, delete, sharing widened,
a licence plan re-enabled, a team space removed), `new_stack` (everything created: guests,
partner trust, sharing), `licence_seats` (a licence needing more seats than are left, one
freeing seats), `no_changes`, and two failed previews (`--show-sames`): `refused` (a team
space removed while its team is protected, and a channel added) and `program_failed` (a
description error stops the program). Expected reports live in tests/unit/preview/expected/.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tenantctl.cli import main
from tenantctl.jobs.exit_codes import ExitCode
from tenantctl.jobs.urns import name_of
from tenantctl.preview.cli import build_report, description_of
from tenantctl.preview.plan import parse
from tenantctl.preview.render import MARKER, as_json, markdown

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
EXPECTED = HERE / "expected"
SKUS = FIXTURES / "subscribed_skus.json"
CASES = ("changes", "new_stack", "licence_seats", "no_changes", "refused", "program_failed")


@pytest.fixture(autouse=True)
def _planned_for(monkeypatch: pytest.MonkeyPatch) -> None:
    """The expected reports are those of a date after the demo's migration waves."""
    monkeypatch.setenv("TENANTCTL_TODAY", "2026-01-05")


def _report_of(case: str) -> Any:
    plan = parse(json.loads((FIXTURES / f"{case}.json").read_text()))
    skus = json.loads(SKUS.read_text())["value"]
    return build_report("local", plan, skus, description_of(plan.config))


@pytest.mark.parametrize("case", CASES)
def test_markdown_matches_the_expected_comment(case: str) -> None:
    assert markdown(_report_of(case)) == (EXPECTED / f"{case}.md").read_text()


@pytest.mark.parametrize("case", CASES)
def test_json_matches_the_expected_document(case: str) -> None:
    expected = json.loads((EXPECTED / f"{case}.json").read_text())
    assert json.loads(json.dumps(as_json(_report_of(case)))) == expected


@pytest.mark.parametrize(
    ("case", "code"),
    [
        ("changes", ExitCode.ATTENTION),
        ("new_stack", ExitCode.ATTENTION),
        ("licence_seats", ExitCode.ATTENTION),
        ("no_changes", ExitCode.OK),
        ("refused", ExitCode.REFUSED),
        ("program_failed", ExitCode.REFUSED),
    ],
)
def test_exit_code_says_whether_a_person_must_look(case: str, code: ExitCode) -> None:
    args = ["preview-report", "local", "--from", str(FIXTURES / f"{case}.json")]
    result = CliRunner().invoke(main, [*args, "--skus", str(SKUS)])
    assert result.exit_code == code, result.output
    assert result.output == (EXPECTED / f"{case}.md").read_text()


def test_writes_markdown_and_json_files(tmp_path: Path) -> None:
    md, js = tmp_path / "report.md", tmp_path / "report.json"
    args = ["preview-report", "local", "--from", str(FIXTURES / "changes.json")]
    args += ["--skus", str(SKUS), "--markdown", str(md), "--json", str(js)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == ExitCode.ATTENTION
    assert result.output == ""
    assert md.read_text() == (EXPECTED / "changes.md").read_text()
    assert json.loads(js.read_text())["risky"] is True


def test_unreadable_preview_is_an_error_not_a_clean_report(tmp_path: Path) -> None:
    broken = tmp_path / "preview.json"
    broken.write_text("Previewing update (local):\n")
    result = CliRunner().invoke(main, ["preview-report", "local", "--from", str(broken)])
    assert result.exit_code == ExitCode.ERROR
    assert "is not JSON" in result.output


def test_licence_change_without_subscriptions_or_credential_is_an_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("AZURE_CLIENT_SECRET", raising=False)
    args = ["preview-report", "local", "--from", str(FIXTURES / "licence_seats.json")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == ExitCode.ERROR
    assert "credential client_secret needs clientSecret" in result.output


def test_a_refused_change_is_risky_with_the_engines_error_and_what_waits_is_named() -> None:
    report = _report_of("refused")
    team = "space-tech-ateliers-team"

    refused = [risk for risk in report.risks if risk.category == "refused"]
    assert [(r.change.name, r.change.op) for r in refused] == [(team, "delete")]
    assert refused[0].reason.startswith(
        f"delete refused: resource `{team}` cannot be deleted because it is protected."
    )
    assert team not in {r.change.name for r in report.risks if r.category != "refused"}
    waiting = {name_of(item.urn): item.reason for item in report.plan.unplanned}
    assert waiting == {
        "space-tech-ateliers-group": f"waits on the refused delete of `{team}`",
        "space-tech-ateliers": f"waits on the refused delete of `{team}`",
    }


def test_without_unchanged_steps_what_waits_may_also_be_kept() -> None:
    preview = json.loads((FIXTURES / "refused.json").read_text())
    preview["steps"] = [step for step in preview["steps"] if step["op"] != "same"]

    plan = parse(preview)

    assert {item.reason for item in plan.unplanned} == {
        "waits on the refused delete of `space-tech-ateliers-team` (if it is removed too)"
    }


def test_an_error_writes_a_comment_saying_so(tmp_path: Path) -> None:
    (tmp_path / "preview.json").write_text('{"steps": [{"op": "delete"}]}')
    md, js = tmp_path / "report.md", tmp_path / "report.json"
    args = ["preview-report", "local", "--from", str(tmp_path / "preview.json")]
    result = CliRunner().invoke(main, [*args, "--markdown", str(md), "--json", str(js)])

    assert result.exit_code == ExitCode.ERROR
    said = (
        f"{tmp_path / 'preview.json'}: steps[0].urn: is missing "
        "(expected the output of `pulumi preview --json`)"
    )
    assert result.output == f"preview-report: error: {said}\n"
    assert md.read_text().splitlines() == [
        MARKER,
        "## Preview of stack `local`",
        "",
        "### ⛔ The preview could not run",
        "",
        f"`tenantctl preview-report` failed: {said}",
        "",
        "Nothing was planned: fix this and push again.",
    ]
    assert json.loads(js.read_text()) == {"stack": "local", "error": said}


SPACE = "urn:pulumi:prod::m365-tenant::tenantctl:m365:TeamSpace::space-tech-ateliers"
AZUREAD_GROUP = (
    "urn:pulumi:prod::m365-tenant::tenantctl:m365:TeamSpace$azuread:index/group:Group"
    "::space-tech-ateliers-group"
)


def test_a_refused_delete_of_a_protected_azuread_group_is_risky_too() -> None:
    # groupProvider azuread: the space's group is pulumi-azuread 6.x's Group, with its inputs
    # as the engine records them (camelCase, `__defaults`).
    inputs = {
        "__defaults": ["assignableToRole"],
        "displayName": "Ateliers municipaux",
        "mailNickname": "MTL-TECH-tech-ateliers",
        "mailEnabled": True,
        "securityEnabled": False,
        "types": ["Unified"],
        "visibility": "Private",
        "owners": ["5c0b1c1e-7a40-4f4e-9d8f-1a2b3c4d5e6f"],
        "members": ["0f4e8a3b-2c1d-4e5f-8a9b-0c1d2e3f4a5b"],
        "preventDuplicateNames": True,
    }
    preview = {
        "steps": [
            {
                "op": "delete",
                "urn": AZUREAD_GROUP,
                "oldState": {
                    "urn": AZUREAD_GROUP,
                    "custom": True,
                    "type": "azuread:index/group:Group",
                    "parent": SPACE,
                    "protect": True,
                    "inputs": inputs,
                    "outputs": {**inputs, "objectId": "6d5c4b3a-0000-4000-8000-000000000001"},
                },
            }
        ],
        "diagnostics": [
            {
                "urn": AZUREAD_GROUP,
                "message": f'error: Preview failed: resource "{AZUREAD_GROUP}" cannot be deleted\n'
                "because it is protected. To unprotect the resource, either remove the "
                "`protect` flag from the resource in your Pulumi program and run `pulumi up`\n",
                "severity": "error",
            },
            {"message": "error: preview failed\n", "severity": "error"},
        ],
        "changeSummary": {"same": 40},
    }

    report = build_report("prod", parse(preview), [])

    assert [(r.category, r.change.kind, r.change.component) for r in report.risks] == [
        ("refused", "Group", "Team space tech-ateliers")
    ]
    assert report.risks[0].reason.startswith(
        "delete refused: resource `space-tech-ateliers-group` cannot be deleted because it is "
        "protected."
    )
    assert [(name_of(u.urn), u.reason) for u in report.plan.unplanned] == [
        (
            "space-tech-ateliers",
            "waits on the refused delete of `space-tech-ateliers-group` (if it is removed too)",
        )
    ]
    assert "### ⛔ The preview failed" in markdown(report)
