"""preview-report: the pull-request comment and JSON of real `pulumi preview --json` output.

Fixtures (tests/unit/preview/fixtures/) are previews of the demo stack by the project's
engine, trimmed of stack traces: `changes` (create, update, replace, delete, sharing widened,
a licence plan re-enabled, a team space removed), `new_stack` (everything created: guests,
partner trust, sharing), `licence_seats` (a licence needing more seats than are left, one
freeing seats) and `no_changes`. Expected reports live in tests/unit/preview/expected/.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tenantctl.cli import main
from tenantctl.jobs.exit_codes import ExitCode
from tenantctl.preview.cli import build_report
from tenantctl.preview.plan import parse
from tenantctl.preview.render import as_json, markdown

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
EXPECTED = HERE / "expected"
SKUS = FIXTURES / "subscribed_skus.json"
CASES = ("changes", "new_stack", "licence_seats", "no_changes")


def _report_of(case: str) -> Any:
    preview = json.loads((FIXTURES / f"{case}.json").read_text())
    skus = json.loads(SKUS.read_text())["value"]
    return build_report("local", parse(preview), skus)


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
    assert "no usable Graph credential" in result.output
