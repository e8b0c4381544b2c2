"""Channels of a team: standard, private and shared, their members and files folder.

Follows learn.microsoft.com/graph/api/channel-post (private and shared channels need an owner
in ``members``; a name follows Teams' rules, `names.channel_name_problem`; a duplicate is 409),
channel-patch,
channel-delete (General can be neither renamed nor deleted), channel-get-filesfolder and
channel-post-members (private-channel members must be team members; a shared channel takes
no guest: people from outside join it through B2B direct connect,
learn.microsoft.com/microsoftteams/shared-channels), within Teams' limits
(learn.microsoft.com/microsoftteams/limits-specifications-teams): channels per team, deleted
ones counted while they can be restored, and members of private and shared channels.
"""

from __future__ import annotations

import secrets
import time
from typing import TYPE_CHECKING
from urllib.parse import quote

from local_tenant.collection import Shape, require
from local_tenant.protocol import now_iso
from local_tenant.storage import Document
from local_tenant.teams.exceptions import (
    ChannelLimit,
    ChannelMemberLimit,
    ChannelNameConflict,
    ChannelNotFound,
    FolderNotReady,
    MemberNotFound,
    TeamsBadRequest,
)
from local_tenant.teams.members import MEMBER_SHAPE, member_id, parse_member, render_member
from tenantctl.m365 import limits
from tenantctl.m365.names import channel_name_problem

if TYPE_CHECKING:
    from local_tenant.teams.host import TeamsHost

CHANNEL = "channel"
CHANNEL_MEMBER = "channelmember"
DELETED_CHANNEL = "deletedchannel"
CHANNEL_SHAPE = Shape(
    "channel",
    {
        "displayName": str,
        "description": str,
        "membershipType": str,
        "isFavoriteByDefault": bool,
        "members": list,
    },
    required=("displayName",),
    error=TeamsBadRequest,
)
CHANNEL_PATCH_SHAPE = Shape(
    "channel", {"displayName": str, "description": str}, error=TeamsBadRequest
)


