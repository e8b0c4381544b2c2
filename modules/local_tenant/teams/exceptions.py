"""Errors the Teams part of Graph answers with."""

from __future__ import annotations

from local_tenant.errors import BadRequest, Conflict, ItemNotFound


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
