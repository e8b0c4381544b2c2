"""Teams, their async operations and members (channels live in channels.py).

Behaviour follows learn.microsoft.com/graph/api/team-post (202 Accepted, Location of a
teamsAsyncOperation, Content-Location of the team; app-only creation needs an owner among
``members``), /graph/api/teamsasyncoperation-get (notStarted → inProgress → succeeded),
/graph/api/team-put-teams, /graph/api/team-update (settings merge), /graph/api/team-archive,
/graph/api/channel-post (private and shared channels need an owner in ``members``),
/graph/api/channel-get-filesfolder
and /graph/api/team-post-members. Team membership is the group's membership.
"""

from __future__ import annotations

import re
import secrets
import time
from typing import TYPE_CHECKING, Any

from local_tenant.collection import Shape, merge, require
from local_tenant.directory.models import GROUP, is_unified
from local_tenant.protocol import new_id, now_iso, parse_bind
from local_tenant.storage import Document
from local_tenant.teams.exceptions import (
    MemberNotFound,
    OperationNotFound,
    TeamAlreadyExists,
    TeamArchived,
    TeamNotFound,
    TeamOwnerLimit,
    TeamsBadRequest,
)
from local_tenant.teams.members import MEMBER_SHAPE, member_id, parse_member, render_member
from tenantctl.m365 import limits

if TYPE_CHECKING:
    from local_tenant.teams.host import TeamsHost

TEAM = "team"
OPERATION = "teamsop"
TEMPLATES = (
    "standard",
    "educationClass",
    "educationStaff",
    "educationProfessionalLearningCommunity",
    "retailStore",
    "retailManagerCollaboration",
    "healthcareWard",
    "healthcareHospital",
)
DEFAULT_SETTINGS: dict[str, dict[str, Any]] = {
    "memberSettings": {
        "allowCreateUpdateChannels": True,
        "allowCreatePrivateChannels": True,
        "allowDeleteChannels": True,
        "allowAddRemoveApps": True,
        "allowCreateUpdateRemoveTabs": True,
        "allowCreateUpdateRemoveConnectors": True,
    },
    "guestSettings": {"allowCreateUpdateChannels": False, "allowDeleteChannels": False},
    "messagingSettings": {
        "allowUserEditMessages": True,
        "allowUserDeleteMessages": True,
        "allowOwnerDeleteMessages": True,
        "allowTeamMentions": True,
        "allowChannelMentions": True,
    },
    "funSettings": {
        "allowGiphy": True,
        "giphyContentRating": "moderate",
        "allowStickersAndMemes": True,
        "allowCustomMemes": True,
    },
}
_SETTINGS_TYPES: dict[str, type | tuple[type, ...]] = {k: dict for k in DEFAULT_SETTINGS}
_TEXT_LIMITS = {"displayName": limits.DISPLAY_NAME_MAX, "description": limits.DESCRIPTION_MAX}
"""A team's name is its group's (resources/group); its description, resources/team."""
TEAM_SHAPE = Shape(
    "team",
    {
        "displayName": str,
        "description": str,
        "visibility": str,
        "classification": str,
        "specialization": str,
        "members": list,
        "channels": list,
        "installedApps": list,
        "firstChannelName": str,
        **_SETTINGS_TYPES,
    },
    binds=frozenset({"template@odata.bind", "group@odata.bind"}),
    error=TeamsBadRequest,
    limits=_TEXT_LIMITS,
)
TEAM_PATCH_SHAPE = Shape(
    "team",
    {
        "displayName": str,
        "description": str,
        "visibility": str,
        "classification": str,
        **_SETTINGS_TYPES,
    },
    error=TeamsBadRequest,
    limits=_TEXT_LIMITS,
)


