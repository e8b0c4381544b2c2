"""Microsoft's first-party application ids, the same in every tenant: what a token's audience
and an application's required resource access name (learn.microsoft.com/troubleshoot/entra/
entra-id/governance/verify-first-party-apps-sign-in)."""

from __future__ import annotations

GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000"
"""Microsoft Graph."""
SHAREPOINT_APP_ID = "00000003-0000-0ff1-ce00-000000000000"
"""Office 365 SharePoint Online."""
