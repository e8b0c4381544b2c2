"""No traceback reaches a user: each command's error paths, run as a user runs them (the
installed `tenantctl`, in its own process), end with one line saying what is wrong and the
fix, and exit 1."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from tenantctl.cli import LazyGroup
from tests.support.cli import Result
from tests.support.cli import tenantctl as run

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "unit" / "preview" / "fixtures"


def tenantctl(*args: str, cwd: Path, **env: str) -> Result:
    """`tenantctl ARGS` with no Graph setting or credential from the test's environment."""
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("AZURE_", "TENANTCTL_", "ARM_", "ACTIONS_"))
    }
    return run(*args, base=clean, env={"TENANTCTL_PROJECT": str(cwd), **env}, cwd=cwd)


def error_lines(result: Result) -> list[str]:
    """The error lines of a failed command, once it is known to show no traceback."""
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.returncode == 1, output
    return [line for line in result.stderr.splitlines() if "error: " in line]


def closed_port() -> int:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port: int = free.getsockname()[1]
    return port


def test_validate_names_a_missing_stack_folder(project: Path) -> None:
    result = tenantctl("validate", str(project / "exports" / "brume"), cwd=project)
    assert error_lines(result) == [
        "error: no stack description 'exports/brume'; known: "
        "city_metropolis, demo (or give the path of a stack folder, holding __init__.py or data/)"
    ]


def test_validate_names_a_stack_module_without_describe(project: Path) -> None:
    folder = project / "stacks" / "vide"
    folder.mkdir()
    (folder / "__init__.py").write_text('"""A stack that forgot its describe()."""\n')
    result = tenantctl("validate", "vide", cwd=project)
    assert error_lines(result) == [
        f"error: {folder}/__init__.py defines no describe(): add one returning the stack's "
        "description (see stacks/demo/__init__.py)"
    ]


def test_permissions_of_a_broken_stack_is_a_line_per_finding(project: Path) -> None:
    partners = project / "stacks/demo/data/spaces/partners.yaml"
    partners.write_text(partners.read_text().replace("kind: partner", "kind: partenaire"))
    result = tenantctl("permissions", "demo", cwd=project)
    (line,) = error_lines(result)
    assert line.startswith("permissions: error: stacks/demo/data/spaces/partners.yaml:"), line
    assert ".kind: Input should be 'intra', 'inter' or 'partner'" in line


def test_export_names_a_malformed_mapping(project: Path) -> None:
    mapping = project / "mapping.yaml"
    mapping.write_text("organisations:\n  - key: ville\n    prefix: [VDM\n")
    url = f"http://127.0.0.1:{closed_port()}/v1.0"
    result = tenantctl(
        "export", "--out", "out", "--mapping", str(mapping), "--graph-base-url", url,
        cwd=project, TENANTCTL_ACCESS_TOKEN="t",
    )  # fmt: skip
    (line,) = error_lines(result)
    assert line.startswith(f"export: error: {mapping}:4: error: (file): malformed YAML: ")
    assert line.endswith(
        "(fix: check indentation, quoting and the ':' after each key; only plain YAML "
        "(no tags such as !!python) is accepted)"
    )


def test_export_names_an_unreachable_tenant(project: Path) -> None:
    url = f"http://127.0.0.1:{closed_port()}/v1.0"
    result = tenantctl(
        "export", "--out", "out", "--graph-base-url", url, cwd=project,
        TENANTCTL_ACCESS_TOKEN="t", TENANTCTL_RETRY_BUDGET_SECONDS="0.2",
    )  # fmt: skip
    (line,) = error_lines(result)
    assert line.startswith(f"export: error: cannot reach {url}/")
    assert "(ConnectError: " in line


@pytest.mark.parametrize(
    "command",
    [
        ["export", "--out", "out"],
        ["report", "licences", "demo", "--prices", str(ROOT / "reports" / "prices.yaml")],
    ],
    ids=["export", "report"],
)
def test_a_credential_without_its_secret_is_named(project: Path, command: list[str]) -> None:
    result = tenantctl(
        *command, cwd=project, TENANTCTL_CREDENTIAL="client_secret", AZURE_TENANT_ID="t",
        AZURE_CLIENT_ID="c", TENANTCTL_GRAPH_BASE_URL=f"http://127.0.0.1:{closed_port()}/v1.0",
    )  # fmt: skip
    assert error_lines(result) == [
        f"{command[0]}: error: credential client_secret needs clientSecret: give "
        "`pulumi config set --secret clientSecret …` or the environment variable "
        "AZURE_CLIENT_SECRET"
    ]


def test_drift_names_a_state_file_that_is_not_there(project: Path) -> None:
    result = tenantctl("drift", "demo", "--state", "état d'hier.json", cwd=project)
    assert error_lines(result) == [
        "drift: error: état d'hier.json: no such file; give --state a `pulumi stack export`"
    ]


@pytest.mark.parametrize(
    ("document", "named"),
    [
        ("[]", "is a list, not an object"),
        ('"preview"', "is a string, not an object"),
        ("{}", "has none of steps, changeSummary, diagnostics"),
        ('{"steps": {}}', "steps: is an object, not a list"),
        ('{"steps": [{"op": "create"}]}', "steps[0].urn: is missing"),
        ('{"steps": [{"op": "create", "urn": "space-rh"}]}', "steps[0].urn: is not a Pulumi URN"),
        ('{"changeSummary": {"create": "deux"}}', "changeSummary.create: is a string, not a count"),
    ],
)
def test_preview_report_names_what_is_wrong_with_its_input(
    project: Path, document: str, named: str
) -> None:
    (project / "aperçu.json").write_text(document, encoding="utf-8")
    result = tenantctl("preview-report", "demo", "--from", "aperçu.json", cwd=project)
    assert error_lines(result) == [
        f"preview-report: error: aperçu.json: {named} "
        "(expected the output of `pulumi preview --json`)"
    ]


def test_an_unexpected_error_is_one_line_naming_the_bug() -> None:
    group = LazyGroup("tenantctl")

    @group.command("broken")
    def broken() -> None:
        {}["mail_nickname"]

    result = CliRunner().invoke(group, ["broken"])

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.output.startswith(
        "broken: error: internal error: KeyError: 'mail_nickname' at test_cli.py:"
    )
    assert result.output.endswith(
        "(a bug: please report it; TENANTCTL_TRACEBACK=1 shows the traceback)\n"
    )


def test_click_usage_errors_are_left_to_click(project: Path) -> None:
    result = tenantctl("preview-report", cwd=project)
    assert result.returncode == 2
    assert "Missing argument 'STACK'" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
