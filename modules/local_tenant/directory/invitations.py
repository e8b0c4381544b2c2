"""B2B invitations: POST /invitations creates a guest user.

Follows learn.microsoft.com/graph/api/invitation-post.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from local_tenant.collection import Shape
from local_tenant.directory.models import INVITATION
from local_tenant.errors import DirectoryBadRequest
from local_tenant.protocol import new_id, now_iso
from local_tenant.storage import Document

if TYPE_CHECKING:
    from local_tenant.directory.host import DirectoryHost

INVITATION_SHAPE = Shape(
    "invitation",
    {
        "invitedUserEmailAddress": str,
        "inviteRedirectUrl": str,
        "invitedUserDisplayName": str,
        "invitedUserType": str,
        "sendInvitationMessage": bool,
        "invitedUserMessageInfo": dict,
        "resetRedemption": bool,
    },
    required=("invitedUserEmailAddress", "inviteRedirectUrl"),
    error=DirectoryBadRequest,
)


def invite(tenant: DirectoryHost, body: Document) -> Document:
    """Create (or re-invite) the guest user for an email address and return the invitation."""
    clean = INVITATION_SHAPE.validate(body, creating=True)
    email = clean["invitedUserEmailAddress"].strip()
    if "@" not in email:
        raise DirectoryBadRequest("The invited user email address is invalid.")
    user_type = clean.get("invitedUserType") or "Guest"
    if user_type not in ("Guest", "Member"):
        raise DirectoryBadRequest("Invalid value specified for property 'invitedUserType'.")
    directory = tenant.directory
    existing = next(
        (u for u in directory.users() if (u.get("mail") or "").lower() == email.lower()), None
    )
    if existing is None:
        local, domain = email.split("@", 1)
        existing = directory.add_user(
            {
                "displayName": clean.get("invitedUserDisplayName") or local,
                "mail": email,
                "userPrincipalName": f"{local}_{domain}#EXT#@{tenant.organisation.domain}",
                "userType": user_type,
                "accountEnabled": True,
                "creationType": "Invitation",
                "externalUserState": "PendingAcceptance",
                "externalUserStateChangeDateTime": now_iso(),
                "companyName": None,
                "department": None,
                "jobTitle": None,
                "usageLocation": None,
                "otherMails": [email],
            }
        )
    redeem = (
        f"https://login.microsoftonline.com/redeem?rd=local&tenant={tenant.organisation.tenant_id}"
        f"&user={existing['id']}"
    )
    invitation = {
        "id": new_id(),
        "inviteRedeemUrl": redeem,
        "invitedUserDisplayName": existing["displayName"],
        "invitedUserEmailAddress": email,
        "invitedUserType": user_type,
        "inviteRedirectUrl": clean["inviteRedirectUrl"],
        "resetRedemption": bool(clean.get("resetRedemption", False)),
        "sendInvitationMessage": bool(clean.get("sendInvitationMessage", False)),
        "status": "PendingAcceptance",
        "invitedUserMessageInfo": clean.get("invitedUserMessageInfo")
        or {"messageLanguage": None, "customizedMessageBody": None, "ccRecipients": []},
        "invitedUser": {"id": existing["id"]},
    }
    tenant.store.put(INVITATION, invitation["id"], invitation)
    return invitation
