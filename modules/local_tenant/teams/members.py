"""Conversation members (learn.microsoft.com/graph/api/resources/aaduserconversationmember):
parsing ``user@odata.bind`` bodies and rendering members of teams and channels."""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any

from local_tenant.collection import Shape
from local_tenant.protocol import parse_bind
from local_tenant.storage import Document
from local_tenant.teams.exceptions import TeamsBadRequest

if TYPE_CHECKING:
    from local_tenant.teams.host import TeamsHost

MEMBER_SHAPE = Shape(
    "conversationMember",
    {"roles": list, "visibleHistoryStartDateTime": str},
    binds=frozenset({"user@odata.bind"}),
    error=TeamsBadRequest,
)


def member_id(scope: str, user_id: str) -> str:
    """A conversationMember id: opaque, derived from the team or channel and the user."""
    return base64.urlsafe_b64encode(f"0#{scope}#{user_id}".encode()).decode().rstrip("=")


def parse_member(tenant: TeamsHost, body: Any) -> tuple[str, list[str]]:
    """The user id and roles of an aadUserConversationMember body."""
    if not isinstance(body, dict):
        raise TeamsBadRequest("Invalid value specified for property 'members'.")
    clean = MEMBER_SHAPE.validate(body, creating=False)
    bind = clean.get("user@odata.bind")
    if bind is None:
        raise TeamsBadRequest("Required property 'user@odata.bind' is missing.")
    user = tenant.directory.user(parse_bind(bind, "users"))
    roles = [str(r).lower() for r in clean.get("roles") or []]
    if any(r not in ("owner", "guest") for r in roles):
        raise TeamsBadRequest("Invalid role: roles can only contain 'owner' or 'guest'.")
    if user.get("userType") == "Guest" and "owner" in roles:
        raise TeamsBadRequest("A guest cannot be an owner.")
    return user["id"], roles


def render_member(tenant: TeamsHost, scope: str, user_id: str, roles: list[str]) -> Document:
    """An aadUserConversationMember for a user in a team or channel."""
    user = tenant.directory.user(user_id)
    if user.get("userType") == "Guest" and "guest" not in roles:
        roles = [*roles, "guest"]
    return {
        "@odata.type": "#microsoft.graph.aadUserConversationMember",
        "id": member_id(scope, user_id),
        "roles": roles,
        "displayName": user.get("displayName"),
        "visibleHistoryStartDateTime": "0001-01-01T00:00:00Z",
        "userId": user_id,
        "email": user.get("mail"),
        "tenantId": tenant.organisation.tenant_id,
    }
