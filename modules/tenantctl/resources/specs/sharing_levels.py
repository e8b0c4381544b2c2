"""External sharing levels, and how Graph and SharePoint's admin API spell them."""

from __future__ import annotations

from typing import Any

from tenantctl.resources.specs.common import lower

LEVELS = ("disabled", "existing_guests", "guests", "anyone")

GRAPH = {
    "disabled": "disabled",
    "existing_guests": "existingExternalUserSharingOnly",
    "guests": "externalUserSharingOnly",
    "anyone": "externalUserAndGuestSharing",
}
"""Graph's sharingCapabilities enum (sharepointSettings.sharingCapability)."""

SHAREPOINT = {"disabled": 0, "guests": 1, "anyone": 2, "existing_guests": 3}
"""SharePoint's SharingCapabilities enum (SiteProperties.SharingCapability)."""

_ALIASES = {
    **{lower(name): level for level, name in GRAPH.items()},
    **{str(number): level for level, number in SHAREPOINT.items()},
    **{level: level for level in LEVELS},
}


def level(value: Any) -> str:
    """A sharing level from any spelling (ours, Graph's, SharePoint's number); else as is."""
    return _ALIASES.get(lower(value), lower(value))
