"""Classify what a tenant holds into the model; what does not fit is kept with the reason.

- directorates: security groups named `<PREFIX>-<CODE>-agents` of a mapped organisation;
- licence groups: security groups carrying one group licence;
- team spaces: Microsoft 365 groups with a team: `partner` with guests, else `intra` when
  every agent belongs to one directorate (by the mapping of their department), else `inter`;
  a team whose group has a dynamic rule is the intra space that follows the directorate
  whose department rule it is (with the members the rule names besides);
- partners: one per guest domain (or as the mapping groups domains), with their guests;
- mailbox settings: per directorate, the settings most of its agents' mailboxes have;
- distribution lists and mail-enabled security groups are Exchange Online's: listed as not
  managed, with their address.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from pydantic import ValidationError

from tenantctl.export.administration import administration_of
from tenantctl.export.directory import People, Unresolved
from tenantctl.export.kinds import AGENTS, OTHER, group_kind
from tenantctl.export.mapping import ExportMapping
from tenantctl.export.reader import CollaborationSnapshot
from tenantctl.m365.conditional_access import GUESTS_SIGNING_IN, STATE_OF
from tenantctl.m365.mailbox import CULTURES, exchange_kind, known_zone
from tenantctl.m365.sharing import SharingLevel, level
from tenantctl.m365.skus import SKUS
from tenantctl.model.derive import department_rule, split_space_rule
from tenantctl.model.rules import REVIEW_DAYS_PER_MONTH
from tenantctl.model.schema import (
    Channel,
    ChannelKind,
    Directorate,
    ExpiringSpaces,
    FunSettings,
    GroupExpiry,
    GroupPolicy,
    Guest,
    GuestReview,
    GuestSettings,
    GuestSignIn,
    GuestSignInState,
    LicenceGroup,
    MailboxSettings,
    MemberSettings,
    Membership,
    MessagingSettings,
    Organisation,
    Partner,
    Site,
    SpaceKind,
    SpaceMembership,
    Strict,
    TeamSettings,
    TeamSpace,
    Tenant,
    TenantSettings,
    Visibility,
    WorkingHours,
)
from tenantctl.resources.specs.cross_tenant_partner import direct_connect
from tenantctl.resources.specs.group_lifecycle_policy import addresses
from tenantctl.resources.specs.guest_access_review import review_of
from tenantctl.resources.specs.tenant_group_settings import tenant_group_settings
from tenantctl.translate import camel

NICKNAME_CODE = re.compile(r"^(?P<prefix>[A-Za-z]{2,6})-(?P<code>[A-Za-z][A-Za-z0-9]{1,11})-")
DEPARTMENT_RULE = re.compile(r'user\.department\s+-(?:eq|in)\s+\[?(?P<values>"[^\]]*")\]?\)?$')
PRIMARY_CHANNEL = "general"
KINDS = ("directorates", "spaces", "licence_groups", "partners", "mailbox_settings")


@dataclass(frozen=True)
class Unclassified:
    """An object left out of the description, and why."""

    kind: str
    id: str
    name: str
    reason: str


class Roster(NamedTuple):
    """Who a team space holds, as the model says it."""

    directorates: tuple[str, ...]
    members: tuple[str, ...]
    guests: tuple[str, ...]
    membership: SpaceMembership | None = None


@dataclass(frozen=True)
class NotManaged:
    """An object Graph lists that Exchange Online manages: the toolkit reports it, never
    changes it."""

    kind: str
    id: str
    name: str
    mail: str


@dataclass
class Export:
    """The description read from the tenant, what could not be described, and what Exchange
    Online manages."""

    tenant: Tenant
    unclassified: list[Unclassified] = field(default_factory=list)
    not_managed: list[NotManaged] = field(default_factory=list)


def slug(text: str, taken: set[str]) -> str:
    """A unique model key from free text (accents dropped, at most 40 characters)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:36].strip("-") or "item"
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}-{n}"
    taken.add(key)
    return key


