"""Per-stack governance settings: `stacks/<stack>/governance.yaml`.

    rules:
      team-owners: {min_owners: 3}          # a parameter
      team-private: {level: mandatory}      # another level
      licence-seats: {enabled: false}       # switched off

The same file configures `tenantctl check` and the policy pack; `pulumi_config` renders it
as `--policy-pack-config` JSON, the way Pulumi sets a policy's enforcement level.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tenantctl.governance.catalogue import RULES
from tenantctl.governance.rule import Params, Rule
from tenantctl.governance.violations import Level
from tenantctl.model.errors import YamlReadError
from tenantctl.model.yaml_source import read_yaml
from tenantctl.user_error import UserError

FILE_NAME = "governance.yaml"
SWITCHES = ("enabled", "level")


class GovernanceConfigError(UserError, ValueError):
    """The governance file names an unknown rule, parameter or level."""


@dataclass(frozen=True)
class RuleSettings:
    """A rule as a stack runs it."""

    enabled: bool
    level: Level
    params: Params


@dataclass(frozen=True)
class GovernanceConfig:
    """Overrides by rule id; rules not named run with their defaults."""

    overrides: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def settings(self, rule: Rule) -> RuleSettings:
        given = self.overrides.get(rule.id, {})
        params = {k: v for k, v in given.items() if k not in SWITCHES}
        return RuleSettings(
            enabled=bool(given.get("enabled", True)),
            level=Level(given.get("level", rule.level)),
            params={**rule.defaults, **params},
        )

    def pulumi_config(self) -> dict[str, Any]:
        """The policy pack configuration: each rule's enforcement level and parameters."""
        out: dict[str, Any] = {}
        for rule in RULES.values():
            settings = self.settings(rule)
            level = settings.level.value if settings.enabled else "disabled"
            out[rule.id] = {"enforcementLevel": level, **settings.params}
        return out


def parse_config(data: Any, origin: str) -> GovernanceConfig:
    """Validate a governance document; errors name the file and the key."""
    if data is None:
        return GovernanceConfig()
    rules = data.get("rules") if isinstance(data, Mapping) else None
    if not isinstance(data, Mapping) or set(data) - {"rules"} or not isinstance(rules, Mapping):
        raise GovernanceConfigError(f"{origin}: expected a mapping with one key, 'rules'")
    for rule_id, given in rules.items():
        rule = RULES.get(rule_id)
        if rule is None:
            raise GovernanceConfigError(
                f"{origin}: rules.{rule_id}: unknown rule; known: {', '.join(sorted(RULES))}"
            )
        if not isinstance(given, Mapping):
            raise GovernanceConfigError(f"{origin}: rules.{rule_id}: expected a mapping")
        unknown = set(given) - set(SWITCHES) - set(rule.defaults)
        if unknown:
            allowed = ", ".join([*SWITCHES, *rule.defaults])
            raise GovernanceConfigError(
                f"{origin}: rules.{rule_id}: unknown key(s) {', '.join(sorted(unknown))}; "
                f"allowed: {allowed}"
            )
        for key, (floor, reason) in rule.floors.items():
            value = given.get(key, floor)
            if not isinstance(value, int) or isinstance(value, bool) or value < floor:
                raise GovernanceConfigError(
                    f"{origin}: rules.{rule_id}.{key}: is {value!r}; use a whole number of at "
                    f"least {floor} ({reason})"
                )
        if given.get("level", Level.MANDATORY) not in set(Level):
            raise GovernanceConfigError(
                f"{origin}: rules.{rule_id}.level: use 'mandatory' or 'advisory'"
            )
    return GovernanceConfig({str(k): dict(v) for k, v in rules.items()})


def load_config(stack_dir: Path) -> GovernanceConfig:
    """The stack's governance.yaml, or the defaults when it has none.

    The file arrives in pull requests like the description's data and is read the same way:
    a regular file inside the stack folder, bounded, plain YAML (`model.yaml_source`).
    """
    path = stack_dir / FILE_NAME
    if not os.path.lexists(path):
        return GovernanceConfig()
    if not path.resolve().is_relative_to(stack_dir.resolve()):
        raise GovernanceConfigError(f"{path}: a link out of the stack folder is not followed")
    try:
        document = read_yaml(path, path)
    except YamlReadError as error:
        raise GovernanceConfigError(str(error.finding)) from None
    return parse_config(document.data, str(path))
