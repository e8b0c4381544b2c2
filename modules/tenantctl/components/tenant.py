"""Build a whole tenant description into Pulumi components."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pulumi

from tenantctl.components.administration import Administration, unit_backend
from tenantctl.components.directorate import DIRECTORATE, Directorate
from tenantctl.components.directory import DirectoryBackend, GroupProvider, directory_backend
from tenantctl.components.licence_group import LICENCE_GROUP, LicenceGroup
from tenantctl.components.mailbox import mailbox_settings
from tenantctl.components.partner import PARTNER, Partner
from tenantctl.components.sign_in import DesiredSignInPolicy, sign_in_backend
from tenantctl.components.team_space import PartnerSpace, TeamSpace
from tenantctl.model import ChannelKind, SpaceKind, Tenant, TenantIndex
from tenantctl.model.derive import MIGRATION_DONE
from tenantctl.model.schema import ExpiringSpaces
from tenantctl.resources.specs.group_lifecycle_group import (
    GroupLifecyclePolicyGroup,
    GroupLifecyclePolicyGroupArgs,
)
from tenantctl.resources.specs.group_lifecycle_policy import (
    GroupLifecyclePolicy,
    GroupLifecyclePolicyArgs,
)
from tenantctl.resources.specs.tenant_group_settings import (
    TenantGroupSettings,
    TenantGroupSettingsArgs,
)
from tenantctl.resources.specs.tenant_sharing import (
    TenantSharingSettings,
    TenantSharingSettingsArgs,
)


@dataclass(frozen=True)
class BuildOptions:
    """Stack-level choices that are not part of the tenant description."""

    group_provider: GroupProvider = "azuread"
    today: datetime.date = MIGRATION_DONE
    """The date the program plans for (`tenantctl.stack.planning`), which the licence groups
    follow; by default once every migration wave has come."""


@dataclass
class BuiltTenant:
    """The components declared for a tenant, by model key."""

    directorates: dict[str, Directorate]
    partners: dict[str, Partner]
    spaces: dict[str, TeamSpace]
    licence_groups: dict[str, LicenceGroup]


def build_tenant(tenant: Tenant, options: BuildOptions) -> BuiltTenant:
    """Declare every resource of the tenant description. Names derive from model keys."""
    index = TenantIndex(tenant)
    directory = directory_backend(options.group_provider)
    _announce_adoption(tenant)
    sharing = _tenant_sharing(tenant)
    directorates = {
        d.code: Directorate(DIRECTORATE.name(d.code.lower()), d, index, directory)
        for d in tenant.directorates
    }
    _tenant_group_settings(tenant, directorates)
    mailbox_settings(tenant, directorates)
    direct_connect = {
        partner
        for space in tenant.spaces
        for channel in space.channels
        if channel.kind is ChannelKind.SHARED
        for partner in channel.shared_with
    }
    partners = {
        p.key: Partner(PARTNER.name(p.key), p, directory, p.key in direct_connect)
        for p in tenant.partners
    }
    guest_ids = {email: gid for p in partners.values() for email, gid in p.guest_ids.items()}
    spaces: dict[str, TeamSpace] = {}
    for space in tenant.spaces:
        kind = PartnerSpace if space.kind is SpaceKind.PARTNER else TeamSpace
        spaces[space.key] = kind(
            kind.component.name(space.key), space, index, directory, None, guest_ids, sharing
        )
    _expiry(tenant, spaces)
    _guest_sign_in(tenant, options)
    _administration(tenant, options, directory, directorates)
    return BuiltTenant(
        directorates=directorates,
        partners=partners,
        spaces=spaces,
        licence_groups={
            g.key: LicenceGroup(LICENCE_GROUP.name(g.key), g, index, directory, options.today)
            for g in tenant.licence_groups
        },
    )


def _tenant_sharing(tenant: Tenant) -> TenantSharingSettings:
    settings = tenant.tenant
    sharing = TenantSharingSettings(
        "tenant-sharing",
        TenantSharingSettingsArgs(
            sharing=settings.sharing_ceiling.value,
            resharing_by_external_users=settings.resharing_by_external_users,
            allowed_domains=sorted({d for p in tenant.partners for d in p.domains}),
        ),
    )
    pulumi.export("tenant", settings.name)
    return sharing


def _tenant_group_settings(tenant: Tenant, directorates: dict[str, Directorate]) -> None:
    """Guest access to groups and the group policy, in the tenant's one Group.Unified setting;
    the creators' group is the named directorate's agents group."""
    policy = tenant.tenant.group_policy
    TenantGroupSettings(
        "tenant-group-settings",
        TenantGroupSettingsArgs(
            allow_to_add_guests=tenant.tenant.guests_can_be_added_to_groups,
            naming_requirement=policy.naming or "",
            blocked_words=list(policy.blocked_words),
            enable_group_creation=policy.users_can_create,
            group_creation_allowed_group_id=(
                directorates[policy.creators].group_id if policy.creators else ""
            ),
            usage_guidelines_url=policy.usage_guidelines_url or "",
        ),
    )


def _expiry(tenant: Tenant, spaces: dict[str, TeamSpace]) -> None:
    """The group lifecycle policy, and the spaces it manages when it manages selected ones."""
    expiry = tenant.tenant.expiry
    if expiry is None:
        return
    policy = GroupLifecyclePolicy(
        "group-expiry",
        GroupLifecyclePolicyArgs(
            lifetime_days=expiry.lifetime_days,
            managed_group_types=expiry.spaces.value,
            notification_emails=list(expiry.notify),
        ),
    )
    if expiry.spaces is not ExpiringSpaces.SELECTED:
        return
    for space in tenant.spaces:
        if space.expires:
            component = spaces[space.key]
            GroupLifecyclePolicyGroup(
                f"{component.component.name(space.key)}-expiry",
                GroupLifecyclePolicyGroupArgs(policy_id=policy.id, group_id=component.group_id),
                pulumi.ResourceOptions(parent=component),
            )


def _guest_sign_in(tenant: Tenant, options: BuildOptions) -> None:
    """The conditional access policy on guests and external users, when the tenant has one."""
    policy = tenant.tenant.guest_sign_in
    if policy is not None:
        wanted = DesiredSignInPolicy.of(policy, tenant.tenant.stack_prefix)
        sign_in_backend(options.group_provider).policy("guest-sign-in", wanted)


def _administration(
    tenant: Tenant,
    options: BuildOptions,
    directory: DirectoryBackend,
    directorates: dict[str, Directorate],
) -> None:
    """Each organisation's administrative unit, with its directorates' groups when it holds
    them, and its scoped administrators."""
    backend = unit_backend(options.group_provider, directory)
    for org in tenant.organisations:
        if org.administration is not None:
            groups = {
                d.code: directorates[d.code].group_id
                for d in tenant.directorates
                if d.organisation == org.key
            }
            Administration(org, groups, backend)


def _announce_adoption(tenant: Tenant) -> None:
    """Say in the preview which creates are adoptions: they read, they create nothing."""
    ids = [
        *(d.adopt for d in tenant.directorates),
        *(g.adopt for g in tenant.licence_groups),
        *(g.adopt for p in tenant.partners for g in p.guests),
        *(s.adopt for s in tenant.spaces),
        *(c.adopt for s in tenant.spaces for c in s.channels),
    ]
    adopted = sum(1 for id_ in ids if id_)
    if adopted:
        pulumi.log.info(
            f"adoption: {adopted} objects carry an 'adopt' id; the engine shows them as "
            "creates, which read the existing object and create nothing in the tenant"
        )
