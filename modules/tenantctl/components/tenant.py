"""Build a tenant description, whole or one shard of it (`tenantctl.model.shards`), into Pulumi
components."""

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
from tenantctl.components.shared import (
    DIRECTORATE_IDS,
    GROUP_EXPIRY_ID,
    GUEST_IDS,
    LICENCE_GROUP_IDS,
    SPACE_GROUP_IDS,
    TENANT_SHARING_ID,
    TenantWide,
)
from tenantctl.components.sign_in import DesiredSignInPolicy, sign_in_backend
from tenantctl.components.team_space import PartnerSpace, TeamSpace
from tenantctl.model import ChannelKind, SpaceKind, Tenant, TenantIndex
from tenantctl.model import Directorate as DirectorateModel
from tenantctl.model import TeamSpace as SpaceModel
from tenantctl.model.derive import MIGRATION_DONE
from tenantctl.model.mailbox_settings import scope_settings
from tenantctl.model.schema import ExpiringSpaces
from tenantctl.model.shards import TENANT_WIDE, Split
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
from tenantctl.stack.registrations import Steps, declared
from tenantctl.user_error import UserError


@dataclass(frozen=True)
class BuildOptions:
    """Stack-level choices that are not part of the tenant description."""

    group_provider: GroupProvider = "azuread"
    shard: str | None = None
    """The shard to declare; None: the whole description."""
    tenant_wide_stack: str | None = None
    """The tenant-wide shard's stack, which the other shards take ids from."""
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
    """Declare every resource of the tenant description, or of its shard, at once."""
    return declared(declare_tenant(tenant, options))


def declare_tenant(tenant: Tenant, options: BuildOptions) -> Steps[BuiltTenant]:
    """Declare every resource of the tenant description, or of its shard `options.shard`, one
    component per step (`tenantctl.stack.registrations`). Names derive from model keys, so a
    resource keeps its name whichever stack declares it."""
    index = TenantIndex(tenant)
    directory = directory_backend(options.group_provider)
    split = Split(tenant)
    shard = options.shard
    wide = shard in (None, TENANT_WIDE)
    mine = [d for d in tenant.directorates if shard is None or split.directorate(d.code) == shard]
    held = [s for s in tenant.spaces if shard is None or split.space(s) == shard]
    _announce_adoption(_part(tenant, mine, held, wide))
    pulumi.export("tenant", tenant.tenant.name)
    sharing = _tenant_sharing(tenant) if wide else None
    directorates: dict[str, Directorate] = {}
    for d in mine:
        directorates[d.code] = Directorate(DIRECTORATE.name(d.code.lower()), d, index, directory)
        yield
    partners: dict[str, Partner] = {}
    licence_groups: dict[str, LicenceGroup] = {}
    if wide:
        _tenant_group_settings(tenant, directorates)
        partners = yield from _partners(tenant, directory)
        for g in tenant.licence_groups:
            licence_groups[g.key] = LicenceGroup(
                LICENCE_GROUP.name(g.key), g, index, directory, options.today
            )
            yield
    peers = None if wide else TenantWide(options.tenant_wide_stack or "")
    if peers is None:
        guest_ids = {email: gid for p in partners.values() for email, gid in p.guest_ids.items()}
    else:
        invited = {email.lower() for space in held for email in space.guests}
        guest_ids = {email: peers.item(GUEST_IDS, email) for email in sorted(invited)}
    spaces: dict[str, TeamSpace] = {}
    for space in held:
        kind = PartnerSpace if space.kind is SpaceKind.PARTNER else TeamSpace
        spaces[space.key] = kind(
            kind.component.name(space.key), space, index, directory, None, guest_ids, sharing
        )
        yield
    expiry = _expiry(tenant, spaces, peers)
    group_ids = _GroupIds(split, directorates, peers)
    if wide:
        _guest_sign_in(tenant, options)
    scopes = [s for s in scope_settings(tenant) if shard in (None, split.scope(s.scope))]
    mailbox_settings(tenant, group_ids, scopes)
    _administration(tenant, options, directory, group_ids, split)
    built = BuiltTenant(directorates, partners, spaces, licence_groups)
    if shard is not None:
        _export_shared(built, sharing, expiry)
    return built


def _partners(tenant: Tenant, directory: DirectoryBackend) -> Steps[dict[str, Partner]]:
    """Every partner, one per step, with B2B direct connect for those a shared channel is
    shared with."""
    direct_connect = {
        partner
        for space in tenant.spaces
        for channel in space.channels
        if channel.kind is ChannelKind.SHARED
        for partner in channel.shared_with
    }
    partners: dict[str, Partner] = {}
    for p in tenant.partners:
        partners[p.key] = Partner(PARTNER.name(p.key), p, directory, p.key in direct_connect)
        yield
    return partners


