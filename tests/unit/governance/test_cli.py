"""`tenantctl check STACK`: every violation with its rule, object and fix; exit 1 on a
mandatory one; the baseline mapping and the policy pack configuration on request."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tenantctl.cli import main
from tenantctl.governance import RULES
from tenantctl.governance.baselines import CONTROLS
from tests.support.cli import tenantctl


def test_the_demo_stack_passes_every_rule(project: Path) -> None:
    result = CliRunner().invoke(main, ["check", "demo", "--group-provider", "graph"])

    assert result.exit_code == 0, result.output
    assert result.output.strip() == "demo: 0 mandatory, 0 advisory violation(s)"


def test_the_check_leaves_no_event_loop_to_be_collected_at_exit(project: Path) -> None:
    """The mock monitor answers from executor threads, each given a loop of its own; one left
    open is collected as the interpreter exits, where it can print a traceback after the check
    has finished. Python's development mode reports every such loop."""
    result = tenantctl("check", "demo", env={"PYTHONDEVMODE": "1"})

    assert result.returncode == 0, result.stderr
    assert "unclosed event loop" not in result.stderr
    assert "Traceback" not in result.stderr


def test_a_mandatory_violation_is_named_with_its_fix_and_exits_one(project: Path) -> None:
    tenant = project / "stacks/demo/data/tenant.yaml"
    tenant.write_text(
        tenant.read_text().replace(
            "sharing_ceiling: guests",
            "sharing_ceiling: guests\n  resharing_by_external_users: true",
        )
    )

    result = CliRunner().invoke(main, ["check", "demo"])

    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "mandatory: [sharing-no-resharing] tenant-sharing: guests may share items they do not "
        "own (fix: set tenant.resharing_by_external_users to false)",
        "demo: 1 mandatory, 0 advisory violation(s)",
    ]


def test_advisory_violations_are_reported_without_failing(project: Path) -> None:
    intra = project / "stacks/demo/data/spaces/intra.yaml"
    intra.write_text(
        intra.read_text().replace(
            "    display_name: Équipe RH\n", "    display_name: Équipe RH\n    visibility: public\n"
        )
    )

    result = CliRunner().invoke(main, ["check", "demo"])

    assert result.exit_code == 0, result.output
    assert "advisory: [team-private] spaces[drh-equipe].visibility:" in result.output
    assert "demo: 0 mandatory, 1 advisory violation(s)" in result.output


def test_the_governance_file_becomes_policy_pack_configuration(project: Path) -> None:
    (project / "stacks/demo/governance.yaml").write_text("rules:\n  team-owners: {min_owners: 3}\n")

    result = CliRunner().invoke(main, ["check", "demo", "--policy-config"])

    assert result.exit_code == 0, result.output
    config = json.loads(result.output)
    assert set(config) == set(RULES)
    assert config["team-owners"] == {"enforcementLevel": "mandatory", "min_owners": 3}


def test_a_broken_governance_file_is_an_error_not_a_traceback(project: Path) -> None:
    (project / "stacks/demo/governance.yaml").write_text("rules:\n  team-owner: {}\n")

    result = CliRunner().invoke(main, ["check", "demo"])

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "governance.yaml: rules.team-owner: unknown rule" in result.output


def test_baselines_list_every_rule_with_its_controls_and_their_titles() -> None:
    result = CliRunner().invoke(main, ["check", "--baselines"])

    assert result.exit_code == 0
    for rule in RULES.values():
        assert f"{rule.id} ({rule.level.value}): {rule.title}" in result.output
        for control in (*rule.scuba, *rule.cis):
            assert f"  {control}: {CONTROLS[control]}" in result.output
    assert "  MS.AAD.8.3v1: Guest invites SHOULD only be allowed to specific external domains" in (
        result.output
    )
