"""Every governance rule, by id."""

from __future__ import annotations

from tenantctl.governance.rule import Rule
from tenantctl.governance.rules import (
    administration,
    channels,
    content,
    groups,
    licences,
    naming,
    sharing,
    sign_in,
    teams,
)

RULES: dict[str, Rule] = {
    rule.id: rule
    for module in (
        sharing,
        teams,
        channels,
        licences,
        naming,
        content,
        groups,
        sign_in,
        administration,
    )
    for rule in module.RULES
}
