"""Errors the Teams part of Graph answers with."""

from __future__ import annotations

from local_tenant.errors import BadRequest, Conflict, Forbidden, ItemNotFound
from tenantctl.m365 import limits


class TeamNotFound(ItemNotFound):
    """404 for a group without a (provisioned) team."""

    @classmethod
    def for_group(cls, id: str) -> TeamNotFound:
        return cls(f"No team found with Group Id {id}")


class ChannelNotFound(ItemNotFound):
    """404 for an unknown channel."""

    @classmethod
    def for_id(cls, id: str) -> ChannelNotFound:
        return cls(f"Channel {id} not found.")


class MemberNotFound(ItemNotFound):
    """404 for an unknown conversation member."""

    @classmethod
    def for_id(cls, id: str) -> MemberNotFound:
        return cls(f"Member {id} not found.")


class OperationNotFound(ItemNotFound):
    """404 for an unknown teamsAsyncOperation."""

    @classmethod
    def for_id(cls, id: str) -> OperationNotFound:
        return cls(f"Operation {id} not found.")


class TeamsBadRequest(BadRequest):
    """400 from Teams for a body it rejects."""


class ChannelNameConflict(Conflict):
    """409 for a channel name already used in the team (channel-post)."""

    code = "NameAlreadyExists"

    def __init__(self, name: str) -> None:
        super().__init__(f"Channel name '{name}' already existed, please use other name.")


class TeamAlreadyExists(Conflict):
    """409 when a group already has a team."""

    def __init__(self, group_id: str) -> None:
        super().__init__(f"Team already exists for group {group_id}.")


class FolderNotReady(ItemNotFound):
    """404 while a new channel's SharePoint folder is still being provisioned."""

    def __init__(self) -> None:
        super().__init__(
            "Folder location for this channel is not ready yet, please try again later."
        )


class TeamOwnerLimit(TeamsBadRequest):
    """400 when a team already has as many owners as Teams allows
    (learn.microsoft.com/microsoftteams/limits-specifications-teams)."""

    def __init__(self) -> None:
        super().__init__(
            f"The team already has {limits.TEAM_OWNERS_MAX} owners, the most a team can have."
        )


class ChannelLimit(TeamsBadRequest):
    """400 when a team already has as many channels as Teams allows, counting General and the
    channels deleted in the last 30 days (limits-specifications-teams)."""

    def __init__(self) -> None:
        super().__init__(
            f"The team already has {limits.TEAM_CHANNELS_MAX:,} channels, deleted channels "
            f"included for {limits.DELETED_CHANNEL_KEPT.days} days; no more can be created."
        )


class ChannelMemberLimit(TeamsBadRequest):
    """400 when a private or shared channel would have more members than Teams allows
    (limits-specifications-teams)."""

    def __init__(self, kind: str, most: int) -> None:
        super().__init__(f"A {kind} channel can have at most {most:,} members.")


class TeamArchived(Forbidden):
    """403 for a change an archived team does not take (team-archive: no messages, no edits of
    the team's name, description or settings, most other changes refused; membership changes
    still allowed)."""

    code = "Forbidden"

    def __init__(self, team_id: str) -> None:
        super().__init__(
            f"Team {team_id} is archived and cannot be changed; unarchive it first "
            "(POST /teams/{id}/unarchive)."
        )
