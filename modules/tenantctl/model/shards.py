"""The split of a tenant description into shards, each deployed by its own Pulumi stack: the one
place that decides which shard declares each item.

The tenant-wide shard (`TENANT_WIDE`) declares the tenant's settings (sharing, the Group.Unified
setting, the group lifecycle policy), the partners (their guests and cross-tenant access) and
the licence groups; each shard of the `shards` section declares its directorates' groups and
the spaces, channels and sites of the directorates that own them (a space's first directorate),
and what is scoped to its organisations: their administrative units (with their members and
scoped roles) and their mailbox settings, as well as its directorates' mailbox settings. The
guest sign-in conditional access policy is tenant-wide.
The directorate the group policy names as creators is tenant-wide too: the tenant's group
settings need its group's id, and the tenant-wide shard runs first. A description without
`shards` is one stack, as it always was.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tenantctl.model.errors import Finding
from tenantctl.model.schema import TeamSpace, Tenant, UnitMembers

if TYPE_CHECKING:
    from tenantctl.model.rules import RuleContext

TENANT_WIDE = "tenant"
"""The key of the shard of tenant-wide settings, partners and licence groups."""


@dataclass(frozen=True)
class Split:
    """Which shard declares each item of a tenant description."""

    tenant: Tenant
    _by_directorate: dict[str, str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        by_directorate: dict[str, str] = {}
        for shard in self.tenant.shards:
            for d in self.tenant.directorates:
                if d.organisation in shard.organisations:
                    by_directorate.setdefault(d.code, shard.key)
        for shard in self.tenant.shards:  # naming a directorate outweighs its organisation
            by_directorate.update(dict.fromkeys(shard.directorates, shard.key))
        object.__setattr__(self, "_by_directorate", by_directorate)

    @property
    def keys(self) -> tuple[str, ...]:
        """Every shard, tenant-wide first; none when the description is not split."""
        if not self.tenant.shards:
            return ()
        return (TENANT_WIDE, *(shard.key for shard in self.tenant.shards))

    @property
    def budget_share(self) -> float:
        """The largest share of the app's Graph budgets one shard may take, so that all of them
        running at once stay within the budgets: 1 / number of shards."""
        return 1.0 / max(1, len(self.keys))

    def named(self, code: str) -> str | None:
        """The shard naming directorate `code` or its organisation, if any."""
        return self._by_directorate.get(code)

    def directorate(self, code: str) -> str:
        """The shard declaring directorate `code`'s group."""
        if code == self.tenant.tenant.group_policy.creators:
            return TENANT_WIDE
        return self.named(code) or TENANT_WIDE

    def organisation(self, key: str) -> str:
        """The shard declaring what is scoped to organisation `key` (its administrative unit,
        its mailbox settings): the shard naming it, else the shard of its first directorate
        that is not the group creators', else the tenant-wide shard."""
        for shard in self.tenant.shards:
            if key in shard.organisations:
                return shard.key
        creators = self.tenant.tenant.group_policy.creators
        for d in self.tenant.directorates:
            if d.organisation == key and d.code != creators:
                return self.directorate(d.code)
        return TENANT_WIDE

    def scope(self, scope: str) -> str:
        """The shard declaring the mailbox settings of `scope`, a directorate or organisation."""
        if any(d.code == scope for d in self.tenant.directorates):
            return self.directorate(scope)
        return self.organisation(scope)

    def space(self, space: TeamSpace) -> str:
        """The shard declaring a space (its group, team, channels, site): its first
        directorate's, by organisation or name (the creators' spaces too)."""
        return self.named(space.directorates[0]) or TENANT_WIDE


def shards_name_known_parts(ctx: RuleContext) -> Iterator[Finding]:
    for shard in ctx.tenant.shards:
        if shard.key == TENANT_WIDE:
            yield ctx.error(
                "shards",
                shard.key,
                ("key",),
                f"'{TENANT_WIDE}' is the tenant-wide shard's key, which every split has",
                "give this shard another key (the tenant-wide shard needs no entry)",
            )
        for section in ("organisations", "directorates"):
            yield from ctx.unknown_references(
                "shards", shard.key, section, section, getattr(shard, section)
            )


def each_directorate_lands_in_one_shard(ctx: RuleContext) -> Iterator[Finding]:
    """Every directorate in exactly one shard, when the description is split."""
    if not ctx.tenant.shards:
        return
    for field_name in ("organisations", "directorates"):
        claimed: dict[str, str] = {}
        for shard in ctx.tenant.shards:
            for position, name in enumerate(getattr(shard, field_name)):
                earlier = claimed.setdefault(name, shard.key)
                if earlier != shard.key:
                    yield ctx.error(
                        "shards",
                        shard.key,
                        (field_name, position),
                        f"'{name}' is already deployed by shard '{earlier}'",
                        f"keep '{name}' under one shard's '{field_name}'",
                    )
    split = Split(ctx.tenant)
    creators = ctx.tenant.tenant.group_policy.creators
    for d in ctx.tenant.directorates:
        if split.named(d.code) is None and d.code != creators:
            yield ctx.error(
                "directorates",
                d.code,
                ("organisation",),
                f"directorate '{d.code}' is in no shard",
                f"add '{d.organisation}' to a shard's 'organisations' or '{d.code}' to its "
                "'directorates' under 'shards'",
            )


def organisations_read_their_directorates(ctx: RuleContext) -> Iterator[Finding]:
    """What is scoped to an organisation (its unit of groups, its mailbox settings) uses its
    directorates' group ids: each must be declared by the organisation's shard or the
    tenant-wide one, which runs first (the other shards run at the same time)."""
    if not ctx.tenant.shards:
        return
    split = Split(ctx.tenant)
    scopes = {block.scope for block in ctx.tenant.mailbox_settings}
    for org in ctx.tenant.organisations:
        admin = org.administration
        groups = admin is not None and admin.members is not UnitMembers.USERS
        if not groups and org.key not in scopes:
            continue
        home = split.organisation(org.key)
        for d in ctx.tenant.directorates:
            found = split.directorate(d.code)
            if d.organisation == org.key and found not in (home, TENANT_WIDE):
                yield ctx.error(
                    "directorates",
                    d.code,
                    ("organisation",),
                    f"directorate '{d.code}' is in shard '{found}' but organisation "
                    f"'{org.key}' (its administrative unit or mailbox settings) is in shard "
                    f"'{home}', which cannot read its group's id",
                    f"deploy '{d.code}' with shard '{home}' under 'shards'",
                )