def _export_shared(
    built: BuiltTenant,
    sharing: TenantSharingSettings | None,
    expiry: GroupLifecyclePolicy | None,
) -> None:
    """A shard's outputs for the other shards (`components.shared`)."""
    pulumi.export(DIRECTORATE_IDS, {k: d.group_id for k, d in built.directorates.items()})
    pulumi.export(SPACE_GROUP_IDS, {k: s.group_id for k, s in built.spaces.items()})
    if sharing is None:
        return
    pulumi.export(TENANT_SHARING_ID, sharing.id)
    pulumi.export(
        GUEST_IDS, {e: i for p in built.partners.values() for e, i in p.guest_ids.items()}
    )
    pulumi.export(LICENCE_GROUP_IDS, {k: g.group_id for k, g in built.licence_groups.items()})
    if expiry is not None:
        pulumi.export(GROUP_EXPIRY_ID, expiry.id)


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


def _expiry(
    tenant: Tenant, spaces: dict[str, TeamSpace], peers: TenantWide | None
) -> GroupLifecyclePolicy | None:
    """The group lifecycle policy (declared tenant-wide; another shard takes its id from the
    tenant-wide shard), and the spaces it manages when it manages selected ones."""
    expiry = tenant.tenant.expiry
    if expiry is None:
        return None
    policy = None
    if peers is None:
        policy = GroupLifecyclePolicy(
            "group-expiry",
            GroupLifecyclePolicyArgs(
                lifetime_days=expiry.lifetime_days,
                managed_group_types=expiry.spaces.value,
                notification_emails=list(expiry.notify),
            ),
        )
    if expiry.spaces is not ExpiringSpaces.SELECTED:
        return policy
    expiring = [space.key for space in tenant.spaces if space.expires and space.key in spaces]
    if not expiring:
        return policy
    policy_id = policy.id if policy is not None else _from(peers, GROUP_EXPIRY_ID)
    for key in expiring:
        component = spaces[key]
        GroupLifecyclePolicyGroup(
            f"{component.component.name(key)}-expiry",
            GroupLifecyclePolicyGroupArgs(policy_id=policy_id, group_id=component.group_id),
            pulumi.ResourceOptions(parent=component),
        )
    return policy


def _from(peers: TenantWide | None, name: str) -> pulumi.Output[str]:
    assert peers is not None, "only a shard other than the tenant-wide one has peers"
    return peers.output(name)


def _part(
    tenant: Tenant, directorates: list[DirectorateModel], spaces: list[SpaceModel], wide: bool
) -> Tenant:
    """The items of the description a stack declares (all of them in an unsplit stack)."""
    return tenant.model_copy(
        update={
            "directorates": tuple(directorates),
            "spaces": tuple(spaces),
            "partners": tenant.partners if wide else (),
            "licence_groups": tenant.licence_groups if wide else (),
        }
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
    group_ids: _GroupIds,
    split: Split,
) -> None:
    """Each organisation's administrative unit (in the organisation's shard), with its
    directorates' groups when it holds them, and its scoped administrators."""
    backend = unit_backend(options.group_provider, directory)
    for org in tenant.organisations:
        if org.administration is None:
            continue
        if options.shard is not None and split.organisation(org.key) != options.shard:
            continue
        codes = [d.code for d in tenant.directorates if d.organisation == org.key]
        Administration(org, {code: group_ids(code) for code in codes}, backend)


class _GroupIds:
    """A directorate's agents group id: its component's in this stack, else the tenant-wide
    stack's `directorate_ids` output (the group creators' directorate, declared tenant-wide)."""

    def __init__(
        self, split: Split, directorates: dict[str, Directorate], peers: TenantWide | None
    ) -> None:
        self._split, self._directorates, self._peers = split, directorates, peers

    def __call__(self, code: str) -> pulumi.Input[str]:
        if code in self._directorates:
            return self._directorates[code].group_id
        if self._peers is None or self._split.directorate(code) != TENANT_WIDE:
            raise UserError(
                f"directorate {code}'s group is declared by shard "
                f"'{self._split.directorate(code)}', which this shard cannot read: put it in "
                "this shard or the tenant-wide one"
            )
        return self._peers.item(DIRECTORATE_IDS, code)


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
