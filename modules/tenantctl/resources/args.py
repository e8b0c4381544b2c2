"""Typed arguments of the Graph resources: what a component passes to each resource.

Every field is a Pulumi input. Users (owners, members) are given by user principal name or
by object id; the provider resolves names to ids at call time. `adopt_id` makes a resource
read an existing object on create instead of creating one (tenant adoption, `pulumi import`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pulumi
from kiota_abstractions.serialization import Parsable

StrInput = pulumi.Input[str]
BoolInput = pulumi.Input[bool]
Users = pulumi.Input[Sequence[pulumi.Input[str]]]
Body = pulumi.Input[Mapping[str, Any]]


@dataclass(frozen=True)
class GroupArgs:
    """A Microsoft 365 (Unified) or security group (groupProvider: graph).

    `membership_rule` makes the group dynamic; `members` is then ignored. Owners and members
    are UPNs or object ids. `retain_on_delete` defaults to True for Unified groups (they carry
    a team, a site and a mailbox) and False for security groups.
    """

    display_name: StrInput
    mail_nickname: StrInput
    description: StrInput = ""
    kind: StrInput = "unified"
    visibility: StrInput = "private"
    membership_rule: pulumi.Input[str] | None = None
    owners: Users = ()
    members: Users = ()
    retain_on_delete: pulumi.Input[bool] | None = None
    adopt_id: pulumi.Input[str] | None = None


@dataclass(frozen=True)
class TeamArgs:
    """A team created from an existing Microsoft 365 group.

    `body` is the rendered POST /teams body (a Teams template: `template@odata.bind`, names,
    settings, channels, apps); the provider binds it to `group_id`. Channels and apps in the
    body are created once; display name, description, visibility and the four settings
    blocks are kept in step afterwards. Deleting the resource keeps the team unless
    `retain_on_delete` is False.
    """

    group_id: StrInput
    body: Body
    retain_on_delete: BoolInput = True
    adopt_id: pulumi.Input[str] | None = None


@dataclass(frozen=True)
class TeamSettingsArgs:
    """The member, guest, messaging and fun settings of a team (PATCH /teams/{id}).

    Each block maps a Graph setting name (camelCase, or its snake_case spelling) to a value;
    a block left as None is not managed. Deleting the resource leaves the settings as they are.
    """

    team_id: StrInput
    member_settings: pulumi.Input[Mapping[str, Any]] | None = None
    guest_settings: pulumi.Input[Mapping[str, Any]] | None = None
    messaging_settings: pulumi.Input[Mapping[str, Any]] | None = None
    fun_settings: pulumi.Input[Mapping[str, Any]] | None = None


@dataclass(frozen=True)
class ChannelArgs:
    """A channel of a team: `membership_type` is standard, private or shared.

    Private and shared channels need at least one owner. Changing the team or the membership
    type replaces the channel; the name, description, owners and members update in place.
    """

    team_id: StrInput
    display_name: StrInput
    description: StrInput = ""
    membership_type: StrInput = "standard"
    owners: Users = ()
    members: Users = ()
    adopt_id: pulumi.Input[str] | None = None


@dataclass(frozen=True)
class TeamMemberArgs:
    """One member of a team, with role `owner` or `member`."""

    team_id: StrInput
    user: StrInput
    role: StrInput = "member"
    adopt_id: pulumi.Input[str] | None = None


@dataclass(frozen=True)
class SiteSharingArgs:
    """External sharing of the SharePoint site behind a group (the site's SharingCapability).

    `sharing` is one of disabled, existing_guests, guests, anyone. The site is found from the
    group (GET /groups/{id}/sites/root) unless `site_url` is given. Deleting the resource
    turns external sharing off again.
    """

    group_id: StrInput
    sharing: StrInput = "disabled"
    site_url: pulumi.Input[str] | None = None


@dataclass(frozen=True)
class TenantSharingSettingsArgs:
    """Tenant-wide SharePoint and OneDrive sharing (/admin/sharepoint/settings), a singleton.

    Deleting the resource leaves the tenant settings as they are.
    """

    sharing: StrInput = "disabled"
    resharing_by_external_users: BoolInput = False
    allowed_domains: pulumi.Input[Sequence[pulumi.Input[str]]] = ()
    blocked_domains: pulumi.Input[Sequence[pulumi.Input[str]]] = ()


@dataclass(frozen=True)
class TenantGroupSettingsArgs:
    """Whether owners may add guests to the tenant's Microsoft 365 groups (the tenant-wide
    Group.Unified directory setting's AllowToAddGuests; when False, no group's own setting
    lets guests in). The setting's other values are left as they are. Deleting the resource
    leaves the setting as it is.
    """

    allow_to_add_guests: BoolInput = False


@dataclass(frozen=True)
class CrossTenantPartnerArgs:
    """A partner organisation in the cross-tenant access policy.

    `b2b_collaboration` admits the partner's users as guests (inbound); `b2b_direct_connect`
    allows shared channels both ways; the trust flags accept the partner's MFA and compliant
    devices. Changing `tenant_id` replaces the partner configuration.
    """

    tenant_id: StrInput
    b2b_collaboration: BoolInput = True
    b2b_direct_connect: BoolInput = False
    trust_mfa: BoolInput = False
    trust_compliant_devices: BoolInput = False
    adopt_id: pulumi.Input[str] | None = None


@dataclass(frozen=True)
class GroupDirectorySettingsArgs:
    """Guest access to one Microsoft 365 group (its Group.Unified.Guest directory setting).

    Deleting the resource removes the group's setting, so the tenant default applies again.
    """

    group_id: StrInput
    allow_to_add_guests: BoolInput = False
    adopt_id: pulumi.Input[str] | None = None


@dataclass(frozen=True)
class GroupLicenceArgs:
    """A licence assigned to a group (group-based licensing).

    `sku` is a skuPartNumber (e.g. ENTERPRISEPACK) or a skuId; `disabled_plans` are service
    plan names or ids. Deleting the resource removes the licence from the group.
    """

    group_id: StrInput
    sku: StrInput
    disabled_plans: pulumi.Input[Sequence[pulumi.Input[str]]] = ()


@dataclass(frozen=True)
class GuestInvitationArgs:
    """An external person invited as a guest user (POST /invitations).

    Deleting the resource deletes the guest user unless `retain_on_delete` is True.
    """

    email: StrInput
    display_name: StrInput
    redirect_url: StrInput = "https://myapps.microsoft.com"
    send_invitation_message: BoolInput = False
    retain_on_delete: BoolInput = False
    adopt_id: pulumi.Input[str] | None = None


@dataclass(frozen=True)
class GraphObjectArgs:
    """Any Graph object: POST `body` to the collection `path`, or PATCH it when `singleton`.

    `body` is a JSON mapping or an msgraph-sdk model (`msgraph.generated.models`), typed and
    checked by the type checker (see `typed_bodies`).

    `replace_on_changes` names body properties Graph cannot update in place. Deleting the
    resource deletes the object unless `retain_on_delete` (singletons are never deleted).
    `permissions` lists the Graph application permissions the object needs.
    """

    path: StrInput
    body: Body | Parsable | pulumi.Output[Parsable]
    singleton: BoolInput = False
    replace_on_changes: pulumi.Input[Sequence[str]] = ()
    retain_on_delete: BoolInput = False
    permissions: Sequence[str] = ()
    adopt_id: pulumi.Input[str] | None = None
