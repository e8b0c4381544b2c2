"""Run the rules a stack's configuration enables over a subject."""

from __future__ import annotations

from tenantctl.governance.catalogue import RULES
from tenantctl.governance.config import GovernanceConfig
from tenantctl.governance.rule import Rule
from tenantctl.governance.subject import Subject
from tenantctl.governance.violations import Violation


def run_rule(rule: Rule, subject: Subject, config: GovernanceConfig) -> list[Violation]:
    """One rule's violations at the level the stack gives it (none if it is disabled)."""
    settings = config.settings(rule)
    if not settings.enabled:
        return []
    return [
        Violation(rule.id, settings.level, *breach)
        for breach in rule.check(subject, settings.params)
    ]


def evaluate(subject: Subject, config: GovernanceConfig | None = None) -> list[Violation]:
    """Every enabled rule's violations, in catalogue order."""
    config = config or GovernanceConfig()
    return [v for rule in RULES.values() for v in run_rule(rule, subject, config)]
