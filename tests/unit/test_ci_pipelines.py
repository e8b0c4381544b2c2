"""The pipelines users copy: valid for actionlint, OIDC only, and using the documented exit
codes of preview-report and drift."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tenantctl.model.shards import Split
from tenantctl.stack.project import load_stack
from tenantctl.stack.shards import stack_of

ROOT = Path(__file__).resolve().parents[2]
ACTIONLINT = ROOT / ".engine" / "bin" / "actionlint"
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
PRODUCTION = sorted([ROOT / "Pulumi.prod.yaml", *ROOT.glob("Pulumi.prod-*.yaml")])
"""The production tenant's stacks, one per shard (docs/engine.md#shards): `prod` the tenant-wide
one, which the project requires at the top level."""
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


@pytest.mark.parametrize("stack", PRODUCTION, ids=lambda path: path.name)
def test_the_production_stacks_leave_the_identity_to_the_job(stack: Path) -> None:
    config = yaml.safe_load(stack.read_text())["config"]
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
    for job in ("tenant-wide", "deploy"):
        assert deploy["jobs"][job]["environment"]["name"] == "production", job


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
    assert "tenantctl shards summarise preview" in report["run"]
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
    steps = next(j for j in document["stages"][0]["jobs"] if j.get("job") == "preview")["steps"]
    report = next(s for s in steps if "shards summarise" in str(s.get("inputs", {})))
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
    (per_shard,) = document["stages"][1]["jobs"][0].values()
    (deploy,) = per_shard
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


def production_shards() -> list[str]:
    """The shards of the production stacks' description, tenant-wide first."""
    (description,) = {
        yaml.safe_load(path.read_text())["config"]["m365-tenant:description"] for path in PRODUCTION
    }
    return list(Split(load_stack(description).tenant).keys)


def test_the_production_stacks_are_the_shards_of_their_description() -> None:
    shards = production_shards()
    assert len(shards) > 1
    assert stack_of("prod", shards[0]) == "prod"
    assert sorted(PRODUCTION) == sorted(
        ROOT / f"Pulumi.{stack_of('prod', shard)}.yaml" for shard in shards
    )
    for shard in shards:
        path = ROOT / f"Pulumi.{stack_of('prod', shard)}.yaml"
        config = yaml.safe_load(path.read_text())["config"]
        assert config["m365-tenant:shard"] == shard
        assert float(config["m365-tenant:graphBudgetShare"]) <= 1 / len(shards)


STACK_OF_SHARD = 'echo "STACK=$(tenantctl shards stack "$FAMILY" "$SHARD")" >> "$GITHUB_ENV"'
"""How a GitHub job of one shard names its stack (`tenantctl.stack.shards.stack_of`)."""


def workflow(name: str) -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text())
    return document


def test_github_previews_and_drift_run_every_shard_then_summarise_them() -> None:
    shards = production_shards()
    for name, summary in (("tenant-preview.yml", "preview"), ("tenant-drift.yml", "drift")):
        jobs = workflow(name)["jobs"]
        assert workflow(name)["env"]["FAMILY"] == "prod"
        assert jobs["shard"]["strategy"]["matrix"]["shard"] == shards, name
        assert jobs["shard"]["env"]["SHARD"] == "${{ matrix.shard }}", name
        assert STACK_OF_SHARD in [s.get("run") for s in jobs["shard"]["steps"]], name
        assert jobs[summary]["needs"] == "shard", name
        assert jobs[summary]["if"] == "${{ !cancelled() }}", name
        run = " ".join(step.get("run", "") for step in jobs[summary]["steps"])
        assert f'tenantctl shards summarise {summary} shards/*.json --family "$FAMILY"' in run
    # A shard's drift counts the other shards' objects as managed.
    per_shard = " ".join(
        s.get("run", "") for s in workflow("tenant-drift.yml")["jobs"]["shard"]["steps"]
    )
    assert 'tenantctl drift "$STACK" --family "$FAMILY"' in per_shard


