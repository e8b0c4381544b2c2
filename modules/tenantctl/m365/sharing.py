"""External sharing levels, from the most closed to the most open, and how each is spelled.

- Ours: `SharingLevel`, the stacks' and the model's words, in the order of
  learn.microsoft.com/sharepoint/turn-external-sharing-on-or-off (Only people in your
  organisation, Existing guests, New and existing guests, Anyone).
- Graph's: sharepointSettings.sharingCapability, the sharingCapabilities enum
  (learn.microsoft.com/graph/api/resources/sharepointsettings).
- SharePoint's admin API: SiteProperties.SharingCapability, the SharingCapabilities enum as a
  number (0 Disabled, 1 ExternalUserSharingOnly, 2 ExternalUserAndGuestSharing,
  3 ExistingExternalUserSharingOnly; learn.microsoft.com/powershell/module/sharepoint-online/
  set-sposite, -SharingCapability). Its names are Graph's but for the first letter's case.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class SharingLevel(StrEnum):
    """A sharing level, members from the most closed to the most open."""

    DISABLED = "disabled"
    EXISTING_GUESTS = "existing_guests"
    GUESTS = "guests"
    ANYONE = "anyone"

    @property
    def rank(self) -> int:
        return list(SharingLevel).index(self)

    @property
    def is_external(self) -> bool:
        return self is not SharingLevel.DISABLED


LEVELS = tuple(level.value for level in SharingLevel)

GRAPH = {
    SharingLevel.DISABLED.value: "disabled",
    SharingLevel.EXISTING_GUESTS.value: "existingExternalUserSharingOnly",
    SharingLevel.GUESTS.value: "externalUserSharingOnly",
    SharingLevel.ANYONE.value: "externalUserAndGuestSharing",
}
"""Graph's sharingCapabilities value of each level."""

SHAREPOINT = {
    SharingLevel.DISABLED.value: 0,
    SharingLevel.GUESTS.value: 1,
    SharingLevel.ANYONE.value: 2,
    SharingLevel.EXISTING_GUESTS.value: 3,
}
"""SharePoint's SharingCapabilities number of each level."""

_ALIASES = {
    **{name.lower(): level for level, name in GRAPH.items()},
    **{str(number): level for level, number in SHAREPOINT.items()},
    **{level: level for level in LEVELS},
}


def level(value: Any) -> str:
    """A level from any spelling (ours, Graph's, SharePoint's name or number), any case;
    a value that is none of them, trimmed and lower-cased."""
    spelled = "" if value is None else str(value).strip().lower()
    return _ALIASES.get(spelled, spelled)


def rank(value: Any) -> int:
    """How open a level in any spelling is (None: disabled); one not recognised ranks above
    every level."""
    found = level(value or SharingLevel.DISABLED)
    return LEVELS.index(found) if found in LEVELS else len(LEVELS)