def is_guest_sign_in(policy: dict[str, Any]) -> bool:
    """Whether a conditional access policy is the one `tenant.guest_sign_in` declares: every
    guest and external user that signs in, of every tenant, for all apps, MFA alone
    (tenantctl.components.sign_in); no one else included."""
    conditions = policy.get("conditions") or {}
    users = conditions.get("users") or {}
    guests = users.get("includeGuestsOrExternalUsers") or {}
    kinds = str(guests.get("guestOrExternalUserTypes") or "").split(",")
    grant = policy.get("grantControls") or {}
    return (
        set(kinds) == set(GUESTS_SIGNING_IN)
        and (guests.get("externalTenants") or {}).get("membershipKind") == "all"
        and not any(users.get(k) for k in ("includeUsers", "includeGroups", "includeRoles"))
        and (conditions.get("applications") or {}).get("includeApplications") == ["All"]
        and grant.get("builtInControls") == ["mfa"]
    )


class Classifier:
    """Turns a snapshot into the model, one section at a time."""

    def __init__(self, snap: CollaborationSnapshot, mapping: ExportMapping, today: dt.date) -> None:
        self.snap = snap
        self.mapping = mapping
        self.today = today
        self.unclassified: list[Unclassified] = []
        self.not_managed: list[NotManaged] = []
        agents = [
            (m["code"].upper(), g)
            for g in snap.groups
            if group_kind(g) == "directorates"
            and (m := AGENTS.match(g["mailNickname"]))
            and mapping.organisation(m["prefix"])
        ]
        self.people = People(snap.users, mapping, {code for code, _ in agents})
        self.directorate_groups = {g["id"]: code for code, g in agents}
        """Directorate codes by their agents group's id, which the group creators name."""
        self.directorate_rules = {
            str(g["membershipRule"]).strip(): code for code, g in agents if g.get("membershipRule")
        }
        """Directorate codes by their agents group's rule, which a team following them has."""
        self.guest_partner: dict[str, str] = {}
        self.direct_connect: set[str] = set()
        """Partners whose cross-tenant entry allows B2B direct connect."""

    def export(self, kinds: tuple[str, ...] = KINDS) -> Export:
        """The description, sections limited to `kinds`."""
        partners = self._partners()
        sections: dict[str, tuple[Strict, ...]] = {
            "directorates": tuple(self._each("directorates", self._directorate)),
            "licence_groups": tuple(self._each("licence_groups", self._licence_group)),
            "spaces": tuple(self._each("spaces", self._space)),
            "partners": tuple(partners),
        }
        sections["mailbox_settings"] = tuple(self._mailbox_settings(sections["directorates"]))
        self._other_groups()
        tenant = Tenant(
            tenant=self._settings(),
            organisations=tuple(self._organisation(o) for o in self.mapping.organisations),
            people=tuple(sorted(self.people.named.values(), key=lambda p: p.upn.lower())),
            **{kind: value for kind, value in sections.items() if kind in kinds},  # type: ignore[arg-type]
        )
        return Export(tenant, self.unclassified, self.not_managed)

    def _organisation(self, org: Organisation) -> Organisation:
        """The mapped organisation, with its administrative unit if the tenant has one."""

        def leave(id_: str, reason: str) -> None:
            self._leave("administration", id_, org.key, reason)

        found = administration_of(self.snap, org, self.people, leave)
        return org if found is None else org.model_copy(update={"administration": found})

    def _each(
        self, kind: str, build: Callable[[dict[str, Any], set[str]], Strict]
    ) -> Iterator[Strict]:
        taken: set[str] = set()
        for group in self.snap.groups:
            if group_kind(group) != kind or group["id"] not in self.snap.selected:
                continue
            try:
                yield build(group, taken)
            except (Unresolved, ValueError) as problem:
                self._leave(kind, group["id"], group.get("displayName", ""), _reason(problem))

    def _leave(self, kind: str, id_: str, name: str, reason: str) -> None:
        self.unclassified.append(Unclassified(kind, id_, name, reason))

    def _settings(self) -> TenantSettings:
        org, sharepoint = self.snap.organisation, self.snap.sharepoint
        domains = org.get("verifiedDomains") or []
        default = next((d["name"] for d in domains if d.get("isDefault")), None)
        settings = tenant_group_settings(self.snap.group_settings)
        return TenantSettings(
            name=org.get("displayName") or "tenant",
            default_domain=str(default or "example.org").lower(),
            sharing_ceiling=SharingLevel(level(sharepoint.get("sharingCapability"))),
            resharing_by_external_users=bool(sharepoint.get("isResharingByExternalUsersEnabled")),
            guests_can_be_added_to_groups=settings["allow_to_add_guests"],
            group_policy=self._group_policy(settings),
            expiry=self._expiry(),
            guest_sign_in=self._guest_sign_in(),
        )

    def _group_policy(self, settings: dict[str, Any]) -> GroupPolicy:
        """The tenant's group policy; creators are a directorate's agents group, or left out."""
        creators_id = settings["group_creation_allowed_group_id"]
        creators = self.directorate_groups.get(creators_id)
        if creators_id and creators is None:
            self._leave("group_policy", creators_id, "group creators", "not a directorate's group")
        try:
            return GroupPolicy(
                naming=settings["naming_requirement"] or None,
                blocked_words=tuple(settings["blocked_words"]),
                users_can_create=settings["enable_group_creation"],
                creators=None if settings["enable_group_creation"] else creators,
                usage_guidelines_url=settings["usage_guidelines_url"] or None,
            )
        except ValidationError as problem:
            self._leave("group_policy", "", "group policy", _reason(problem))
            return GroupPolicy()

    def _selected_for_expiry(self, group: dict[str, Any]) -> bool:
        """A space expires on its own when a policy of selected groups manages it."""
        policy = next(iter(self.snap.lifecycle_policies), {})
        selected = str(policy.get("managedGroupTypes") or "").lower() == ExpiringSpaces.SELECTED
        return selected and group.get("expirationDateTime") is not None

    def _expiry(self) -> GroupExpiry | None:
        """The tenant's lifecycle policy, if it manages all groups or selected ones."""
        policy = next(iter(self.snap.lifecycle_policies), None)
        managed = str((policy or {}).get("managedGroupTypes") or "None").lower()
        if policy is None or managed not in set(ExpiringSpaces):
            return None
        try:
            return GroupExpiry(
                lifetime_days=int(policy.get("groupLifetimeInDays") or 0),
                spaces=ExpiringSpaces(managed),
                notify=tuple(addresses(policy.get("alternateNotificationEmails"))),
            )
        except ValidationError as problem:
            self._leave("expiry", str(policy.get("id")), "group lifecycle policy", _reason(problem))
            return None

    def _guest_sign_in(self) -> GuestSignIn | None:
        """The policy of the shape `tenant.guest_sign_in` declares, its excluded users the
        break-glass accounts (named among the people)."""
        words = {graph: word for word, graph in STATE_OF.items()}
        for policy in self.snap.sign_in_policies:
            if not is_guest_sign_in(policy):
                continue
            excluded = policy["conditions"]["users"].get("excludeUsers") or []
            try:
                return GuestSignIn(
                    state=GuestSignInState(words[str(policy.get("state"))]),
                    break_glass=self.people.upns(excluded),
                )
            except (Unresolved, ValueError, KeyError) as problem:
                name = str(policy.get("displayName") or "")
                self._leave("guest_sign_in", str(policy.get("id")), name, _reason(problem))
        return None

    def _directorate(self, group: dict[str, Any], taken: set[str]) -> Directorate:
        match = AGENTS.match(group["mailNickname"])
        assert match is not None  # group_kind checked it
        organisation = self.mapping.organisation(match["prefix"])
        if organisation is None:
            raise Unresolved(f"prefix {match['prefix']} is not an organisation of the mapping")
        name = str(group["displayName"]).removesuffix(" — agents")
        rule = group.get("membershipRule")
        membership = (
            Membership(departments=_departments(rule))
            if rule
            else Membership(users=self.people.upns(self.snap.members.get(group["id"], [])))
        )
        return Directorate(
            code=match["code"].upper(),
            organisation=organisation.key,
            display_name=name,
            description=_own(group.get("description"), name),
            owners=self.people.upns(self.snap.owners.get(group["id"], [])),
            membership=membership,
            adopt=group["id"],
        )

    def _licence_group(self, group: dict[str, Any], taken: set[str]) -> LicenceGroup:
        licences = group.get("assignedLicenses") or []
        if len(licences) != 1:
            raise Unresolved(f"carries {len(licences)} licences; a licence group carries one")
        sku = next((s for s in self.snap.skus if s["skuId"] == licences[0]["skuId"]), None)
        if sku is None or sku["skuPartNumber"] not in SKUS:
            raise Unresolved(f"licence {licences[0]['skuId']} is not a known subscription")
        plans = {p["servicePlanId"]: p["servicePlanName"] for p in sku.get("servicePlans") or []}
        rule = group.get("membershipRule")
        return LicenceGroup(
            key=slug(group["mailNickname"], taken),
            display_name=group["displayName"],
            mail_nickname=group["mailNickname"],
            sku=sku["skuPartNumber"],
            disabled_plans=tuple(sorted(plans[p] for p in licences[0].get("disabledPlans") or [])),
            rule=rule or None,
            users=() if rule else self.people.upns(self.snap.members.get(group["id"], [])),
            adopt=group["id"],
        )

    def _space(self, group: dict[str, Any], taken: set[str]) -> TeamSpace:
        gid = group["id"]
        owners = self.people.upns(self.snap.owners.get(gid, []))
        rule = group.get("membershipRule")
        roster = self._following(rule) if rule else self._listed(group, owners)
        partners = tuple(dict.fromkeys(self.guest_partner[g] for g in roster.guests))
        kind = (
            SpaceKind.PARTNER
            if roster.guests
            else SpaceKind.INTRA
            if len(roster.directorates) == 1
            else SpaceKind.INTER
        )
        connected = tuple(p for p in partners if p in self.direct_connect)
        sharing = self.snap.site_sharing.get(gid)
        return TeamSpace(
            key=slug(group["displayName"], taken),
            kind=kind,
            display_name=group["displayName"],
            description=_own(group.get("description"), group["displayName"]),
            mail_nickname=group["mailNickname"],
            directorates=roster.directorates,
            owners=owners,
            members=roster.members,
            membership=roster.membership,
            visibility=Visibility(str(group.get("visibility") or "private").lower()),
            channels=tuple(self._channels(gid, connected)),
            settings=_team_settings(self.snap.teams.get(gid) or {}),
            site=Site(sharing=SharingLevel(level(sharing))) if sharing is not None else Site(),
            partners=partners,
            guests=roster.guests,
            review=self._review(gid) if kind is SpaceKind.PARTNER else None,
            archived=bool((self.snap.teams.get(gid) or {}).get("isArchived")),
            expires=self._selected_for_expiry(group),
            adopt=gid,
        )

    def _review(self, gid: str) -> GuestReview:
        """The group's guest review as the tenant has it, else (none, or one the model
        cannot describe) the mapping's default."""
        found = review_of(self.snap.reviews, gid)
        if found is None:
            return self.mapping.review
        months, days = found
        if not 1 <= months <= 12 or not 1 <= days <= REVIEW_DAYS_PER_MONTH * months:
            return self.mapping.review
        return GuestReview(every_months=months, duration_days=days)

    def _following(self, rule: str) -> Roster:
        """A team with a dynamic rule: the intra space that follows the directorate whose
        department rule it is, with the members the rule names besides (`space_rule`)."""
        directorate_rule, named = split_space_rule(rule)
        code = self.directorate_rules.get(directorate_rule)
        if code is None:
            raise Unresolved(
                f"a team with dynamic membership rule {rule!r}, which is no directorate's "
                "department rule"
            )
        return Roster((code,), self.people.named_agents(named), (), SpaceMembership.DIRECTORATE)

    def _listed(self, group: dict[str, Any], owners: tuple[str, ...]) -> Roster:
        """A team with listed members: its agents, its guests, and the directorates of its
        people."""
        member_ids = self.snap.members.get(group["id"], [])
        members = self.people.upns(member_ids, guests_apart=True)
        guests = (self.people.guest_mail(uid) for uid in member_ids if self.people.is_guest(uid))
        codes = self._directorates_of(group, owners, members)
        return Roster(codes, members, tuple(sorted(guests)))

    def _directorates_of(
        self, group: dict[str, Any], owners: tuple[str, ...], members: tuple[str, ...]
    ) -> tuple[str, ...]:
        """The named directorate first (`<PREFIX>-<CODE>-…`), then the agents' by count."""
        counts = Counter(self.people.named[upn.lower()].directorate for upn in (*owners, *members))
        if not counts:
            raise Unresolved("the team has no agent to place it in a directorate")
        match = NICKNAME_CODE.match(group.get("mailNickname") or "")
        first = match["code"].upper() if match else None
        ranked = [code for code, _ in counts.most_common()]
        if first in self.people.directorates:
            ranked = [first, *(c for c in ranked if c != first)]
        return tuple(ranked)

    def _channels(self, team_id: str, connected: tuple[str, ...]) -> Iterator[Channel]:
        """The team's channels but General; a shared channel is shared with the space's
        partners that B2B direct connect reaches (`connected`), which is what sharing it
        with them needs."""
        for channel in self.snap.channels.get(team_id, []):
            if str(channel.get("displayName", "")).lower() == PRIMARY_CHANNEL:
                continue
            roster = self.snap.rosters.get(channel["id"], [])
            owners, members = (
                tuple(
                    sorted(
                        self.people.name(m["userId"])
                        for m in roster
                        if ("owner" in (m.get("roles") or [])) is owner
                    )
                )
                for owner in (True, False)
            )
            kind = ChannelKind(str(channel.get("membershipType") or "standard"))
            yield Channel(
                name=channel["displayName"],
                kind=kind,
                description=channel.get("description") or "",
                owners=owners,
                members=members,
                shared_with=connected if kind is ChannelKind.SHARED else (),
                adopt=channel["id"],
            )

    def _partners(self) -> list[Partner]:
        """Partners from guest domains, named by the mapping where it names them; a mapped
        partner keeps its tenant id only if the tenant has that cross-tenant partner."""
        entries = {str(p.get("tenantId")): p for p in self.snap.partners}
        live = set(entries)
        named = {p.key: p for p in self.mapping.partners if str(p.tenant_id) in live}
        guests: dict[str, list[Guest]] = {}
        taken = {p.key for p in self.mapping.partners}
        by_domain: dict[str, Partner] = {}
        for uid, user in self.snap.users.items():
            if user.get("userType") != "Guest":
                continue
            try:
                mail = self.people.guest_mail(uid)
                guest = Guest(email=mail, display_name=user.get("displayName") or mail, adopt=uid)
                domain = mail.split("@", 1)[1]
                partner = self.mapping.partner_for(domain) or by_domain.get(domain)
                if partner is None:
                    key = slug(domain.rsplit(".", 1)[0], taken)
                    partner = by_domain[domain] = Partner(key=key, name=domain, domains=(domain,))
            except (Unresolved, ValueError) as problem:
                self._leave("guests", uid, user.get("displayName", ""), _reason(problem))
                continue
            named.setdefault(partner.key, partner)
            guests.setdefault(partner.key, []).append(guest)
            self.guest_partner[mail] = partner.key
        for entry in live - {str(p.tenant_id) for p in named.values() if p.tenant_id}:
            self._leave("cross_tenant_partners", entry, entry, "no partner of the mapping has it")
        self.direct_connect = {
            key
            for key, partner in named.items()
            if str(partner.tenant_id) in live and direct_connect(entries[str(partner.tenant_id)])
        }
        return [
            partner.model_copy(
                update={
                    "guests": tuple(sorted(guests.get(key, ()), key=lambda g: g.email)),
                    "tenant_id": partner.tenant_id if str(partner.tenant_id) in live else None,
                }
            )
            for key, partner in sorted(named.items())
        ]

    def _mailbox_settings(self, directorates: tuple[Strict, ...]) -> Iterator[MailboxSettings]:
        """Per directorate, the settings most of its agents' mailboxes have (the first
        found among equals); none when no agent has a mailbox or Exchange holds values the
        description cannot name (a custom time zone, a culture outside the catalogue)."""
        by_department: dict[str, list[str]] = {}
        for uid, user in self.snap.users.items():
            by_department.setdefault(str(user.get("department") or ""), []).append(uid)
        groups = {code: gid for gid, code in self.directorate_groups.items()}
        for directorate in directorates:
            assert isinstance(directorate, Directorate)
            if directorate.membership.departments:
                agents = [
                    u for d in directorate.membership.departments for u in by_department.get(d, [])
                ]
            else:
                agents = self.snap.members.get(groups.get(directorate.code, ""), [])
            found = Counter(
                _mailbox_values(self.snap.mailboxes[u]) for u in agents if u in self.snap.mailboxes
            )
            if not found:
                continue
            values = found.most_common(1)[0][0]
            if values is None:
                self._leave(
                    "mailbox_settings",
                    directorate.code,
                    directorate.display_name,
                    "its agents' mailboxes hold a language or time zone the description "
                    "cannot name",
                )
                continue
            yield _mailbox_block(directorate.code, values)

    def _other_groups(self) -> None:
        for group in self.snap.groups:
            exchange = exchange_kind(group)
            if exchange is not None and group_kind(group) == OTHER:
                self.not_managed.append(
                    NotManaged(
                        exchange,
                        group["id"],
                        group.get("displayName", ""),
                        str(group.get("mail") or ""),
                    )
                )
            elif group_kind(group) == OTHER and group["id"] in self.snap.selected:
                self._leave(
                    "groups",
                    group["id"],
                    group.get("displayName", ""),
                    "neither a directorate's agents group, a licence group nor a team",
                )


