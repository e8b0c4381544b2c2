"""What Microsoft 365 says about conditional access: Graph's spellings, the guest sign-in
policy's targets, emergency access accounts and the licence it needs.

Graph's enums are those of resources/conditionalaccesspolicy (state),
conditionalaccessguestsorexternalusers (guestOrExternalUserTypes),
conditionalaccessgrantcontrols (builtInControls) and conditionalaccessapplications.
"""

from __future__ import annotations

STATES = ("enabled", "disabled", "enabledForReportingButNotEnforced")
"""conditionalAccessPolicyState members."""
STATE_OF = {"on": "enabled", "off": "disabled", "report-only": "enabledForReportingButNotEnforced"}
"""The description's words for a policy's state (the admin centre's On, Off, Report-only) and
Graph's."""
GUEST_TYPES = (
    "internalGuest",
    "b2bCollaborationGuest",
    "b2bCollaborationMember",
    "b2bDirectConnectUser",
    "otherExternalUser",
    "serviceProvider",
)
"""conditionalAccessGuestOrExternalUserTypes members that name someone."""
GUESTS_SIGNING_IN = (
    "b2bCollaborationGuest",
    "b2bCollaborationMember",
    "b2bDirectConnectUser",
    "internalGuest",
    "otherExternalUser",
)
"""Whom the guest sign-in policy covers: every guest or external user who signs in to the
tenant's apps (partners' guests, partners' people in shared channels, local guest accounts),
not service providers' administrators, whom their own tenant's policies govern
(learn.microsoft.com/entra/external-id/authentication-conditional-access)."""
CONTROLS = (
    "block",
    "mfa",
    "compliantDevice",
    "domainJoinedDevice",
    "approvedApplication",
    "compliantApplication",
    "passwordChange",
)
"""conditionalAccessGrantControl members."""
APPLICATION_KEYWORDS = ("All", "None", "Office365", "MicrosoftAdminPortals")
"""What includeApplications takes besides application ids."""
BREAK_GLASS_RECOMMENDED = 2
BREAK_GLASS_MAX = 4
"""Emergency access accounts: Microsoft recommends two or more, excluded from every conditional
access policy, and few, each one a standing exception watched by alerts
(learn.microsoft.com/entra/identity/role-based-access-control/security-emergency-access).
The toolkit refuses more than four."""
P1_PLAN = "AAD_PREMIUM"
"""The service plan of Microsoft Entra ID P1, which conditional access needs
(learn.microsoft.com/entra/identity/conditional-access/overview, "License requirements");
P2 bundles it."""
