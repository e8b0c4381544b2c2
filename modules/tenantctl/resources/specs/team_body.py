"""The parts of a team body: which are kept in step after creation, and how to compare them."""

from __future__ import annotations

import re
from typing import Any

from tenantctl.resources.specs.common import lower, text

MANAGED = ("displayName", "description", "visibility")
"""Body properties kept in step after creation. Channels, apps and the settings blocks
(memberSettings, guestSettings, messagingSettings, funSettings) are create-time only: the
settings are TeamSettings' to read and PATCH (`team_settings.BLOCKS`), so that each has one
owner."""

TEMPLATES = frozenset(
    {
        "standard",
        "educationClass",
        "educationStaff",
        "educationProfessionalLearningCommunity",
        "healthcareWard",
        "healthcareHospital",
        "retailStore",
        "retailManagerCollaboration",
        "manufacturingFactory",
    }
)
TEMPLATE_BIND = re.compile(r"teamsTemplates\('([^']+)'\)")


def template_of(body: Any) -> str | None:
    """The template id bound by `template@odata.bind`, if any."""
    if not isinstance(body, dict):
        return None
    found = TEMPLATE_BIND.search(text(body.get("template@odata.bind")))
    return found.group(1) if found else None


def known_template(template: str) -> bool:
    """A base template, or a custom one (`com.microsoft.teams.template.*`)."""
    return template in TEMPLATES or template.startswith("com.microsoft.teams.template.")


def camel(name: str) -> str:
    """`allow_giphy` → `allowGiphy`; camelCase names are kept."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def settings_block(block: Any) -> dict[str, Any] | None:
    """A settings block with camelCase keys and Graph's lower-case enum values."""
    if block is None:
        return None
    return {camel(key): lower(v) if isinstance(v, str) else v for key, v in dict(block).items()}


def managed(body: Any) -> dict[str, Any]:
    """The kept-in-step part of a body, in normal form."""
    source = dict(body or {})
    out: dict[str, Any] = {}
    for key in MANAGED:
        if key not in source:
            continue
        value = source[key]
        if key == "visibility":
            out[key] = lower(value)
        else:
            out[key] = text(value)
    return out
