"""The pipelines users copy: valid for actionlint, OIDC only, and using the documented exit
codes of preview-report and drift."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
ACTIONLINT = ROOT / ".engine" / "bin" / "actionlint"
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
PIPELINES = [*WORKFLOWS, ROOT / "azure-pipelines.yml", *(ROOT / ".azure-pipelines").glob("*.yml")]


def test_there_are_the_three_workflows() -> None:
    assert [path.name for path in WORKFLOWS] == [
        "tenant-deploy.yml",
        "tenant-drift.yml",
        "tenant-preview.yml",
    ]


def test_actionlint_finds_nothing() -> None:
    if not os.access(ACTIONLINT, os.X_OK):
        pytest.fail("actionlint is missing: run scripts/setup-actionlint.sh", pytrace=False)
    result = subprocess.run(
        [str(ACTIONLINT), "-no-color", "-oneline", *map(str, WORKFLOWS)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


IDENTITY = {
    "tenant-deploy.yml": "${{ vars.AZURE_CLIENT_ID }}",
    "tenant-drift.yml": "${{ vars.AZURE_READ_CLIENT_ID }}",
    "tenant-preview.yml": "${{ vars.AZURE_READ_CLIENT_ID }}",
}
"""The identity each workflow signs in as: only the deployment, behind its environment's
approval, holds write permissions; pull-request previews and drift run read-only."""


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.name)
def test_workflows_federate_the_job_token_and_read_identities_from_variables(
    workflow: Path,
) -> None:
    document = yaml.safe_load(workflow.read_text())
    assert document["permissions"]["id-token"] == "write"
    assert document["env"]["AZURE_CLIENT_ID"] == IDENTITY[workflow.name]
    assert document["env"].get("ARM_CLIENT_ID", IDENTITY[workflow.name]) == IDENTITY[workflow.name]
    assert document["env"]["AZURE_TENANT_ID"] == "${{ vars.AZURE_TENANT_ID }}"


def test_the_write_identity_is_named_only_by_the_deployment() -> None:
    for workflow in WORKFLOWS:
        names_writer = "vars.AZURE_CLIENT_ID" in workflow.read_text()
        assert names_writer == (workflow.name == "tenant-deploy.yml"), workflow.name


def test_the_production_stack_leaves_the_identity_to_the_job() -> None:
    config = yaml.safe_load((ROOT / "Pulumi.prod.yaml").read_text())["config"]
    assert "m365-tenant:clientId" not in config and "azuread:clientId" not in config
    assert config["m365-tenant:credential"] == "workload_identity"


@pytest.mark.parametrize("pipeline", PIPELINES, ids=lambda path: path.name)
def test_no_pipeline_reads_a_stored_secret(pipeline: Path) -> None:
    text = pipeline.read_text()
    assert "secrets." not in text
    assert "PASSPHRASE" not in text and "CLIENT_SECRET" not in text


def test_deploy_waits_for_the_production_environment() -> None:
    deploy = yaml.safe_load((ROOT / ".github" / "workflows" / "tenant-deploy.yml").read_text())
    assert deploy[True] == {"push": {"branches": ["main"]}, "workflow_dispatch": None}
    assert deploy["jobs"]["deploy"]["environment"]["name"] == "production"


def test_drift_fails_the_job_only_on_the_error_exit_code() -> None:
    text = (ROOT / ".github" / "workflows" / "tenant-drift.yml").read_text()
    assert "tenantctl drift" in text
    assert 'if [[ "$code" == 1 ]]; then exit 1; fi' in text


def test_the_preview_comment_is_posted_whatever_the_exit_code_then_a_failure_fails_the_job() -> (
    None
):
    document = yaml.safe_load((ROOT / ".github" / "workflows" / "tenant-preview.yml").read_text())
    steps = document["jobs"]["preview"]["steps"]
    report = next(step for step in steps if step.get("id") == "report")
    assert "tenantctl preview-report" in report["run"]
    assert "exit" not in report["run"]  # the comment is posted first, whatever the code
    post = next(step for step in steps if step.get("name") == "Post or update the comment")
    assert post["if"] == "${{ !cancelled() && hashFiles('preview.md') != '' }}"
    assert post["env"]["RISKY"] == (
        "${{ steps.report.outputs.code == '3' || steps.report.outputs.code == '4' }}"
    )
    fail = next(step for step in steps if "exit 1" in step.get("run", ""))
    assert fail["if"] == (
        "${{ steps.report.outputs.code == '1' || steps.report.outputs.code == '4' }}"
    )
    assert steps.index(report) < steps.index(post) < steps.index(fail)


def test_the_deployment_stops_before_up_when_the_preview_failed() -> None:
    text = (ROOT / ".github" / "workflows" / "tenant-deploy.yml").read_text()
    check = 'if [[ "$code" == 1 || "$code" == 4 ]]; then exit 1; fi'
    assert text.index("tenantctl preview-report") < text.index(check) < text.index("pulumi up")


def test_the_azure_pr_thread_is_posted_whatever_the_exit_code_then_a_failure_fails() -> None:
    document = yaml.safe_load((ROOT / "azure-pipelines.yml").read_text())
    steps = document["stages"][0]["jobs"][0]["steps"]
    report = next(s for s in steps if "preview-report" in str(s.get("inputs", {})))
    script = report["inputs"]["inlineScript"]
    assert 'echo "##vso[task.setvariable variable=PREVIEW_CODE]$code"' in script
    assert 'if [[ "$code"' not in script
    post = next(s for s in steps if "pr_thread.py" in s.get("bash", ""))
    assert post["condition"] == "and(succeededOrFailed(), ne(variables['PREVIEW_CODE'], ''))"
    fail = next(s for s in steps if "exit 1" in s.get("bash", ""))
    assert fail["condition"] == "in(variables['PREVIEW_CODE'], '1', '4')"
    assert steps.index(report) < steps.index(post) < steps.index(fail)


def test_azure_pipeline_has_the_three_stages() -> None:
    document = yaml.safe_load((ROOT / "azure-pipelines.yml").read_text())
    assert [stage["stage"] for stage in document["stages"]] == ["Preview", "Deploy", "Drift"]
    deploy = document["stages"][1]["jobs"][0]
    assert deploy["environment"] == "production"


def test_azure_pipeline_previews_and_detects_drift_with_the_read_service_connection() -> None:
    document = yaml.safe_load((ROOT / "azure-pipelines.yml").read_text())

    def connections(stage: dict[str, Any]) -> set[str]:
        text = yaml.safe_dump(stage)
        return {
            line.split(":", 1)[1].strip()
            for line in text.splitlines()
            if "azureSubscription" in line
        }

    used = {stage["stage"]: connections(stage) for stage in document["stages"]}
    assert used == {
        "Preview": {"$(READ_SERVICE_CONNECTION)"},
        "Deploy": {"$(SERVICE_CONNECTION)"},
        "Drift": {"$(READ_SERVICE_CONNECTION)"},
    }
    assert (
        'ARM_CLIENT_ID="$servicePrincipalId"'
        in (ROOT / ".azure-pipelines" / "oidc-env.sh").read_text()
    )
