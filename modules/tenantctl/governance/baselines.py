"""The baseline controls the rules correspond to, with their titles, as the baselines word them.

SCuBA: CISA's Secure Cloud Business Applications M365 baselines (ScubaGear). CIS: the CIS
Microsoft 365 Foundations Benchmark, version given with each id (numbering moves between
versions); "CIS Azure": the CIS Microsoft Azure Foundations Benchmark, whose Entra ID section
holds the group settings.
"""

from __future__ import annotations

CONTROLS: dict[str, str] = {
    "MS.SHAREPOINT.1.1v1": "External sharing for SharePoint SHALL be limited to Existing guests "
    "or Only People in your organization.",
    "MS.SHAREPOINT.1.3v1": "External sharing SHALL be restricted to approved external domains "
    "and/or users in approved security groups per interagency collaboration needs.",
    "MS.AAD.8.3v1": "Guest invites SHOULD only be allowed to specific external domains that "
    "have been authorized by the agency for legitimate business purposes.",
    "MS.TEAMS.2.1v1": "External access for users SHALL only be enabled on a per-domain basis.",
    "CIS 7.2.3 (v3.1.0)": "Ensure external content sharing is restricted.",
    "CIS 7.2.5 (v3.1.0)": "Ensure that SharePoint guest users cannot share items they don't own.",
    "CIS 7.2.6 (v3.1.0)": "Ensure SharePoint external sharing is managed through domain "
    "whitelist/blacklists.",
    "CIS 1.1.17 (v2.0.0)": "Ensure that collaboration invitations are sent to allowed domains "
    "only.",
    "CIS 1.2.1 (v3.0.0)": "Ensure that only organizationally managed/approved public groups exist.",
    "CIS Azure 2.21 (v2.1.0)": "Ensure that 'Users can create Microsoft 365 groups in Azure "
    "portals, API or PowerShell' is set to 'No'.",
    "CIS 5.3.2 (v3.0.0)": "Ensure 'Access reviews' for Guest Users are configured.",
    "MS.AAD.3.2v1": "If phishing-resistant MFA has not been enforced, an alternative MFA method "
    "SHALL be enforced for all users.",
    "CIS 5.2.2.2 (v4.0.0)": "Ensure multifactor authentication is enabled for all users.",
    "MS.AAD.7.2v1": "Privileged users SHALL be provisioned with finer-grained roles instead of "
    "Global Administrator.",
}
