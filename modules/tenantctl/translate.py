"""A team's settings in the model translated into the body Graph takes (camelCase keys, enum
strings): teamMemberSettings, teamGuestSettings, teamMessagingSettings, teamFunSettings
(learn.microsoft.com/graph/api/resources/team).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from tenantctl.model.schema import TeamSettings


def camel(name: str) -> str:
    """snake_case → camelCase."""
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def camel_body(model: BaseModel) -> dict[str, Any]:
    """A settings model as a Graph body: camelCase keys, enum values as strings."""
    return {camel(key): value for key, value in model.model_dump(mode="json").items()}


def team_settings_body(settings: TeamSettings) -> dict[str, dict[str, Any]]:
    """The four settings groups of a team, as PATCH /teams/{id} takes them."""
    return {
        "memberSettings": camel_body(settings.members),
        "guestSettings": camel_body(settings.guests),
        "messagingSettings": camel_body(settings.messaging),
        "funSettings": camel_body(settings.fun),
    }
