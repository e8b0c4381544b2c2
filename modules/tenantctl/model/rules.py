"""Cross-reference and Microsoft 365 limit rules over a schema-valid tenant description.

Each rule is a small generator of findings; `check_tenant` runs them all so every problem is
reported at once.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection, Iterator, Mapping

from tenantctl.m365 import limits
from tenantctl.m365.membership_rules import RULE_USER_PROPERTIES, unsupported_properties
from tenantctl.m365.names import channel_name_problem, mail_nickname_problem
from tenantctl.m365.skus import SKUS
from tenantctl.model.administration import (
    scoped_administrators_are_people,
    scoped_roles_are_known_and_scopable,
    units_of_directorates_have_directorates,
)
from tenantctl.model.capacity import (
    channel_rosters_fit,
    channels_fit_in_a_team,
    membership_rules_fit,
    owners_fit,
    teams_fit,
)
from tenantctl.model.derive import MIGRATION_DONE, TenantIndex, template_name
from tenantctl.model.end_of_life import (
    archived_spaces_are_kept,
    expiring_spaces_have_a_selective_policy,
)
from tenantctl.model.errors import Finding, Severity
from tenantctl.model.group_policy import (
    group_creators_are_declared,
    spaces_follow_the_naming_policy,
)
from tenantctl.model.guest_sign_in import (
    break_glass_accounts_are_people,
    guest_sign_in_has_its_licence,
)
from tenantctl.model.mailbox_settings import mailbox_settings_are_valid
from tenantctl.model.schema import ChannelKind, SpaceKind, SpaceMembership, TeamSpace, Tenant
from tenantctl.model.shards import (
    each_directorate_lands_in_one_shard,
    organisations_read_their_directorates,
    shards_name_known_parts,
)
from tenantctl.model.sources import SourceIndex
from tenantctl.model.waves import (
    directorates_have_a_wave,
    each_agent_moves_once,
    moved_agents_get_a_mailbox,
    waves_carry_known_agents,
)

Rule = Callable[["RuleContext"], Iterator[Finding]]
REVIEW_DAYS_PER_MONTH = 28
"""The days a guest review may last per month between two reviews: the shortest month's, so
that one review always ends before the next starts."""
MIN_TEAM_OWNERS = 2
"""The project's least number of owners of a team or a directorate's group, so none is
orphaned when one owner leaves; above Teams' own minimum (`limits.TEAM_OWNERS_MIN`). Governance's
`team-owners` may ask for more, never fewer."""


REFERENCES = {
    "organisations": ("organisation", "use a key defined under 'organisations'"),
    "directorates": ("directorate", "use a code defined under 'directorates'"),
}
"""What a reference to another section names, and how to mend one that names nothing."""


class RuleContext:
    """What every rule reads: the tenant, its lookups, and where items came from."""

    def __init__(
        self,
        tenant: Tenant,
        sources: SourceIndex,
        templates: Collection[str] | None,
        rejected: Mapping[str, Collection[str]] | None = None,
        today: datetime.date | None = None,
    ) -> None:
        self.tenant = tenant
        self.index = TenantIndex(tenant)
        self.today = today
        self.sources = sources
        self.templates = templates
        # Keys of items written but refused by the schema: already reported, so references to
        # them are not reported again as unknown.
        self.rejected = {
            section: {k.lower() for k in keys} for section, keys in (rejected or {}).items()
        }

    def missing(self, section: str, key: str) -> bool:
        """True if no item of `section` has this key, valid or refused by the schema."""
        lookups: dict[str, Collection[str]] = {
            "organisations": self.index.organisations,
            "directorates": self.index.directorates,
            "people": self.index.people,
            "partners": self.index.partners,
        }
        known = lookups[section]
        lookup = key.lower() if section == "people" else key
        return lookup not in known and key.lower() not in self.rejected.get(section, ())

    def error(
        self, section: str, key: str, sub: tuple[str | int, ...], message: str, fix: str
    ) -> Finding:
        return self.sources.finding(section, key, sub, message, fix)

    def warning(
        self, section: str, key: str, sub: tuple[str | int, ...], message: str, fix: str
    ) -> Finding:
        return self.sources.finding(section, key, sub, message, fix, Severity.WARNING)

    def unknown_references(
        self, section: str, key: str, field: str, target: str, values: tuple[str, ...]
    ) -> Iterator[Finding]:
        """Each of `values` that names no item of `target` ('organisations' or 'directorates')."""
        noun, fix = REFERENCES[target]
        for position, value in enumerate(values):
            if self.missing(target, value):
                yield self.error(section, key, (field, position), f"unknown {noun} '{value}'", fix)

    def unknown_people(
        self, section: str, key: str, field: str | tuple[str, ...], upns: tuple[str, ...]
    ) -> Iterator[Finding]:
        """People who are not in `people`: a guest says so, anyone else is unknown."""
        where = (field,) if isinstance(field, str) else field
        for position, upn in enumerate(upns):
            partner = self.index.partner_guests.get(upn.lower())
            if partner is not None and self.missing("people", upn):
                yield self.error(
                    section,
                    key,
                    (*where, position),
                    f"'{upn}' is a guest of partner '{partner}', not a person of the tenant",
                    "guests join a partner space through its 'guests' (and may be members "
                    "of its private channels)",
                )
            elif self.missing("people", upn):
                yield self.error(
                    section,
                    key,
                    (*where, position),
                    f"unknown person '{upn}'",
                    "add them to 'people', or correct the address",
                )


def check_tenant(
    tenant: Tenant,
    sources: SourceIndex,
    templates: Collection[str] | None = None,
    rejected: Mapping[str, Collection[str]] | None = None,
    today: datetime.date | None = None,
) -> list[Finding]:
    """Run every rule and return all findings.

    `rejected` holds, by section, the keys of items the schema refused (already reported);
    `today` is the date the program plans for, which the licence groups follow (None, for a
    description loaded outside a stack: the rules that judge a date are not run, and the
    licence groups are judged as once every wave has come).
    """
    context = RuleContext(tenant, sources, templates, rejected, today)
    return [finding for rule in RULES for finding in rule(context)]


def directorates_belong_to_organisations(ctx: RuleContext) -> Iterator[Finding]:
    for d in ctx.tenant.directorates:
        if ctx.missing("organisations", d.organisation):
            yield ctx.error(
                "directorates",
                d.code,
                ("organisation",),
                f"unknown organisation '{d.organisation}'",
                f"use one of: {', '.join(ctx.index.organisations) or '(none defined)'}",
            )
        yield from ctx.unknown_people("directorates", d.code, "owners", d.owners)
        members = d.membership.users
        yield from ctx.unknown_people("directorates", d.code, ("membership", "users"), members)
        if len(d.owners) < MIN_TEAM_OWNERS:
            yield ctx.error(
                "directorates",
                d.code,
                ("owners",),
                f"has {len(d.owners)} owner(s); at least {MIN_TEAM_OWNERS} are needed",
                "name a second owner so the group is never orphaned",
            )


def people_belong_to_directorates(ctx: RuleContext) -> Iterator[Finding]:
    for p in ctx.tenant.people:
        if ctx.missing("directorates", p.directorate):
            yield ctx.error(
                "people",
                p.upn,
                ("directorate",),
                f"unknown directorate '{p.directorate}'",
                _directorate_fix(ctx),
            )


def spaces_reference_known_objects(ctx: RuleContext) -> Iterator[Finding]:
    for s in ctx.tenant.spaces:
        for position, code in enumerate(s.directorates):
            if ctx.missing("directorates", code):
                yield ctx.error(
                    "spaces",
                    s.key,
                    ("directorates", position),
                    f"unknown directorate '{code}'",
                    _directorate_fix(ctx),
                )
        for position, partner in enumerate(s.partners):
            if ctx.missing("partners", partner):
                yield ctx.error(
                    "spaces",
                    s.key,
                    ("partners", position),
                    f"unknown partner '{partner}'",
                    "define it under 'partners', or correct the key",
                )
        yield from ctx.unknown_people("spaces", s.key, "owners", s.owners)
        yield from ctx.unknown_people("spaces", s.key, "members", s.members)


def space_kinds_are_consistent(ctx: RuleContext) -> Iterator[Finding]:
    for s in ctx.tenant.spaces:
        if s.kind is SpaceKind.INTRA and len(s.directorates) != 1:
            yield ctx.error(
                "spaces",
                s.key,
                ("directorates",),
                "an intra-directorate space belongs to exactly one directorate",
                "list one directorate, or make it kind: inter",
            )
        if s.membership is SpaceMembership.DIRECTORATE and s.kind is not SpaceKind.INTRA:
            yield ctx.error(
                "spaces",
                s.key,
                ("membership",),
                f"'membership: directorate' is for intra spaces, not {s.kind.value} ones",
                "remove 'membership', or make the space kind: intra",
            )
        if s.kind is SpaceKind.INTER and len(s.directorates) < 2:
            yield ctx.error(
                "spaces",
                s.key,
                ("directorates",),
                "an inter-directorate space spans at least two directorates",
                "list every directorate involved, or make it kind: intra",
            )
        if s.kind is SpaceKind.INTER and not s.owners:
            yield ctx.error(
                "spaces",
                s.key,
                ("owners",),
                "an inter-directorate space needs named owners",
                "add 'owners:' with at least two people",
            )
        if s.kind is SpaceKind.PARTNER:
            if not s.partners:
                yield ctx.error(
                    "spaces",
                    s.key,
                    ("partners",),
                    "a partner space names no partner organisation",
                    "add 'partners:' with the keys of the partners it works with",
                )
            if s.review is None:
                yield ctx.error(
                    "spaces",
                    s.key,
                    ("review",),
                    "a partner space needs a review of its guests by its owners",
                    "add 'review: {every_months: 3, duration_days: 14}'",
                )
            elif s.review.duration_days > REVIEW_DAYS_PER_MONTH * s.review.every_months:
                most = REVIEW_DAYS_PER_MONTH * s.review.every_months
                yield ctx.error(
                    "spaces",
                    s.key,
                    ("review", "duration_days"),
                    f"a review of {s.review.duration_days} days would still run when the "
                    f"next one starts, {s.review.every_months} month(s) later",
                    f"set 'duration_days' to at most {most}, or review less often",
                )
        elif s.partners or s.guests or s.review:
            field = "partners" if s.partners else "guests" if s.guests else "review"
            yield ctx.error(
                "spaces",
                s.key,
                (field,),
                f"only partner spaces may have {field}",
                "make it kind: partner, or remove "
                + ("'review'" if field == "review" else "the external people"),
            )


def teams_have_two_owners(ctx: RuleContext) -> Iterator[Finding]:
    for s in ctx.tenant.spaces:
        owners = ctx.index.space_owners(s)
        if not s.owners and s.directorates[0].lower() in ctx.rejected.get("directorates", ()):
            continue  # owned by a directorate the schema refused, already reported
        distinct = {o.lower() for o in owners}
        if len(distinct) < MIN_TEAM_OWNERS:
            # An adopted team keeps the owners it had: flagged, not refused.
            report = ctx.warning if s.adopt else ctx.error
            yield report(
                "spaces",
                s.key,
                ("owners",),
                f"the team has {len(distinct)} owner(s); at least {MIN_TEAM_OWNERS} are needed",
                "name at least two owners so the team is never orphaned",
            )
        for position, owner in enumerate(owners):
            if owner.lower() in ctx.index.partner_guests:
                yield ctx.error(
                    "spaces",
                    s.key,
                    ("owners", position),
                    f"guest '{owner}' cannot own a team",
                    "make an agent of the directorate the owner",
                )


def guests_come_from_named_partners(ctx: RuleContext) -> Iterator[Finding]:
    for s in ctx.tenant.spaces:
        for position, email in enumerate(s.guests):
            partner = ctx.index.partner_guests.get(email.lower())
            if partner is None and not ctx.rejected.get("partners"):
                yield ctx.error(
                    "spaces",
                    s.key,
                    ("guests", position),
                    f"unknown guest '{email}'",
                    "declare the guest under its partner's 'guests'",
                )
            elif partner is not None and partner not in s.partners:
                yield ctx.error(
                    "spaces",
                    s.key,
                    ("guests", position),
                    f"guest '{email}' belongs to partner '{partner}', which this "
                    "space does not name",
                    f"add '{partner}' to the space's partners",
                )
    for p in ctx.tenant.partners:
        domains = {d.lower() for d in p.domains}
        for position, guest in enumerate(p.guests):
            if guest.email.split("@")[1].lower() not in domains:
                yield ctx.error(
                    "partners",
                    p.key,
                    ("guests", position, "email"),
                    f"'{guest.email}' is not in the partner's domains ({', '.join(p.domains)})",
                    "add the domain to the partner, or correct the address",
                )
    yield from _unique_domains(ctx)


def _unique_domains(ctx: RuleContext) -> Iterator[Finding]:
    owners: dict[str, str] = {}
    for p in ctx.tenant.partners:
        for position, domain in enumerate(p.domains):
            first = owners.setdefault(domain.lower(), p.key)
            if first != p.key:
                yield ctx.error(
                    "partners",
                    p.key,
                    ("domains", position),
                    f"domain '{domain}' is already claimed by partner '{first}'",
                    "each domain belongs to one partner",
                )


def sharing_stays_closed_outside_partner_spaces(ctx: RuleContext) -> Iterator[Finding]:
    ceiling = ctx.tenant.tenant.sharing_ceiling
    for s in ctx.tenant.spaces:
        level = s.site.sharing
        if level.is_external and s.kind is not SpaceKind.PARTNER:
            yield ctx.error(
                "spaces",
                s.key,
                ("site", "sharing"),
                f"external sharing '{level.value}' on the site of an {s.kind.value} space",
                "set 'sharing: disabled'; only partner spaces share externally",
            )
        if level.rank > ceiling.rank:
            yield ctx.error(
                "spaces",
                s.key,
                ("site", "sharing"),
                f"sharing '{level.value}' is above the tenant ceiling '{ceiling.value}'",
                f"use '{ceiling.value}' or less",
            )


def channels_follow_teams_rules(ctx: RuleContext) -> Iterator[Finding]:
    for s in ctx.tenant.spaces:
        seen: dict[str, int] = {}
        keys: dict[str, int] = {}
        for position, channel in enumerate(s.channels):
            where = ("channels", position)
            problem = channel_name_problem(channel.name)
            if problem:
                yield ctx.error(
                    "spaces",
                    s.key,
                    (*where, "name"),
                    f"channel name '{channel.name}' {problem}",
                    "rename the channel",
                )
            lowered = channel.name.strip().lower()
            if lowered in seen:
                yield ctx.error(
                    "spaces",
                    s.key,
                    (*where, "name"),
                    f"channel '{channel.name}' is already defined (channel #{seen[lowered]})",
                    "channel names are unique within a team",
                )
            seen.setdefault(lowered, position)
            if channel.key is not None:
                first = keys.setdefault(channel.key, position)
                if first != position:
                    yield ctx.error(
                        "spaces",
                        s.key,
                        (*where, "key"),
                        f"channel key '{channel.key}' is already used by channel #{first}",
                        "give each channel of a team its own key",
                    )
            yield from _channel_membership(
                ctx,
                s.key,
                where,
                channel.kind,
                channel.owners,
                channel.members,
                channel.shared_with,
                s.partners,
            )


def _channel_membership(
    ctx: RuleContext,
    space: str,
    where: tuple[str | int, ...],
    kind: ChannelKind,
    owners: tuple[str, ...],
    members: tuple[str, ...],
    shared_with: tuple[str, ...],
    space_partners: tuple[str, ...],
) -> Iterator[Finding]:
    if kind is ChannelKind.STANDARD:
        if owners or members or shared_with:
            yield ctx.error(
                "spaces",
                space,
                where,
                "a standard channel has no owners, members or sharing of its own",
                "remove them, or make the channel private or shared",
            )
        return
    if not owners:
        yield ctx.error(
            "spaces",
            space,
            (*where, "owners"),
            f"a {kind.value} channel needs at least one owner",
            "add 'owners:' to the channel",
        )
    for field, people in (("owners", owners), ("members", members)):
        for position, upn in enumerate(people):
            if ctx.missing("people", upn) and upn.lower() not in ctx.index.partner_guests:
                yield ctx.error(
                    "spaces",
                    space,
                    (*where, field, position),
                    f"unknown person '{upn}'",
                    "add them to 'people' or correct it",
                )
    if kind is ChannelKind.PRIVATE and shared_with:
        yield ctx.error(
            "spaces",
            space,
            (*where, "shared_with"),
            "only shared channels can be shared with partners",
            "make the channel kind: shared",
        )
    for position, partner_key in enumerate(shared_with):
        partner = ctx.index.partners.get(partner_key)
        if partner is None and not ctx.missing("partners", partner_key):
            continue
        if partner is None:
            yield ctx.error(
                "spaces",
                space,
                (*where, "shared_with", position),
                f"unknown partner '{partner_key}'",
                "define it under 'partners'",
            )
        elif partner.tenant_id is None:
            yield ctx.error(
                "spaces",
                space,
                (*where, "shared_with", position),
                f"partner '{partner_key}' has no tenant_id; shared channels need "
                "B2B direct connect with the partner's tenant",
                "add the partner's tenant_id",
            )
        elif partner_key not in space_partners:
            yield ctx.error(
                "spaces",
                space,
                (*where, "shared_with", position),
                f"partner '{partner_key}' is not a partner of this space",
                f"add '{partner_key}' to the space's partners",
            )


def private_channels_stay_inside_their_team(ctx: RuleContext) -> Iterator[Finding]:
    """Teams adds only people of the team to a private channel (shared channels may reach out)."""
    for s in ctx.tenant.spaces:
        team: set[str] | None = None
        for position, channel in enumerate(s.channels):
            if channel.kind is not ChannelKind.PRIVATE:
                continue
            team = _team_people(ctx, s) if team is None else team
            if not team:
                break  # its directorate is unknown or refused, already reported
            for field, people in (("owners", channel.owners), ("members", channel.members)):
                for index, upn in enumerate(people):
                    if upn.lower() in team or ctx.missing("people", upn):
                        continue  # in the team, or a guest or unknown: reported elsewhere
                    yield ctx.error(
                        "spaces",
                        s.key,
                        ("channels", position, field, index),
                        f"'{upn}' is not in the team, so cannot be in its private channel",
                        "add them to the space's members, or use a shared channel",
                    )


def guests_stay_where_teams_takes_them(ctx: RuleContext) -> Iterator[Finding]:
    """Guests in channels: Teams takes a guest as a member of a private channel of a team the
    guest belongs to, never as a channel owner and never in a shared channel, where people
    from outside join through B2B direct connect instead (learn.microsoft.com/microsoftteams/
    private-channels, shared-channels; Graph marks a guest's conversationMember `guest`,
    learn.microsoft.com/graph/api/resources/aaduserconversationmember)."""
    for s in ctx.tenant.spaces:
        guests = {email.lower() for email in s.guests}
        for position, channel in enumerate(s.channels):
            if channel.kind is ChannelKind.STANDARD:
                continue  # a standard channel has no roster of its own, reported elsewhere
            for field, people in (("owners", channel.owners), ("members", channel.members)):
                for index, upn in enumerate(people):
                    partner = ctx.index.partner_guests.get(upn.lower())
                    if partner is None or not ctx.missing("people", upn):
                        continue
                    problem = _guest_placement(s, channel.kind, field, upn, guests)
                    if problem is not None:
                        yield ctx.error(
                            "spaces", s.key, ("channels", position, field, index), *problem
                        )


def _guest_placement(
    space: TeamSpace, kind: ChannelKind, field: str, guest: str, guests: set[str]
) -> tuple[str, str] | None:
    """Why Teams refuses this guest in this place of a channel (message, fix), or None."""
    if field == "owners":
        return (
            f"guest '{guest}' cannot own a channel",
            "make an agent of the team the channel's owner; a guest can be a member of a "
            "private channel",
        )
    if kind is ChannelKind.SHARED:
        return (
            f"guest '{guest}' cannot be in a shared channel; Teams adds guests to private "
            "channels only",
            "share the channel with the guest's partner through 'shared_with' (B2B direct "
            "connect), or make it a private channel",
        )
    if space.kind is not SpaceKind.PARTNER:
        return (
            f"guest '{guest}' cannot be in a channel of an {space.kind.value} space; only "
            "partner spaces have guests",
            "remove the guest, or make the space kind: partner with the guest's partner",
        )
    if guest.lower() not in guests:
        return (
            f"guest '{guest}' is not a guest of this space, so cannot be in its private channel",
            "add them to the space's 'guests'",
        )
    return None


def _team_people(ctx: RuleContext, space: TeamSpace) -> set[str]:
    """Everyone in a space's team as far as the description knows (lower case); empty if the
    directorate of an intra-directorate space is not known."""
    people = {*ctx.index.space_owners(space), *space.members, *space.guests}
    if ctx.index.follows_directorate(space):
        code = space.directorates[0]
        directorate = ctx.index.directorates.get(code)
        if directorate is None:
            return set()
        people.update(directorate.membership.users)
        if directorate.membership.departments:
            people.update(p.upn for p in ctx.tenant.people if p.directorate == code)
    return {upn.lower() for upn in people}


def templates_exist(ctx: RuleContext) -> Iterator[Finding]:
    if ctx.templates is None:
        return
    for s in ctx.tenant.spaces:
        name = template_name(s)
        if name not in ctx.templates:
            yield ctx.error(
                "spaces",
                s.key,
                ("template",),
                f"unknown Teams template '{name}'",
                f"use one of: {', '.join(sorted(ctx.templates))}",
            )


def mail_nicknames_are_valid_and_unique(ctx: RuleContext) -> Iterator[Finding]:
    index = ctx.index
    named: list[tuple[str, str, str]] = [
        *(
            ("directorates", d.code, index.directorate_mail_nickname(d))
            for d in ctx.tenant.directorates
        ),
        *(("spaces", s.key, index.space_mail_nickname(s)) for s in ctx.tenant.spaces),
        *(
            ("licence_groups", g.key, index.licence_mail_nickname(g))
            for g in ctx.tenant.licence_groups
        ),
    ]
    first: dict[str, str] = {}
    for section, key, nickname in named:
        problem = mail_nickname_problem(nickname)
        if problem:
            yield ctx.error(
                section,
                key,
                ("mail_nickname",),
                f"mail nickname '{nickname}' {problem}",
                "set a shorter 'mail_nickname' of ASCII letters, digits and '-'",
            )
        owner = first.setdefault(nickname.lower(), f"{section}[{key}]")
        if owner != f"{section}[{key}]":
            yield ctx.error(
                section,
                key,
                ("mail_nickname",),
                f"mail nickname '{nickname}' is already used by {owner}",
                "set a distinct 'mail_nickname'",
            )


def licence_groups_are_resolvable(ctx: RuleContext) -> Iterator[Finding]:
    for g in ctx.tenant.licence_groups:
        sku = SKUS.get(g.sku)
        if sku is None:
            yield ctx.error(
                "licence_groups",
                g.key,
                ("sku",),
                f"unknown SKU part number '{g.sku}'",
                f"use one of: {', '.join(sorted(SKUS))}",
            )
        else:
            for position, plan in enumerate(g.disabled_plans):
                if plan not in sku.plans:
                    yield ctx.error(
                        "licence_groups",
                        g.key,
                        ("disabled_plans", position),
                        f"service plan '{plan}' is not part of {g.sku}",
                        f"use plans of {g.sku}: {', '.join(sorted(sku.plans))}",
                    )
        for position, code in enumerate(g.directorates):
            if ctx.missing("directorates", code):
                yield ctx.error(
                    "licence_groups",
                    g.key,
                    ("directorates", position),
                    f"unknown directorate '{code}'",
                    _directorate_fix(ctx),
                )
        yield from ctx.unknown_people("licence_groups", g.key, "users", g.users)
        if not (g.directorates or g.rule or g.users):
            yield ctx.error(
                "licence_groups",
                g.key,
                (),
                "the licence group has no members",
                "add 'directorates', 'rule' or 'users'",
            )
        for name in unsupported_properties(g.rule or ""):
            yield ctx.error(
                "licence_groups",
                g.key,
                ("rule",),
                f"the membership rule uses 'user.{name}', a property Entra ID does not accept "
                "in dynamic membership rules",
                f"use one of: {', '.join(RULE_USER_PROPERTIES)}, extensionAttribute1 to 15",
            )
        rule, _ = ctx.index.licence_membership(g, ctx.today or MIGRATION_DONE)
        if rule and len(rule) > limits.MEMBERSHIP_RULE_MAX:
            yield ctx.error(
                "licence_groups",
                g.key,
                ("directorates",),
                f"the membership rule is {len(rule)} characters, over Entra ID's "
                f"limit of {limits.MEMBERSHIP_RULE_MAX}",
                "split the group in two",
            )


def frontline_groups_license_frontline_agents(ctx: RuleContext) -> Iterator[Finding]:
    """A `frontline_only` group gives its licence to agents the description marks
    `frontline` and to no one else it names or covers through a directorate."""
    for g in ctx.tenant.licence_groups:
        if not g.frontline_only:
            continue
        excluded = {upn.lower() for upn in g.exclude}
        for position, upn in enumerate(g.users):
            person = ctx.index.people.get(upn.lower())
            if person and not person.frontline and upn.lower() not in excluded:
                yield ctx.error(
                    "licence_groups",
                    g.key,
                    ("users", position),
                    f"the group licenses frontline agents only, and '{upn}' is not one",
                    "mark them 'frontline: true' under 'people', or leave them out",
                )
        for position, code in enumerate(g.directorates):
            desk = [
                p.upn
                for p in ctx.tenant.people
                if p.directorate == code and not p.frontline and p.upn.lower() not in excluded
            ]
            if desk:
                yield ctx.error(
                    "licence_groups",
                    g.key,
                    ("directorates", position),
                    f"the group licenses frontline agents only, and directorate {code} has "
                    f"agents who are not: {', '.join(desk)}",
                    "add them to 'exclude', or name the frontline agents under 'users'",
                )


def _directorate_fix(ctx: RuleContext) -> str:
    return (
        "use a code defined under 'directorates'"
        if ctx.index.directorates
        else ("define directorates first")
    )


RULES: tuple[Rule, ...] = (
    directorates_belong_to_organisations,
    people_belong_to_directorates,
    spaces_reference_known_objects,
    space_kinds_are_consistent,
    teams_have_two_owners,
    guests_come_from_named_partners,
    sharing_stays_closed_outside_partner_spaces,
    channels_follow_teams_rules,
    private_channels_stay_inside_their_team,
    guests_stay_where_teams_takes_them,
    templates_exist,
    mail_nicknames_are_valid_and_unique,
    licence_groups_are_resolvable,
    frontline_groups_license_frontline_agents,
    channels_fit_in_a_team,
    channel_rosters_fit,
    owners_fit,
    teams_fit,
    membership_rules_fit,
    spaces_follow_the_naming_policy,
    group_creators_are_declared,
    archived_spaces_are_kept,
    expiring_spaces_have_a_selective_policy,
    break_glass_accounts_are_people,
    guest_sign_in_has_its_licence,
    scoped_roles_are_known_and_scopable,
    scoped_administrators_are_people,
    units_of_directorates_have_directorates,
    mailbox_settings_are_valid,
    waves_carry_known_agents,
    each_agent_moves_once,
    directorates_have_a_wave,
    moved_agents_get_a_mailbox,
    shards_name_known_parts,
    each_directorate_lands_in_one_shard,
    organisations_read_their_directorates,
)