def test_github_deploys_the_tenant_wide_shard_first_then_the_others_at_once() -> None:
    tenant_wide, *others = production_shards()
    jobs = workflow("tenant-deploy.yml")["jobs"]
    assert stack_of("prod", tenant_wide) == "prod"
    assert jobs["tenant-wide"]["env"]["SHARD"] == tenant_wide
    for job in ("tenant-wide", "deploy"):
        assert STACK_OF_SHARD in [s.get("run") for s in jobs[job]["steps"]], job
    assert jobs["deploy"]["needs"] == "tenant-wide"
    assert jobs["deploy"]["strategy"]["matrix"]["shard"] == others
    assert jobs["summary"]["needs"] == ["tenant-wide", "deploy"]


def test_azure_runs_a_job_per_shard_and_deploys_the_tenant_wide_shard_first() -> None:
    document = yaml.safe_load((ROOT / "azure-pipelines.yml").read_text())
    (shards,) = document["parameters"]
    assert shards["default"] == production_shards()
    assert document["variables"]["FAMILY"] == "prod"
    each = "${{ each shard in parameters.shards }}"
    preview, deploy, drift = document["stages"]
    for stage, job in ((preview, "preview"), (drift, "drift")):
        per_shard, summary = stage["jobs"]
        assert [j["job"] for j in per_shard[each]] == [f"{job}_${{{{ shard }}}}"]
        assert summary["dependsOn"] == [{each: [f"{job}_${{{{ shard }}}}"]}]
    (deployment,) = deploy["jobs"][0][each]
    text = (ROOT / "azure-pipelines.yml").read_text()
    assert "$FAMILY-" not in text
    assert text.count('stack=$(tenantctl shards stack "$FAMILY" ${{ shard }})') == 3
    assert deployment["${{ if ne(shard, 'tenant') }}"] == {"dependsOn": "deploy_tenant"}


PULUMI_LOGS = ".pulumi/logs"
"""Where the CLI of a CI job writes its own log of each command: `logs` in the CLI's home, which
the pipelines leave at its default, `~/.pulumi` (tests/engine/test_pulumi_log.py shows a
failed update's log is there and reads back)."""


def after_pulumi_up(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The steps of a deploy job that run after its `pulumi up`."""
    (up,) = [i for i, step in enumerate(steps) if "pulumi up " in str(step)]
    return steps[up + 1 :]


def test_no_pipeline_moves_the_pulumi_home() -> None:
    for path in [*PIPELINES, ROOT / ".github" / "actions" / "setup-tenantctl" / "action.yml"]:
        assert "PULUMI_HOME" not in path.read_text(), path.name


def test_github_keeps_pulumis_log_of_a_failed_update_of_each_shard() -> None:
    jobs = workflow("tenant-deploy.yml")["jobs"]
    for job in ("tenant-wide", "deploy"):
        kept = [
            step
            for step in after_pulumi_up(jobs[job]["steps"])
            if step.get("with", {}).get("path") == f"~/{PULUMI_LOGS}/"
        ]
        assert kept == [
            {
                "uses": "actions/upload-artifact@v4",
                "if": "${{ failure() }}",
                "with": {
                    "name": "pulumi-log-${{ env.STACK }}",
                    "path": f"~/{PULUMI_LOGS}/",
                    "retention-days": 7,
                },
            }
        ], job


def test_azure_keeps_pulumis_log_of_a_failed_update_of_each_shard() -> None:
    document = yaml.safe_load((ROOT / "azure-pipelines.yml").read_text())
    (deployment,) = document["stages"][1]["jobs"][0]["${{ each shard in parameters.shards }}"]
    after = after_pulumi_up(deployment["strategy"]["runOnce"]["deploy"]["steps"])
    staged = "$(Build.ArtifactStagingDirectory)/pulumi-log"
    copy, publish = (step for step in after if step.get("condition") == "failed()")
    assert f'cp -R "$HOME/{PULUMI_LOGS}/." "{staged}/"' in copy["bash"]
    assert publish == {
        "publish": staged,
        "artifact": "pulumi-log-${{ shard }}",
        "condition": "failed()",
    }