class Teams:
    """Teams over the directory's groups."""

    def __init__(self, tenant: TeamsHost) -> None:
        self.tenant = tenant
        self.store = tenant.store
        tenant.directory.on_group_deleted.append(self._group_deleted)

    # teams ----------------------------------------------------------------------------------

    def has_team(self, group_id: str) -> bool:
        """True if the group has a team (provisioned or not)."""
        return self.store.get(TEAM, group_id) is not None

    def team(self, id: str) -> Document:
        """A provisioned team."""
        doc = self.store.get(TEAM, id)
        if doc is None or doc["_readyAt"] > time.time():
            raise TeamNotFound.for_group(id)
        return doc

    def teams(self) -> list[Document]:
        """Provisioned teams."""
        now = time.time()
        return [t for t in self.store.list(TEAM) if t["_readyAt"] <= now]

    def create(self, body: Document) -> tuple[Document, Document]:
        """POST /teams: returns the (provisioning) team and its createTeam operation."""
        clean = TEAM_SHAPE.validate(body, creating=True)
        template = clean.pop("template@odata.bind", None)
        if template is None:
            raise TeamsBadRequest("Required property 'template@odata.bind' is missing.")
        template_id = parse_bind(template, "teamsTemplates")
        if template_id not in TEMPLATES:
            raise TeamsBadRequest(f"Template '{template_id}' not found.")
        members = [parse_member(self.tenant, m) for m in clean.pop("members", [])]
        channels = clean.pop("channels", [])
        clean.pop("installedApps", None)
        first_channel = clean.pop("firstChannelName", None) or "General"
        directory = self.tenant.directory
        group_bind = clean.pop("group@odata.bind", None)
        if group_bind is not None:
            group = directory.group(parse_bind(group_bind, "groups"))
            if not is_unified(group):
                raise TeamsBadRequest("The group must be a Microsoft 365 group.")
            if self.has_team(group["id"]):
                raise TeamAlreadyExists(group["id"])
            if len(directory.owner_ids(group["id"])) < limits.TEAM_OWNERS_MIN:
                raise TeamsBadRequest("The group must have at least one owner to create a team.")
        else:
            if sum("owner" in roles for _, roles in members) < limits.TEAM_OWNERS_MIN:
                raise TeamsBadRequest(
                    "An owner must be specified in 'members' when creating a team with "
                    "application permissions."
                )
            display = clean.get("displayName")
            if not display:
                raise TeamsBadRequest("Required property 'displayName' is missing.")
            suffix = secrets.token_hex(2)
            stem = re.sub(r"[^A-Za-z0-9]", "", display)[: limits.MAIL_NICKNAME_MAX - len(suffix)]
            nickname = f"{stem or 'team'}{suffix}"
            group = directory.create_group(
                {
                    "displayName": display,
                    "description": clean.get("description") or display,
                    "mailEnabled": True,
                    "mailNickname": nickname,
                    "securityEnabled": False,
                    "groupTypes": ["Unified"],
                    "visibility": (clean.get("visibility") or "private").capitalize(),
                }
            )
        for user_id, roles in members:
            self._join(group["id"], user_id, roles)
        team = self._provision(group, clean, template_id, first_channel)
        for channel in channels:
            if not isinstance(channel, dict):
                raise TeamsBadRequest("Invalid value specified for property 'channels'.")
            self.tenant.channels.create(team["id"], channel, initial=True)
        operation = self._operation(team["id"], "createTeam", team["_readyAt"])
        return team, operation

    def create_from_group(self, group_id: str, body: Document) -> Document:
        """PUT /groups/{id}/team (synchronous, 201)."""
        clean = TEAM_PATCH_SHAPE.validate(body, creating=False)
        group = self.tenant.directory.group(group_id)
        if not is_unified(group):
            raise TeamsBadRequest("The group must be a Microsoft 365 group.")
        if self.has_team(group_id):
            raise TeamAlreadyExists(group_id)
        if len(self.tenant.directory.owner_ids(group_id)) < limits.TEAM_OWNERS_MIN:
            raise TeamsBadRequest("The group must have at least one owner to create a team.")
        team = self._provision(group, clean, "standard", "General", delay=0)
        return team

    def _provision(
        self,
        group: Document,
        settings: Document,
        template: str,
        first_channel: str,
        delay: float | None = None,
    ) -> Document:
        wait = self.tenant.behaviour.team_provision_s if delay is None else delay
        org = self.tenant.organisation
        team: Document = {
            "id": group["id"],
            "createdDateTime": now_iso(),
            "displayName": settings.get("displayName") or group["displayName"],
            "description": settings.get("description") or group.get("description"),
            "internalId": f"19:{secrets.token_hex(16)}@thread.tacv2",
            "classification": settings.get("classification"),
            "specialization": "none",
            "visibility": (
                settings.get("visibility") or group.get("visibility") or "private"
            ).lower(),
            "webUrl": f"https://teams.microsoft.com/l/team/19%3a{group['id'][:8]}%40thread.tacv2/conversations?groupId={group['id']}&tenantId={org.tenant_id}",
            "isArchived": False,
            "tenantId": org.tenant_id,
            **{k: merge(v, settings.get(k) or {}) for k, v in DEFAULT_SETTINGS.items()},
            "_template": template,
            "_readyAt": time.time() + wait,
        }
        self.store.put(TEAM, team["id"], team)
        self.store.put(GROUP, group["id"], {**group, "resourceProvisioningOptions": ["Team"]})
        self.tenant.sites.provision_group_site(group)
        self.tenant.channels.create_general(team["id"], first_channel)
        return team

    def active(self, id: str) -> Document:
        """A provisioned team that is not archived (403 for an archived one)."""
        team = self.team(id)
        if team["isArchived"]:
            raise TeamArchived(id)
        return team

    def update(self, id: str, changes: Document) -> Document:
        """PATCH /teams/{id}: nested settings merge."""
        team = self.active(id)
        clean = TEAM_PATCH_SHAPE.validate(changes, creating=False)
        for key in DEFAULT_SETTINGS:
            if key in clean:
                unknown = set(clean[key]) - set(DEFAULT_SETTINGS[key])
                if unknown:
                    raise TeamsBadRequest(
                        f"Property '{sorted(unknown)[0]}' does not exist on type '{key}'."
                    )
        if "visibility" in clean:
            clean["visibility"] = str(clean["visibility"]).lower()
        updated = merge(team, clean)
        self.store.put(TEAM, id, updated)
        return updated

    def set_archived(self, id: str, archived: bool, site_read_only: bool = False) -> Document:
        """POST /teams/{id}/archive (optionally making the team's site read-only for its
        members, ``shouldSetSpoSiteReadOnlyForMembers``) or /unarchive, which gives members
        their site back: returns the operation. Archiving needs an owner (team-archive)."""
        team = self.team(id)
        if archived and not self.tenant.directory.owner_ids(id):
            raise TeamsBadRequest("The team must have at least one owner to be archived.")
        self.store.put(TEAM, id, {**team, "isArchived": archived})
        if site_read_only or not archived:
            self.tenant.sites.set_read_only_for_members(id, archived)
        done_at = time.time() + self.tenant.behaviour.team_provision_s
        return self._operation(id, "archiveTeam" if archived else "unarchiveTeam", done_at)

    def _group_deleted(self, group: Document) -> None:
        if self.store.get(TEAM, group["id"]) is not None:
            self.store.delete(TEAM, group["id"])

    # operations -----------------------------------------------------------------------------

    def _operation(self, team_id: str, kind: str, done_at: float) -> Document:
        """A new operation on the team, succeeding at DONE_AT (a createTeam's: when the team
        is ready, so that the operation and the team never disagree)."""
        op: Document = {
            "id": new_id(),
            "operationType": kind,
            "createdDateTime": now_iso(),
            "attemptsCount": 1,
            "targetResourceId": team_id,
            "targetResourceLocation": f"/teams('{team_id}')",
            "error": None,
            "_started": time.time(),
            "_doneAt": done_at,
        }
        self.store.put(OPERATION, op["id"], op, parent=team_id)
        return op

    def operation(self, team_id: str, op_id: str) -> Document:
        """A teamsAsyncOperation with its status moved on by elapsed time."""
        op = require(self.store, OPERATION, op_id, OperationNotFound.for_id)
        if op["targetResourceId"] != team_id:
            raise OperationNotFound.for_id(op_id)
        delay = op["_doneAt"] - op["_started"]
        elapsed = time.time() - op["_started"]
        if delay <= 0 or elapsed >= delay:
            status = "succeeded"
        elif elapsed < delay / 4:
            status = "notStarted"
        else:
            status = "inProgress"
        return {**op, "status": status, "lastActionDateTime": now_iso()}

    # members --------------------------------------------------------------------------------

    def _join(self, group_id: str, user_id: str, roles: list[str]) -> None:
        directory = self.tenant.directory
        owners = directory.owner_ids(group_id)
        if "owner" in roles and user_id not in owners and len(owners) >= limits.TEAM_OWNERS_MAX:
            raise TeamOwnerLimit()
        if user_id not in directory.member_ids(group_id):
            directory.add_link(group_id, "members", user_id)
        if "owner" in roles and user_id not in directory.owner_ids(group_id):
            directory.add_link(group_id, "owners", user_id)
        if "owner" not in roles and user_id in directory.owner_ids(group_id):
            directory.remove_link(group_id, "owners", user_id)

    def members(self, team_id: str) -> list[Document]:
        """Team members as aadUserConversationMembers (group members and owners)."""
        self.team(team_id)
        directory = self.tenant.directory
        owners = directory.owner_ids(team_id)
        ids = list(dict.fromkeys([*owners, *directory.member_ids(team_id)]))
        users = [i for i in ids if self.store.get("user", i) is not None]
        return [
            render_member(self.tenant, team_id, i, ["owner"] if i in owners else []) for i in users
        ]

    def member(self, team_id: str, id: str) -> Document:
        """One team member."""
        for member in self.members(team_id):
            if member["id"] == id:
                return member
        raise MemberNotFound.for_id(id)

    def add_member(self, team_id: str, body: Document) -> Document:
        """POST /teams/{id}/members."""
        self.team(team_id)
        user_id, roles = parse_member(self.tenant, body)
        self._join(team_id, user_id, roles)
        return self.member(team_id, member_id(team_id, user_id))

    def update_member(self, team_id: str, id: str, body: Document) -> Document:
        """PATCH /teams/{id}/members/{id}: change roles."""
        member = self.member(team_id, id)
        roles = [
            str(r).lower() for r in MEMBER_SHAPE.validate(body, creating=False).get("roles") or []
        ]
        self._join(team_id, member["userId"], roles)
        return self.member(team_id, id)

    def remove_member(self, team_id: str, id: str) -> None:
        """DELETE /teams/{id}/members/{id}."""
        member = self.member(team_id, id)
        directory = self.tenant.directory
        if member["userId"] in directory.owner_ids(team_id):
            directory.remove_link(team_id, "owners", member["userId"])
        if member["userId"] in directory.member_ids(team_id):
            directory.remove_link(team_id, "members", member["userId"])
