"""Teams conversation members (aadUserConversationMember): bodies and roles."""

from __future__ import annotations

from typing import Any

MEMBER_TYPE = "#microsoft.graph.aadUserConversationMember"


def member_body(base_url: str, user_id: str, role: str) -> dict[str, Any]:
    """The body adding `user_id` with `role` (owner or member) to a team or channel."""
    return {
        "@odata.type": MEMBER_TYPE,
        "roles": ["owner"] if role == "owner" else [],
        "user@odata.bind": f"{base_url}/users('{user_id}')",
    }


def role_of(member: dict[str, Any]) -> str:
    """owner or member, from a conversation member's roles; Teams marks guests `guest`, and
    a guest is a member here (guests cannot be owners)."""
    roles = [str(role).lower() for role in member.get("roles") or ()]
    return "owner" if "owner" in roles else "member"