MailboxValues = tuple[str, str, str, str, tuple[str, ...], str, str, str]
"""Language, time zone, date and time formats, working days, start, end and time zone."""


def _mailbox_values(settings: dict[str, Any]) -> MailboxValues | None:
    """A mailbox's settings as the description can hold them; None when it cannot."""
    hours = settings.get("workingHours") or {}
    values = (
        str((settings.get("language") or {}).get("locale") or ""),
        str(settings.get("timeZone") or ""),
        str(settings.get("dateFormat") or ""),
        str(settings.get("timeFormat") or ""),
        tuple(str(day) for day in hours.get("daysOfWeek") or ()),
        str(hours.get("startTime") or "")[:5],
        str(hours.get("endTime") or "")[:5],
        str((hours.get("timeZone") or {}).get("name") or ""),
    )
    known = values[0] in CULTURES and known_zone(values[1]) and known_zone(values[7])
    return values if known and values[4] else None


def _mailbox_block(scope: str, values: MailboxValues) -> MailboxSettings:
    language, zone, dates, times, days, start, end, hours_zone = values
    return MailboxSettings(
        scope=scope,
        language=language,
        time_zone=zone,
        date_format=dates,
        time_format=times,
        working_hours=WorkingHours(
            days=days, start=start, end=end, time_zone=None if hours_zone == zone else hours_zone
        ),
    )


