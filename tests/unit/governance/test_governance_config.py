"""The per-stack governance file: switch rules off, change their level, set parameters."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tenantctl.governance import GovernanceConfig, Level, evaluate, load_config
from tenantctl.governance.config import GovernanceConfigError, parse_config
from tests.unit.governance.conftest import small_tenant, space, subject_of


def test_a_stack_without_a_governance_file_runs_every_rule_at_its_default(tmp_path: Path) -> None:
    assert load_config(tmp_path) == GovernanceConfig()


def test_a_rule_can_be_switched_off_or_given_another_level(tmp_path: Path) -> None:
    (tmp_path / "governance.yaml").write_text(
        "rules:\n  team-private: {level: mandatory}\n  team-owners: {enabled: false}\n"
    )
    config = load_config(tmp_path)

    def breaches(data: dict[str, Any]) -> None:
        space(data, "drh-equipe")["visibility"] = "public"
        space(data, "port-logistique")["owners"] = ["chloe@ville-test.fr"]

    found = evaluate(subject_of(small_tenant(breaches)), config)

    assert [(v.rule, v.level) for v in found] == [("team-private", Level.MANDATORY)]


@pytest.mark.parametrize(
    ("document", "error"),
    [
        ("rules: {team-owner: {}}", "rules.team-owner: unknown rule; known: channel-kinds,"),
        ("rules: {team-owners: {minimum: 3}}", "unknown key(s) minimum; allowed: enabled, level"),
        ("rules: {team-owners: {level: blocking}}", "use 'mandatory' or 'advisory'"),
        ("owners: 3", "expected a mapping with one key, 'rules'"),
    ],
)
def test_mistakes_in_the_governance_file_are_named(document: str, error: str) -> None:
    with pytest.raises(GovernanceConfigError) as raised:
        parse_config(yaml.safe_load(document), "stacks/demo/governance.yaml")

    assert str(raised.value).startswith("stacks/demo/governance.yaml: ")
    assert error in str(raised.value)


def test_the_policy_pack_configuration_carries_levels_and_parameters() -> None:
    config = GovernanceConfig(
        {"team-owners": {"min_owners": 3}, "team-private": {"enabled": False}}
    )

    rendered = json.loads(json.dumps(config.pulumi_config()))

    assert rendered["team-owners"] == {"enforcementLevel": "mandatory", "min_owners": 3}
    assert rendered["team-private"] == {"enforcementLevel": "disabled"}
    assert rendered["sharing-tenant-ceiling"] == {
        "enforcementLevel": "mandatory",
        "ceiling": "guests",
    }
