"""The per-stack governance file: switch rules off, change their level, set parameters."""

from __future__ import annotations

import json
import os
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
        (
            "rules: {team-owners: {min_owners: 1}}",
            "rules.team-owners.min_owners: is 1; use a whole number of at least 2 (validation "
            "already refuses fewer owners)",
        ),
        ("rules: {team-owners: {min_owners: two}}", "min_owners: is 'two'; use a whole number"),
        ("rules: {team-owners: {min_owners: true}}", "min_owners: is True; use a whole number"),
    ],
)
def test_mistakes_in_the_governance_file_are_named(document: str, error: str) -> None:
    with pytest.raises(GovernanceConfigError) as raised:
        parse_config(yaml.safe_load(document), "stacks/demo/governance.yaml")

    assert str(raised.value).startswith("stacks/demo/governance.yaml: ")
    assert error in str(raised.value)


def _fifo(path: Path) -> None:
    os.mkfifo(path)


HOSTILE_FILES = {
    "a FIFO": (_fifo, "governance.yaml:1: error: (file): is a FIFO (named pipe), not a regular"),
    "a link to /dev/zero": (
        lambda path: path.symlink_to("/dev/zero"),
        "governance.yaml: a link out of the stack folder is not followed",
    ),
    "a dangling link": (
        lambda path: path.symlink_to("gone.yaml"),
        "governance.yaml:1: error: (file): cannot be read (No such file or directory)",
    ),
    "a folder": (
        lambda path: path.mkdir(),
        "governance.yaml:1: error: (file): is a folder, not a regular file",
    ),
    "malformed YAML": (
        lambda path: path.write_text("rules:\n  team-owners: {min_owners: 3\n"),
        "governance.yaml:3: error: (file): malformed YAML: while parsing a flow mapping",
    ),
    "a python tag": (
        lambda path: path.write_text("rules: !!python/name:os.system\n"),
        "governance.yaml:1: error: (file): the tag '!!python/name:os.system' is not accepted",
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE_FILES))
def test_a_governance_file_that_cannot_be_read_is_an_error_naming_it(
    tmp_path: Path, case: str
) -> None:
    make, says = HOSTILE_FILES[case]
    make(tmp_path / "governance.yaml")
    with pytest.raises(GovernanceConfigError) as raised:
        load_config(tmp_path)
    assert str(raised.value).startswith(f"{tmp_path}/{says}")


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