def _reason(problem: Exception) -> str:
    """Why an object could not be described, in one line."""
    if isinstance(problem, ValidationError):
        return "; ".join(
            f"{'.'.join(str(part) for part in error['loc'])}: {error['msg']}"
            for error in problem.errors()
        )
    return str(problem)


def _own(description: str | None, default: str) -> str:
    """A description worth writing: empty when it is the default the components derive."""
    return "" if not description or description == default else description


def _departments(rule: str) -> tuple[str, ...]:
    """The departments of a department rule; ValueError for any other rule."""
    match = DEPARTMENT_RULE.search(rule.strip())
    values = tuple(re.findall(r'"([^"]*)"', match["values"])) if match else ()
    if not values or department_rule(list(values)) != rule.strip():
        raise Unresolved(f"membership rule {rule!r} is not a department rule")
    return values


def _team_settings(team: dict[str, Any]) -> TeamSettings:
    """The four settings blocks of a team, keeping only the settings the model has."""

    def block(model: type[Strict], graph_name: str) -> Any:
        live = team.get(graph_name) or {}
        values = {n: live[camel(n)] for n in model.model_fields if camel(n) in live}
        return model.model_validate(values)

    return TeamSettings(
        members=block(MemberSettings, "memberSettings"),
        guests=block(GuestSettings, "guestSettings"),
        messaging=block(MessagingSettings, "messagingSettings"),
        fun=block(FunSettings, "funSettings"),
    )
