"""Errors the directory (Entra ID) part of Graph answers with."""

from __future__ import annotations

from local_tenant.errors import DirectoryBadRequest, NotFound
from tenantctl.m365 import limits


class ObjectNotFound(NotFound):
    """404 for an unknown user, group or directory object."""


class DuplicateReference(DirectoryBadRequest):
    """400 when adding a member or owner that is already there (group-post-members)."""

    def __init__(self, prop: str) -> None:
        super().__init__(
            "One or more added object references already exist for the following modified "
            f"properties: '{prop}'."
        )


class DynamicMembershipReadOnly(DirectoryBadRequest):
    """400 when adding members by hand to a dynamic group."""

    def __init__(self) -> None:
        super().__init__(
            "Insufficient privileges to complete the operation. Members of a dynamic group "
            "cannot be changed directly."
        )


class MailEnabledGroupWrite(DirectoryBadRequest):
    """400 for creating or changing a distribution list or a mail-enabled security group:
    Exchange Online manages them, Graph v1.0 only lists them (group-post-groups; the wording
    as reported in MicrosoftDocs/azure-docs#85186 and microsoftgraph/msgraph-sdk-powershell
    #1805)."""

    def __init__(self, verb: str) -> None:
        super().__init__(f"Cannot {verb} a mail-enabled security groups and or distribution list.")


class DuplicateProxyAddress(DirectoryBadRequest):
    """400 when a mail-enabled group reuses a mail nickname."""

    def __init__(self) -> None:
        super().__init__(
            "Another object with the same value for property proxyAddresses already exists."
        )


class InvalidUsageLocation(DirectoryBadRequest):
    """400 from assignLicense for a user without usageLocation."""

    def __init__(self) -> None:
        super().__init__("License assignment cannot be done for user with invalid usage location.")


class NoAvailableLicences(DirectoryBadRequest):
    """400 from assignLicense when a subscription has no free units."""

    def __init__(self, sku_id: str) -> None:
        super().__init__(f"Subscription with SKU {sku_id} does not have any available licenses.")


class UnknownSku(DirectoryBadRequest):
    """400 from assignLicense for a SKU the tenant has no subscription to."""

    def __init__(self, sku_id: str) -> None:
        super().__init__(f"License {sku_id} does not correspond to a valid company License.")


class LastOwner(DirectoryBadRequest):
    """400 when removing the last owner of a Microsoft 365 group."""

    def __init__(self) -> None:
        super().__init__(
            "The group must have at least one owner, hence this owner cannot be removed."
        )


class TooManyReferences(DirectoryBadRequest):
    """400 when one request links more objects than Graph takes at once (group-post-groups:
    owners and members bound at creation; group-post-members: members bound by one PATCH)."""

    def __init__(self, most: int, what: str) -> None:
        super().__init__(f"Too many references: at most {most} {what}.")


class OwnerLimit(DirectoryBadRequest):
    """400 when a group already has as many owners as Graph allows (resources/group, owners)."""

    def __init__(self) -> None:
        super().__init__(
            f"The group already has {limits.GROUP_OWNERS_MAX} owners, the most a group can have."
        )


class TeamMemberLimit(DirectoryBadRequest):
    """400 when a team's group already has as many members as a team may
    (learn.microsoft.com/microsoftteams/limits-specifications-teams)."""

    def __init__(self) -> None:
        super().__init__(
            f"The group's team already has {limits.TEAM_MEMBERS_MAX:,} members and owners, "
            "the most a team can have."
        )
