"""Which model section a listed group belongs to, from its listing alone."""

from __future__ import annotations

import re
from typing import Any

AGENTS = re.compile(r"^(?P<prefix>[A-Za-z]{2,6})-(?P<code>[A-Za-z][A-Za-z0-9]{1,11})-agents$")
"""A directorate's agents group: `<PREFIX>-<CODE>-agents`."""
OTHER = "other"


def is_team(group: dict[str, Any]) -> bool:
    """A Microsoft 365 group with a team."""
    return "Team" in (group.get("resourceProvisioningOptions") or [])


def group_kind(group: dict[str, Any]) -> str:
    """`spaces`, `directorates`, `licence_groups`, or `other` for groups the model has no
    kind for (their owners and members are not read)."""
    if is_team(group):
        return "spaces"
    if "Unified" in (group.get("groupTypes") or []):
        return OTHER
    if AGENTS.match(group.get("mailNickname") or ""):
        return "directorates"
    return "licence_groups" if group.get("assignedLicenses") else OTHER
