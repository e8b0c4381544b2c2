"""The pipelines users copy: valid for actionlint, OIDC only, and using the documented exit
codes of preview-report and drift."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[3]
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


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.name)
def test_workflows_federate_the_job_token_and_read_identities_from_variables(
    workflow: Path,
) -> None:
    document = yaml.safe_load(workflow.read_text())
    assert document["permissions"]["id-token"] == "write"
    assert document["env"]["AZURE_CLIENT_ID"] == "${{ vars.AZURE_CLIENT_ID }}"
    assert document["env"]["AZURE_TENANT_ID"] == "${{ vars.AZURE_TENANT_ID }}"


@pytest.mark.parametrize("pipeline", PIPELINES, ids=lambda path: path.name)
def test_no_pipeline_reads_a_stored_secret(pipeline: Path) -> None:
    text = pipeline.read_text()
    assert "secrets." not in text
    assert "PASSPHRASE" not in text and "CLIENT_SECRET" not in text


def test_deploy_waits_for_the_production_environment() -> None:
    deploy = yaml.safe_load((ROOT / ".github" / "workflows" / "tenant-deploy.yml").read_text())
    assert deploy[True] == {"push": {"branches": ["main"]}, "workflow_dispatch": None}
    assert deploy["jobs"]["deploy"]["environment"]["name"] == "production"


@pytest.mark.parametrize(
    ("pipeline", "command"),
    [
        ("tenant-preview.yml", "tenantctl preview-report"),
        ("tenant-drift.yml", "tenantctl drift"),
    ],
)
def test_only_the_error_exit_code_fails_the_job(pipeline: str, command: str) -> None:
    text = (ROOT / ".github" / "workflows" / pipeline).read_text()
    assert command in text
    assert 'if [[ "$code" == 1 ]]; then exit 1; fi' in text


def test_azure_pipeline_has_the_three_stages() -> None:
    document = yaml.safe_load((ROOT / "azure-pipelines.yml").read_text())
    assert [stage["stage"] for stage in document["stages"]] == ["Preview", "Deploy", "Drift"]
    deploy = document["stages"][1]["jobs"][0]
    assert deploy["environment"] == "production"
