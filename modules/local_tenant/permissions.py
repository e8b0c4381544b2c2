"""The application permissions each route accepts, from Graph's permission reference: the
"Permissions" table of the route's API page (learn.microsoft.com/graph/api/<page>; source:
microsoftgraph/microsoft-graph-docs-contrib, api-reference/v1.0/api/<page>.md and its
includes/permissions/<page>-permissions.md), Application row, least privileged first, then the
higher privileged ones. A token is accepted when its ``roles`` hold any of them; nothing is
inferred from one permission to another.

Resource-specific consent permissions (``*.Group``) are listed where the page lists them,
though the local tenant issues tenant-wide tokens only. SharePoint's admin API
(``/_api/...``) takes SharePoint's own ``Sites.FullControl.All``
(learn.microsoft.com/sharepoint/dev/solution-guidance/security-apponly-azuread).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Accepted:
    """The permissions a route accepts, and the page its table is on."""

    page: str
    least: tuple[str, ...]
    higher: tuple[str, ...] = ()
    together: bool = False
    """The page names permissions to hold together ("A, B and C"): a token needs every one."""

    @property
    def permissions(self) -> tuple[str, ...]:
        return self.least + self.higher


def _a(page: str, least: str, *higher: str) -> Accepted:
    return Accepted(page, tuple(least.split(" or ")), higher)


def _all(page: str, *together: str) -> Accepted:
    return Accepted(page, together, together=True)


D_READ, D_WRITE = "Directory.Read.All", "Directory.ReadWrite.All"
G_READ, G_WRITE = "Group.Read.All", "Group.ReadWrite.All"
USER_READS = ("User.ReadWrite.All", D_READ, D_WRITE)
GROUP_LIST = (D_READ, D_WRITE, "Group.ManageProtection.All", G_READ, G_WRITE)
GROUP_READS = (G_WRITE, D_READ, D_WRITE, G_READ)
# Directory.ReadWrite.All holds all Directory.Read.All allows (permissions reference:
# learn.microsoft.com/graph/permissions-reference#directoryreadwriteall), so a deploy identity
# holding it reads members and owners as Graph lets it.
MEMBER_READS = (D_READ, G_READ, G_WRITE, "GroupMember.ReadWrite.All", D_WRITE)
GROUP_UPDATE = (
    D_WRITE,
    "Group-PreferredDataLocation.ReadWrite.All",
    "Group.ManageProtection.All",
    G_WRITE,
)
MEMBER_WRITES = (D_WRITE, G_WRITE)
SKU_READS = (
    D_READ,
    D_WRITE,
    "LicenseAssignment.ReadWrite.All",
    "Organization.Read.All",
    "Organization.ReadWrite.All",
)
TEAM_READS = (
    "TeamSettings.Read.All",
    "TeamSettings.ReadWrite.All",
    D_READ,
    D_WRITE,
    G_READ,
    G_WRITE,
)
CHANNEL_READS = (
    "ChannelSettings.Read.All",
    "ChannelSettings.ReadWrite.All",
    D_READ,
    D_WRITE,
    G_READ,
    G_WRITE,
)
SETTINGS_READS = (D_READ, "GroupSettings.ReadWrite.All", D_WRITE)
CTA_WRITE = "Policy.ReadWrite.CrossTenantAccess"
MAILBOX_WRITE = "MailboxSettings.ReadWrite"
AR_READ, AR_WRITE = "AccessReview.Read.All", "AccessReview.ReadWrite.All"
CA_WRITE = ("Policy.Read.All", "Policy.ReadWrite.ConditionalAccess")
AU_WRITE = "AdministrativeUnit.ReadWrite.All"
AU_READS = ("AdministrativeUnit.Read.All", D_READ, AU_WRITE, D_WRITE)
ROLE_WRITE = "RoleManagement.ReadWrite.Directory"
ROLE_READS = ("RoleManagement.Read.Directory", D_READ, ROLE_WRITE, D_WRITE)
SITE_READS = ("Sites.Read.All", "Sites.ReadWrite.All", "Sites.FullControl.All")

ROUTES: dict[str, Accepted] = {
    "directory.users.list": _a("user-list", "User.Read.All", *USER_READS),
    "directory.count.users": _a("user-list", "User.Read.All", *USER_READS),
    "directory.users.delta": _a("user-delta", "User.Read.All", *USER_READS),
    "directory.users.get": _a("user-get", "User.Read.All", *USER_READS),
    "directory.users.update": _a("user-update", "User.ReadWrite.All", D_WRITE),
    "directory.users.delete": _a("user-delete", "User.ReadWrite.All"),
    "directory.users.memberOf": _a(
        "user-list-memberof", "User.Read.All", "GroupMember.Read.All", D_READ, D_WRITE
    ),
    "directory.users.assignLicense": _a(
        "user-assignlicense", "LicenseAssignment.ReadWrite.All", D_WRITE, "User.ReadWrite.All"
    ),
    "directory.groups.list": _a(
        "group-list", "Group-NestingSupport.ReadWrite.All", *GROUP_LIST, "GroupMember.Read.All"
    ),
    "directory.count.groups": _a(
        "group-list", "Group-NestingSupport.ReadWrite.All", *GROUP_LIST, "GroupMember.Read.All"
    ),
    "directory.groups.create": _a(
        "group-post-groups",
        "Group.Create",
        D_WRITE,
        "Group-PreferredDataLocation.ReadWrite.All",
        G_WRITE,
    ),
    "directory.groups.delta": _a("group-delta", "GroupMember.Read.All", D_READ, D_WRITE, G_READ),
    "directory.groups.get": _a("group-get", "GroupMember.Read.All", *GROUP_READS),
    "directory.groups.update": _a(
        "group-update", "Group-NestingSupport.ReadWrite.All", *GROUP_UPDATE
    ),
    "directory.groups.delete": _a("group-delete", G_WRITE, D_WRITE),
    "directory.groups.members": _a("group-list-members", "GroupMember.Read.All", *MEMBER_READS),
    "directory.groups.owners": _a("group-list-owners", "GroupMember.Read.All", *MEMBER_READS),
    "directory.groups.members.add": _a(
        "group-post-members", "GroupMember.ReadWrite.All", *MEMBER_WRITES
    ),
    "directory.groups.members.remove": _a(
        "group-delete-members", "GroupMember.ReadWrite.All", *MEMBER_WRITES
    ),
    "directory.groups.owners.add": _a(
        "group-post-owners", "GroupMember.ReadWrite.All", *MEMBER_WRITES
    ),
    "directory.groups.owners.remove": _a(
        "group-delete-owners", "GroupMember.ReadWrite.All", *MEMBER_WRITES
    ),
    "directory.groups.assignLicense": _a(
        "group-assignlicense", "LicenseAssignment.ReadWrite.All", D_WRITE, G_WRITE
    ),
    "directory.deletedItems.groups": _a(
        "directory-deleteditems-list", G_READ, D_READ, G_WRITE, D_WRITE
    ),
    "directory.deletedItems.get": _a(
        "directory-deleteditems-get", G_READ, D_READ, G_WRITE, D_WRITE
    ),
    "directory.deletedItems.delete": _a("directory-deleteditems-delete", G_WRITE, D_WRITE),
    "directory.deletedItems.restore": _a("directory-deleteditems-restore", G_WRITE, D_WRITE),
    "directory.subscribedSkus.list": _a(
        "subscribedsku-list", "LicenseAssignment.Read.All", *SKU_READS
    ),
    "directory.subscribedSkus.get": _a(
        "subscribedsku-get", "LicenseAssignment.Read.All", *SKU_READS
    ),
    "directory.organization.list": _a(
        "organization-list", "Organization.Read.All", D_READ, "Organization.ReadWrite.All", D_WRITE
    ),
    "directory.organization.get": _a(
        "organization-get", "Organization.Read.All", D_READ, "Organization.ReadWrite.All", D_WRITE
    ),
    "directory.invitations.create": _a(
        "invitation-post", "User.Invite.All", D_WRITE, "User.ReadWrite.All"
    ),
    "directory.lifecyclePolicies.list": _a("grouplifecyclepolicy-list", D_READ, D_WRITE),
    "directory.lifecyclePolicies.create": _a(
        "grouplifecyclepolicy-post-grouplifecyclepolicies", D_WRITE
    ),
    "directory.lifecyclePolicies.get": _a("grouplifecyclepolicy-get", D_READ, D_WRITE),
    "directory.lifecyclePolicies.update": _a("grouplifecyclepolicy-update", D_WRITE),
    "directory.lifecyclePolicies.delete": _a("grouplifecyclepolicy-delete", D_WRITE),
    "directory.lifecyclePolicies.addGroup": _a("grouplifecyclepolicy-addgroup", D_WRITE),
    "directory.lifecyclePolicies.removeGroup": _a("grouplifecyclepolicy-removegroup", D_WRITE),
    "directory.groups.renew": _a("group-renew", G_WRITE, D_WRITE),
    "directory.administrativeUnits.list": _a("directory-list-administrativeunits", *AU_READS),
    "directory.administrativeUnits.create": _a("directory-post-administrativeunits", AU_WRITE),
    "directory.administrativeUnits.get": _a("administrativeunit-get", *AU_READS),
    "directory.administrativeUnits.update": _a("administrativeunit-update", AU_WRITE),
    "directory.administrativeUnits.delete": _a("administrativeunit-delete", AU_WRITE),
    "directory.administrativeUnits.members": _a("administrativeunit-list-members", *AU_READS),
    "directory.administrativeUnits.members.add": _a("administrativeunit-post-members", AU_WRITE),
    "directory.administrativeUnits.members.remove": _a(
        "administrativeunit-delete-members", AU_WRITE
    ),
    "directory.administrativeUnits.scopedRoleMembers.list": _a(
        "administrativeunit-list-scopedrolemembers", *ROLE_READS
    ),
    "directory.administrativeUnits.scopedRoleMembers.add": _a(
        "administrativeunit-post-scopedrolemembers", ROLE_WRITE
    ),
    "directory.administrativeUnits.scopedRoleMembers.get": _a(
        "administrativeunit-get-scopedrolemembers", *ROLE_READS
    ),
    "directory.administrativeUnits.scopedRoleMembers.delete": _a(
        "administrativeunit-delete-scopedrolemembers", ROLE_WRITE
    ),
    "directory.directoryRoles.list": _a("directoryrole-list", *ROLE_READS),
    "directory.directoryRoles.get": _a("directoryrole-get", *ROLE_READS),
    "directory.roleDefinitions.list": _a("rbacapplication-list-roledefinitions", *ROLE_READS),
    "directory.roleDefinitions.get": _a("unifiedroledefinition-get", *ROLE_READS),
    "identityGovernance.definitions.list": _a(
        "accessreviewset-list-definitions", AR_READ, AR_WRITE
    ),
    "identityGovernance.definitions.create": _a("accessreviewset-post-definitions", AR_WRITE),
    "identityGovernance.definitions.get": _a(
        "accessreviewscheduledefinition-get", AR_READ, AR_WRITE
    ),
    "identityGovernance.definitions.update": _a("accessreviewscheduledefinition-update", AR_WRITE),
    "identityGovernance.definitions.delete": _a("accessreviewscheduledefinition-delete", AR_WRITE),
    "identityGovernance.instances.list": _a(
        "accessreviewscheduledefinition-list-instances", AR_READ, AR_WRITE
    ),
    "identityGovernance.instances.get": _a("accessreviewinstance-get", AR_READ, AR_WRITE),
    "identityGovernance.decisions.list": _a(
        "accessreviewinstance-list-decisions", AR_READ, AR_WRITE
    ),
    "teams.teams.create": _a("team-post", "Team.Create", D_WRITE, G_WRITE, "Teamwork.Migrate.All"),
    "teams.teams.list": _a("teams-list", "Team.ReadBasic.All", *TEAM_READS),
    "teams.teams.get": _a("team-get", "TeamSettings.Read.Group", "Team.ReadBasic.All", *TEAM_READS),
    "teams.teams.update": _a(
        "team-update",
        "TeamSettings.ReadWrite.Group",
        "TeamSettings.ReadWrite.All",
        D_WRITE,
        G_WRITE,
    ),
    "teams.teams.archive": _a(
        "team-archive",
        "TeamSettings.ReadWrite.Group",
        "TeamSettings.ReadWrite.All",
        D_WRITE,
        G_WRITE,
    ),
    "teams.teams.unarchive": _a(
        "team-unarchive",
        "TeamSettings.ReadWrite.Group",
        "TeamSettings.ReadWrite.All",
        D_WRITE,
        G_WRITE,
    ),
    "teams.teams.operations.get": _a("teamsasyncoperation-get", "Team.ReadBasic.All", *TEAM_READS),
    "teams.groups.team.get": _a(
        "team-get", "TeamSettings.Read.Group", "Team.ReadBasic.All", *TEAM_READS
    ),
    "teams.groups.team.put": _a("team-put-teams", G_WRITE, D_WRITE),
    "teams.teams.primaryChannel": _a(
        "team-get-primarychannel",
        "ChannelSettings.Read.Group",
        "Channel.ReadBasic.All",
        *CHANNEL_READS,
    ),
    "teams.channels.list": _a(
        "channel-list", "ChannelSettings.Read.Group", "Channel.ReadBasic.All", *CHANNEL_READS
    ),
    "teams.channels.create": _a(
        "channel-post",
        "Channel.Create.Group",
        "Channel.Create",
        D_WRITE,
        G_WRITE,
        "Teamwork.Migrate.All",
    ),
    "teams.channels.get": _a(
        "channel-get", "ChannelSettings.Read.Group", "Channel.ReadBasic.All", *CHANNEL_READS
    ),
    "teams.channels.update": _a(
        "channel-patch",
        "ChannelSettings.ReadWrite.Group",
        "ChannelSettings.ReadWrite.All",
        D_WRITE,
        G_WRITE,
    ),
    "teams.channels.delete": _a(
        "channel-delete", "Channel.Delete.Group", "Channel.Delete.All", D_WRITE, G_WRITE
    ),
    "teams.channels.filesFolder": _a(
        "channel-get-filesfolder",
        "Files.Read.All",
        "Files.ReadWrite.All",
        "Sites.Read.All",
        "Sites.ReadWrite.All",
    ),
    "teams.channels.members.list": _a(
        "channel-list-members", "ChannelMember.Read.All", "ChannelMember.ReadWrite.All"
    ),
    "teams.channels.members.add": _a("channel-post-members", "ChannelMember.ReadWrite.All"),
    "teams.channels.members.update": _a("channel-update-members", "ChannelMember.ReadWrite.All"),
    "teams.channels.members.remove": _a("channel-delete-members", "ChannelMember.ReadWrite.All"),
    "teams.members.list": _a(
        "team-list-members",
        "TeamMember.Read.Group",
        "TeamMember.Read.All",
        "TeamMember.ReadWrite.All",
    ),
    "teams.members.add": _a("team-post-members", "TeamMember.ReadWrite.All"),
    "teams.members.get": _a(
        "team-get-members",
        "TeamMember.Read.Group",
        "TeamMember.Read.All",
        "TeamMember.ReadWrite.All",
    ),
    "teams.members.update": _a("team-update-members", "TeamMember.ReadWrite.All"),
    "teams.members.remove": _a("team-delete-members", "TeamMember.ReadWrite.All"),
    "sites.sites.search": _a("site-search", "Sites.Read.All", "Sites.ReadWrite.All"),
    "sites.sites.get": _a("site-get", "Sites.Selected", *SITE_READS),
    "sites.groups.sites.root": _a("site-get", "Sites.Selected", *SITE_READS),
    "sites.settings.get": _a(
        "sharepointsettings-get",
        "SharePointTenantSettings.Read.All",
        "SharePointTenantSettings.ReadWrite.All",
    ),
    "sites.settings.update": _a(
        "sharepointsettings-update", "SharePointTenantSettings.ReadWrite.All"
    ),
    "policies.cta.get": _a("crosstenantaccesspolicy-get", "Policy.Read.All", CTA_WRITE),
    "policies.cta.default.get": _a(
        "crosstenantaccesspolicyconfigurationdefault-get", "Policy.Read.All", CTA_WRITE
    ),
    "policies.cta.default.update": _a(
        "crosstenantaccesspolicyconfigurationdefault-update", CTA_WRITE
    ),
    "policies.cta.default.reset": _a(
        "crosstenantaccesspolicyconfigurationdefault-resettosystemdefault", CTA_WRITE
    ),
    "policies.cta.partners.list": _a(
        "crosstenantaccesspolicy-list-partners", "Policy.Read.All", CTA_WRITE
    ),
    "policies.cta.partners.create": _a("crosstenantaccesspolicy-post-partners", CTA_WRITE),
    "policies.cta.partners.get": _a(
        "crosstenantaccesspolicyconfigurationpartner-get", "Policy.Read.All", CTA_WRITE
    ),
    "policies.cta.partners.update": _a(
        "crosstenantaccesspolicyconfigurationpartner-update", CTA_WRITE
    ),
    "policies.cta.partners.delete": _a(
        "crosstenantaccesspolicyconfigurationpartner-delete", CTA_WRITE
    ),
    "policies.settingTemplates.list": _a(
        "groupsettingtemplate-list", "GroupSettings.Read.All", *SETTINGS_READS
    ),
    "policies.settingTemplates.get": _a(
        "groupsettingtemplate-get", "GroupSettings.Read.All", *SETTINGS_READS
    ),
    "policies.settings.tenant.list": _a(
        "group-list-settings", "GroupSettings.Read.All", *SETTINGS_READS
    ),
    "policies.settings.tenant.create": _a(
        "group-post-settings", "GroupSettings.ReadWrite.All", D_WRITE
    ),
    "policies.settings.tenant.get": _a(
        "groupsetting-get", "GroupSettings.Read.All", *SETTINGS_READS
    ),
    "policies.settings.tenant.update": _a(
        "groupsetting-update", "GroupSettings.ReadWrite.All", D_WRITE
    ),
    "policies.settings.tenant.delete": _a(
        "groupsetting-delete", "GroupSettings.ReadWrite.All", D_WRITE
    ),
    "policies.settings.group.list": _a(
        "group-list-settings", "GroupSettings.Read.All", *SETTINGS_READS
    ),
    "policies.settings.group.create": _a(
        "group-post-settings", "GroupSettings.ReadWrite.All", D_WRITE
    ),
    "policies.settings.group.get": _a(
        "groupsetting-get", "GroupSettings.Read.All", *SETTINGS_READS
    ),
    "policies.settings.group.update": _a(
        "groupsetting-update", "GroupSettings.ReadWrite.All", D_WRITE
    ),
    "policies.settings.group.delete": _a(
        "groupsetting-delete", "GroupSettings.ReadWrite.All", D_WRITE
    ),
    "policies.conditionalAccess.list": _a("conditionalaccessroot-list-policies", "Policy.Read.All"),
    "policies.conditionalAccess.create": _all(
        "conditionalaccessroot-post-policies", *CA_WRITE, "Application.Read.All"
    ),
    "policies.conditionalAccess.get": _a("conditionalaccesspolicy-get", "Policy.Read.All"),
    "policies.conditionalAccess.update": _all(
        "conditionalaccesspolicy-update", *CA_WRITE, "Application.Read.All"
    ),
    "policies.conditionalAccess.delete": _all("conditionalaccesspolicy-delete", *CA_WRITE),
    "reports.report": _a("reportroot-getoffice365activeuserdetail", "Reports.Read.All"),
    "reports.settings.get": _a(
        "adminreportsettings-get", "ReportSettings.Read.All", "ReportSettings.ReadWrite.All"
    ),
    "reports.settings.update": _a("adminreportsettings-update", "ReportSettings.ReadWrite.All"),
    "mail.settings.get": _a("user-get-mailboxsettings", "MailboxSettings.Read", MAILBOX_WRITE),
    "mail.settings.property": _a("user-get-mailboxsettings", "MailboxSettings.Read", MAILBOX_WRITE),
    "mail.settings.update": _a("user-update-mailboxsettings", MAILBOX_WRITE),
    "mail.supportedLanguages": _a("outlookuser-supportedlanguages", "User.Read.All"),
    "mail.supportedTimeZones": _a("outlookuser-supportedtimezones", "User.Read.All"),
    "mail.supportedTimeZones.standard": _a("outlookuser-supportedtimezones", "User.Read.All"),
    "sharepointAdmin.sites.getByUrl": _a("sharepoint-app-only", "Sites.FullControl.All"),
    "sharepointAdmin.sites.update": _a("sharepoint-app-only", "Sites.FullControl.All"),
}
"""Route name → the application permissions it accepts (routes of the identity endpoints,
the admin API, report downloads and the ``$batch`` envelopes take none: a batch's requests are
checked one by one)."""

OPEN_ROUTES = frozenset(
    {"batch.batch", "directory.me", "sharepointAdmin.batch", "reports.download"}
)
"""Routes that check no permission themselves."""


def accepted(route: str) -> tuple[str, ...]:
    """What `route` accepts, least privileged first; KeyError for a route missing here."""
    return ROUTES[route].permissions


def together(route: str) -> bool:
    """Whether `route` needs all of its permissions at once (`Accepted.together`)."""
    entry = ROUTES.get(route)
    return entry is not None and entry.together


ALL_PERMISSIONS: tuple[str, ...] = tuple(
    sorted({p for entry in ROUTES.values() for p in entry.permissions})
)
"""Every permission some route accepts: the default application's."""