class Channels:
    """Channels over the team store."""

    def __init__(self, tenant: TeamsHost) -> None:
        self.tenant = tenant
        self.store = tenant.store
        tenant.directory.on_group_deleted.append(self._group_deleted)

    def _group_deleted(self, group: Document) -> None:
        for kind in (CHANNEL, DELETED_CHANNEL):
            for channel in self.store.list(kind, parent=group["id"]):
                self.store.delete(kind, channel["id"])

    def create_general(self, team_id: str, name: str) -> Document:
        """The General channel every team starts with (favourite by default)."""
        return self._new(team_id, name, None, "standard", is_favourite=True, general=True)

    def of_team(self, team_id: str) -> list[Document]:
        """The team's channels, General first."""
        self.tenant.teams.team(team_id)
        return self.store.list(CHANNEL, parent=team_id)

    def get(self, team_id: str, channel_id: str) -> Document:
        """One channel of the team."""
        self.tenant.teams.team(team_id)
        doc = self.store.get(CHANNEL, channel_id)
        if doc is None or doc["_teamId"] != team_id:
            raise ChannelNotFound.for_id(channel_id)
        return doc

    def primary(self, team_id: str) -> Document:
        """The General channel."""
        return next(c for c in self.of_team(team_id) if c["_general"])

    def _check_room(self, team_id: str) -> None:
        """Teams' channels per team: General and every live channel, and the deleted ones
        while they can still be restored."""
        since = time.time() - limits.DELETED_CHANNEL_KEPT.total_seconds()
        live = len(self.store.rows(CHANNEL, parent=team_id))
        deleted = self.store.list(DELETED_CHANNEL, parent=team_id)
        if live + sum(d["_deletedAt"] > since for d in deleted) >= limits.TEAM_CHANNELS_MAX:
            raise ChannelLimit()

    def _check_roster(self, kind: str, size: int) -> None:
        most = limits.CHANNEL_MEMBERS_MAX.get(kind)
        if most is not None and size > most:
            raise ChannelMemberLimit(kind, most)

    def _check_name(self, team_id: str, name: str, exclude: str | None = None) -> None:
        problem = channel_name_problem(name)
        if problem:
            raise TeamsBadRequest(f"Channel name '{name}' is invalid: it {problem}.")
        for other in self.store.list(CHANNEL, parent=team_id):
            if other["id"] != exclude and other["displayName"].lower() == name.lower():
                raise ChannelNameConflict(name)

    def _new(
        self,
        team_id: str,
        name: str,
        description: str | None,
        kind: str,
        *,
        is_favourite: bool | None,
        general: bool = False,
    ) -> Document:
        thread = f"19:{secrets.token_hex(16)}@thread.tacv2"
        doc: Document = {
            "id": thread,
            "createdDateTime": now_iso(),
            "displayName": name,
            "description": description,
            "isFavoriteByDefault": is_favourite,
            "email": "",
            "webUrl": (
                f"https://teams.microsoft.com/l/channel/{quote(thread)}/{quote(name)}"
                f"?groupId={team_id}&tenantId={self.tenant.organisation.tenant_id}"
            ),
            "membershipType": kind,
            "tenantId": self.tenant.organisation.tenant_id,
            "_teamId": team_id,
            "_general": general,
            "_created": time.time(),
        }
        self.store.put(CHANNEL, thread, doc, parent=team_id)
        return doc

    def create(self, team_id: str, body: Document, initial: bool = False) -> Document:
        """POST /teams/{id}/channels."""
        if not initial:
            self.tenant.teams.active(team_id)
        clean = CHANNEL_SHAPE.validate(body, creating=True)
        kind = clean.get("membershipType") or "standard"
        if kind not in ("standard", "private", "shared"):
            raise TeamsBadRequest(f"Invalid value '{kind}' for property 'membershipType'.")
        self._check_name(team_id, clean["displayName"])
        self._check_room(team_id)
        members = [parse_member(self.tenant, m) for m in clean.get("members") or []]
        self._check_roster(kind, len({user_id for user_id, _ in members}))
        if kind != "standard" and not any("owner" in roles for _, roles in members):
            raise TeamsBadRequest(
                f"A {kind} channel created with application permissions must have an owner in "
                "'members'."
            )
        if kind == "standard" and members:
            raise TeamsBadRequest("Members can only be specified for private and shared channels.")
        if clean.get("isFavoriteByDefault") is not None and not initial:
            raise TeamsBadRequest("isFavoriteByDefault can only be set when creating a team.")
        team_members = set(self.tenant.directory.member_ids(team_id)) | set(
            self.tenant.directory.owner_ids(team_id)
        )
        for user_id, _ in members:
            self._check_member(kind, user_id, team_members)
        channel = self._new(
            team_id,
            clean["displayName"],
            clean.get("description"),
            kind,
            is_favourite=clean.get("isFavoriteByDefault"),
        )
        for user_id, roles in members:
            self._put_member(channel["id"], user_id, roles)
        return channel

    def _check_member(self, kind: str, user_id: str, team: set[str]) -> None:
        """Refuse who Teams refuses: anyone outside the team in a private channel, and a guest
        in a shared channel."""
        if kind == "private" and user_id not in team:
            raise TeamsBadRequest(f"User {user_id} is not a member of the team.")
        if kind == "shared" and self.tenant.directory.user(user_id).get("userType") == "Guest":
            raise TeamsBadRequest(f"Guest user {user_id} cannot be added to a shared channel.")

    def update(self, team_id: str, channel_id: str, changes: Document) -> Document:
        """PATCH a channel (General cannot be renamed)."""
        self.tenant.teams.active(team_id)
        channel = self.get(team_id, channel_id)
        clean = CHANNEL_PATCH_SHAPE.validate(changes, creating=False)
        if "displayName" in clean and clean["displayName"] != channel["displayName"]:
            if channel["_general"]:
                raise TeamsBadRequest("The General channel cannot be renamed.")
            self._check_name(team_id, clean["displayName"], exclude=channel_id)
        updated = {**channel, **clean}
        self.store.put(CHANNEL, channel_id, updated, parent=team_id)
        return updated

    def delete(self, team_id: str, channel_id: str) -> None:
        """DELETE a channel (General cannot be deleted)."""
        self.tenant.teams.active(team_id)
        channel = self.get(team_id, channel_id)
        if channel["_general"]:
            raise TeamsBadRequest("The General channel cannot be deleted.")
        self.store.delete(CHANNEL, channel_id)
        deleted = {
            "id": channel_id,
            "displayName": channel["displayName"],
            "_deletedAt": time.time(),
        }
        self.store.put(DELETED_CHANNEL, channel_id, deleted, parent=team_id)

    def files_folder(self, team_id: str, channel_id: str) -> Document:
        """The channel's folder in the team site's document library."""
        channel = self.get(team_id, channel_id)
        if time.time() - channel["_created"] < self.tenant.behaviour.files_folder_ready_s:
            raise FolderNotReady()
        site = self.tenant.sites.group_site(team_id)
        name = channel["displayName"]
        return {
            "id": self.tenant.stable_id("folder", channel_id),
            "name": name,
            "webUrl": f"{site['webUrl']}/Shared%20Documents/{name.replace(' ', '%20')}",
            "size": 0,
            "createdDateTime": channel["createdDateTime"],
            "lastModifiedDateTime": channel["createdDateTime"],
            "eTag": f'"{{{channel_id[3:11]}}},1"',
            "cTag": f'"c:{{{channel_id[3:11]}}},0"',
            "parentReference": {
                "driveId": f"b!{self.tenant.stable_id('drive', team_id)}",
                "driveType": "documentLibrary",
            },
            "folder": {"childCount": 0},
        }

    def _put_member(self, channel_id: str, user_id: str, roles: list[str]) -> Document:
        doc = {"userId": user_id, "roles": roles}
        self.store.put(CHANNEL_MEMBER, member_id(channel_id, user_id), doc, parent=channel_id)
        return doc

    def members(self, team_id: str, channel_id: str) -> list[Document]:
        """Members of a channel: its own list for private/shared, the team's for standard."""
        channel = self.get(team_id, channel_id)
        if channel["membershipType"] == "standard":
            return [
                {**m, "id": member_id(channel_id, m["userId"])}
                for m in self.tenant.teams.members(team_id)
            ]
        return [
            render_member(self.tenant, channel_id, d["userId"], d["roles"])
            for d in self.store.list(CHANNEL_MEMBER, parent=channel_id)
            if self.store.get("user", d["userId"]) is not None
        ]

    def _private(self, team_id: str, channel_id: str) -> Document:
        channel = self.get(team_id, channel_id)
        if channel["membershipType"] == "standard":
            raise TeamsBadRequest("Members can only be managed on private and shared channels.")
        return channel

    def add_member(self, team_id: str, channel_id: str, body: Document) -> Document:
        """POST /teams/{id}/channels/{id}/members."""
        channel = self._private(team_id, channel_id)
        user_id, roles = parse_member(self.tenant, body)
        directory = self.tenant.directory
        team = set(directory.member_ids(team_id)) | set(directory.owner_ids(team_id))
        self._check_member(channel["membershipType"], user_id, team)
        roster = {d["userId"] for d in self.store.list(CHANNEL_MEMBER, parent=channel_id)}
        self._check_roster(channel["membershipType"], len(roster | {user_id}))
        self._put_member(channel_id, user_id, roles)
        return render_member(self.tenant, channel_id, user_id, roles)

    def update_member(self, team_id: str, channel_id: str, id: str, body: Document) -> Document:
        """PATCH a private/shared channel member's roles."""
        self._private(team_id, channel_id)
        doc = require(self.store, CHANNEL_MEMBER, id, MemberNotFound.for_id)
        roles = [
            str(r).lower() for r in MEMBER_SHAPE.validate(body, creating=False).get("roles") or []
        ]
        self._put_member(channel_id, doc["userId"], roles)
        return render_member(self.tenant, channel_id, doc["userId"], roles)

    def remove_member(self, team_id: str, channel_id: str, id: str) -> None:
        """DELETE a private/shared channel member."""
        self._private(team_id, channel_id)
        require(self.store, CHANNEL_MEMBER, id, MemberNotFound.for_id)
        self.store.delete(CHANNEL_MEMBER, id)
