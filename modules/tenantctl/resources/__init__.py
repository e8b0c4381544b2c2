"""Pulumi resources for what pulumi-azuread lacks, backed by the Graph client.

Each kind is a declarative spec (modules under `specs/`) run by one generic dynamic
provider (`provider.GraphProvider`). Components build these classes from typed Args.
"""

from tenantctl.resources.args import (
    ChannelArgs,
    CrossTenantPartnerArgs,
    GraphObjectArgs,
    GroupArgs,
    GroupDirectorySettingsArgs,
    GroupLicenceArgs,
    GuestInvitationArgs,
    SiteSharingArgs,
    TeamArgs,
    TeamMemberArgs,
    TeamSettingsArgs,
    TenantGroupSettingsArgs,
    TenantSharingSettingsArgs,
)
from tenantctl.resources.kinds import (
    Channel,
    CrossTenantPartner,
    GraphObject,
    GraphResource,
    Group,
    GroupDirectorySettings,
    GroupLicence,
    GuestInvitation,
    SiteSharing,
    Team,
    TeamMember,
    TeamSettings,
    TenantGroupSettings,
    TenantSharingSettings,
)
from tenantctl.resources.permissions import required_permissions

__all__ = [
    "Channel",
    "ChannelArgs",
    "CrossTenantPartner",
    "CrossTenantPartnerArgs",
    "GraphObject",
    "GraphObjectArgs",
    "GraphResource",
    "Group",
    "GroupArgs",
    "GroupDirectorySettings",
    "GroupDirectorySettingsArgs",
    "GroupLicence",
    "GroupLicenceArgs",
    "GuestInvitation",
    "GuestInvitationArgs",
    "SiteSharing",
    "SiteSharingArgs",
    "Team",
    "TeamArgs",
    "TeamMember",
    "TeamMemberArgs",
    "TeamSettings",
    "TeamSettingsArgs",
    "TenantGroupSettings",
    "TenantGroupSettingsArgs",
    "TenantSharingSettings",
    "TenantSharingSettingsArgs",
    "required_permissions",
]
