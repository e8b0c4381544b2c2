"""The typed tenant model: immutable, validated, and free of Pulumi and I/O.

YAML keys are the field names below. Each section is a list of items with a unique key, so a
description can be split across files and items can be referred to from elsewhere.
"""

from __future__ import annotations

import datetime
from enum import StrEnum
from typing import Annotated
from uuid import UUID

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from tenantctl.m365 import limits, naming_policy
from tenantctl.m365.sharing import SharingLevel

Key = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$"),
    Field(description="A stable identifier: lowercase letters, digits and '-', at most 40."),
]
DirectorateCode = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Z][A-Z0-9]{1,11}$"),
    Field(description="A directorate code: capitals and digits, 2 to 12 characters."),
]
Upn = Annotated[
    str,
    StringConstraints(
        pattern=r"^[^@\s]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$",
        max_length=limits.USER_PRINCIPAL_NAME_MAX,
    ),
    Field(description="A user principal name or e-mail address."),
]
DomainName = Annotated[
    str, StringConstraints(pattern=r"^([a-z0-9-]+\.)+[a-z]{2,}$", max_length=253)
]
DisplayName = Annotated[str, StringConstraints(min_length=1, max_length=limits.DISPLAY_NAME_MAX)]
GraphId = Annotated[
    str,
    StringConstraints(min_length=1, max_length=256),
    Field(
        description="The Graph id of an existing object this item adopts instead of creating "
        "one (written by `tenantctl export`)."
    ),
]
Description = Annotated[str, StringConstraints(max_length=limits.DESCRIPTION_MAX)]


class Strict(BaseModel):
    """Base of every model class: immutable, unknown keys rejected."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False)


class UnitMembers(StrEnum):
    """Who an organisation's administrative unit holds."""

    USERS = "users"
    """Its users, by a dynamic rule on their companyName."""
    DIRECTORATES = "directorates"
    """Its directorates' groups (the groups, not their members)."""


class ScopedRole(Strict):
    """A built-in role held over an organisation's unit by the people named."""

    role: Annotated[str, StringConstraints(min_length=1)] = Field(
        description="The role's display name: 'Helpdesk Administrator'; only some roles can be "
        "scoped to a unit."
    )
    people: tuple[Upn, ...] = Field(min_length=1, description="Who holds it (under 'people').")


class Administration(Strict):
    """An organisation's administrative unit and the people who administer it, scoped to it
    (learn.microsoft.com/graph/api/resources/administrativeunit)."""

    unit_name: DisplayName | None = Field(
        default=None, description="The unit's display name; the organisation's by default."
    )
    description: Description = ""
    members: UnitMembers = Field(
        default=UnitMembers.USERS,
        description="'users': the organisation's users, by a rule on their companyName; "
        "'directorates': its directorates' groups.",
    )
    hidden: bool = Field(
        default=False,
        description="Only the unit's members and administrators see who is in it "
        "(visibility HiddenMembership).",
    )
    roles: tuple[ScopedRole, ...] = Field(
        default=(), description="The roles held over this unit, and by whom."
    )
    adopt: GraphId | None = None


class Organisation(Strict):
    """One of the bodies sharing the tenant (the city, the metropolis)."""

    key: Key
    display_name: DisplayName
    company_name: DisplayName = Field(description="The users' companyName attribute.")
    prefix: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2,6}$")] = Field(
        description="Naming prefix of the organisation's groups and teams."
    )
    domain: DomainName
    administration: Administration | None = Field(
        default=None,
        description="The organisation's administrative unit and its scoped administrators.",
    )


class Membership(Strict):
    """Who belongs to a directorate: a dynamic rule on `department`, or an explicit list."""

    departments: tuple[DisplayName, ...] = ()
    users: tuple[Upn, ...] = ()

    @model_validator(mode="after")
    def _one_kind(self) -> Membership:
        if bool(self.departments) == bool(self.users):
            raise ValueError("give either 'departments' (a dynamic rule) or 'users', not both")
        return self


class Directorate(Strict):
    """A directorate of an organisation, with its owners and membership."""

    code: DirectorateCode
    organisation: Key
    display_name: DisplayName
    description: Description = ""
    owners: tuple[Upn, ...]
    membership: Membership
    headcount: int | None = Field(
        default=None,
        ge=0,
        description="Agents the membership rule is expected to match (sizing and seeding).",
    )
    adopt: GraphId | None = None


class Person(Strict):
    """An agent the description refers to (owners, explicit members), as the directory has it."""

    upn: Upn
    display_name: DisplayName
    directorate: DirectorateCode
    job_title: str = ""
    frontline: bool = False


class Guest(Strict):
    """An external person invited as a guest."""

    email: Upn
    display_name: DisplayName
    adopt: GraphId | None = None


class Partner(Strict):
    """An external partner organisation, with its domains and guests."""

    key: Key
    name: DisplayName
    domains: tuple[DomainName, ...] = Field(min_length=1)
    tenant_id: UUID | None = None
    guests: tuple[Guest, ...] = ()


class SpaceKind(StrEnum):
    """The three kinds of team space."""

    INTRA = "intra"
    INTER = "inter"
    PARTNER = "partner"


class ChannelKind(StrEnum):
    """Teams channel membership types."""

    STANDARD = "standard"
    PRIVATE = "private"
    SHARED = "shared"


class Channel(Strict):
    """A channel of a team space."""

    name: Annotated[str, StringConstraints(min_length=1)]
    key: Key | None = Field(
        default=None, description="Stable identity; set it before renaming the channel."
    )
    kind: ChannelKind = ChannelKind.STANDARD
    description: Description = ""
    owners: tuple[Upn, ...] = ()
    members: tuple[Upn, ...] = ()
    shared_with: tuple[Key, ...] = Field(
        default=(), description="Partners a shared channel is shared with."
    )
    adopt: GraphId | None = None


class MemberSettings(Strict):
    """What members may do in a team (Graph teamMemberSettings)."""

    allow_create_update_channels: bool = True
    allow_create_private_channels: bool = False
    allow_delete_channels: bool = False
    allow_add_remove_apps: bool = False
    allow_create_update_remove_tabs: bool = True
    allow_create_update_remove_connectors: bool = False


class GuestSettings(Strict):
    """What guests may do in a team (Graph teamGuestSettings)."""

    allow_create_update_channels: bool = False
    allow_delete_channels: bool = False


class MessagingSettings(Strict):
    """Messaging rules of a team (Graph teamMessagingSettings)."""

    allow_user_edit_messages: bool = True
    allow_user_delete_messages: bool = True
    allow_owner_delete_messages: bool = True
    allow_team_mentions: bool = True
    allow_channel_mentions: bool = True


class GiphyRating(StrEnum):
    """Graph giphyRatingType."""

    STRICT = "strict"
    MODERATE = "moderate"


class FunSettings(Strict):
    """Giphy, stickers and memes (Graph teamFunSettings)."""

    allow_giphy: bool = True
    giphy_content_rating: GiphyRating = GiphyRating.STRICT
    allow_stickers_and_memes: bool = True
    allow_custom_memes: bool = False


class TeamSettings(Strict):
    """The four settings groups of a team."""

    members: MemberSettings = MemberSettings()
    guests: GuestSettings = GuestSettings()
    messaging: MessagingSettings = MessagingSettings()
    fun: FunSettings = FunSettings()


class Site(Strict):
    """The SharePoint team site behind a team space."""

    sharing: SharingLevel = SharingLevel.DISABLED
    read_only_when_archived: bool = Field(
        default=False,
        description="When the space is archived, its site is read-only for the team's members "
        "too (owners keep writing).",
    )


class GuestReview(Strict):
    """A partner space's recurring access review of its guests by its owners: each review
    lasts `duration_days`, decisions are applied when it ends, and guests nobody reviewed
    are removed (learn.microsoft.com/graph/api/resources/accessreviewscheduledefinition)."""

    every_months: int = Field(
        default=3,
        ge=1,
        le=12,
        description="How often the guests are reviewed, in months: 3 is quarterly, 12 (at "
        "most) yearly.",
    )
    duration_days: int = Field(
        default=14,
        ge=1,
        description="How long the owners have to decide, in days; a review ends before the "
        "next one starts (at most 28 days a month of the interval).",
    )


class SpaceMembership(StrEnum):
    """Where a team space's members come from."""

    DIRECTORATE = "directorate"
    LISTED = "listed"


class Visibility(StrEnum):
    """Microsoft 365 group visibility."""

    PRIVATE = "private"
    PUBLIC = "public"


class TeamSpace(Strict):
    """A Teams team space: intra-directorate, inter-directorate or with external partners."""

    key: Key
    kind: SpaceKind
    display_name: DisplayName
    description: Description = ""
    mail_nickname: str | None = Field(
        default=None, description="Defaults to <ORG prefix>-<first directorate>-<key>."
    )
    directorates: tuple[DirectorateCode, ...] = Field(min_length=1)
    owners: tuple[Upn, ...] = ()
    members: tuple[Upn, ...] = ()
    membership: SpaceMembership | None = Field(
        default=None,
        description="'directorate': the team is its directorate's agents (the same department "
        "rule or list) and the named members, which only an intra space can be; 'listed': "
        "the named owners and members only. Defaults to 'directorate' for an intra space, "
        "'listed' for any other and for an adopted space.",
    )
    visibility: Visibility = Visibility.PRIVATE
    template: str | None = Field(default=None, description="Defaults to the space kind's template.")
    channels: tuple[Channel, ...] = ()
    settings: TeamSettings = TeamSettings()
    site: Site = Site()
    partners: tuple[Key, ...] = ()
    guests: tuple[Upn, ...] = ()
    review: GuestReview | None = Field(
        default=None,
        description="The access review of a partner space's guests (required there).",
    )
    archived: bool = Field(
        default=False,
        description="The team is archived: read-only, kept with its content; 'false' "
        "unarchives it. An archived space is never deleted.",
    )
    expires: bool = Field(
        default=False,
        description="The space's group expires under the tenant's lifecycle policy when it "
        "manages the selected spaces ('tenant.expiry.spaces: selected').",
    )
    retain_on_delete: bool = True
    allow_destroy: bool = Field(
        default=False,
        description="Let a preview delete or replace the team and its group (they are "
        "protected otherwise).",
    )
    adopt: GraphId | None = Field(
        default=None,
        description="The id of the existing group and team this space adopts. An adopted "
        "space keeps its own membership, and fewer than two owners is only a warning.",
    )

    @model_validator(mode="before")
    @classmethod
    def _no_review_date(cls, data: object) -> object:
        if isinstance(data, dict) and "review_on" in data:
            raise ValueError(
                "'review_on' is replaced by an access review of the space's guests: "
                "write 'review: {every_months: 3, duration_days: 14}'"
            )
        return data


class LicenceGroup(Strict):
    """A group that carries a licence (group-based licensing)."""

    key: Key
    display_name: DisplayName
    mail_nickname: str | None = None
    sku: Annotated[str, StringConstraints(pattern=r"^[A-Z0-9_]+$")]
    disabled_plans: tuple[str, ...] = ()
    directorates: tuple[DirectorateCode, ...] = ()
    rule: str | None = Field(default=None, description="An extra dynamic membership rule.")
    users: tuple[Upn, ...] = ()
    exclude: tuple[Upn, ...] = Field(
        default=(), description="Users left out of the group whatever its rule or directorates."
    )
    frontline_only: bool = False
    adopt: GraphId | None = None


class MigrationWave(Strict):
    """A step of the move from the old mail system: on its date, the directorates and people it
    carries get their Exchange-bearing licence, and with it their mailbox
    (learn.microsoft.com/exchange/recipients-in-exchange-online/manage-user-mailboxes/create-user-mailboxes)."""

    key: Key
    display_name: DisplayName
    date: datetime.date = Field(description="The day the wave's agents are licensed (YYYY-MM-DD).")
    directorates: tuple[DirectorateCode, ...] = Field(
        default=(), description="Directorates whose agents move in this wave."
    )
    people: tuple[Upn, ...] = Field(
        default=(),
        description="Agents who move in this wave whatever their directorate's wave "
        "(pilots, assistants moving with their executive).",
    )

    @model_validator(mode="after")
    def _carries_someone(self) -> MigrationWave:
        if not self.directorates and not self.people:
            raise ValueError("a wave carries 'directorates', 'people' or both; give at least one")
        return self


class Shard(Strict):
    """A part of the tenant deployed by its own Pulumi stack, beside the tenant-wide shard
    (`tenantctl.model.shards`): the directorates it names, and those of the organisations it
    names, with their spaces."""

    key: Key
    organisations: tuple[Key, ...] = Field(
        default=(), description="Organisations whose directorates this shard deploys."
    )
    directorates: tuple[DirectorateCode, ...] = Field(
        default=(),
        description="Directorates this shard deploys, whatever their organisation.",
    )

    @model_validator(mode="after")
    def _holds_something(self) -> Shard:
        if not self.organisations and not self.directorates:
            raise ValueError(
                "a shard deploys 'organisations', 'directorates' or both; give at least one"
            )
        return self


class GroupPolicy(Strict):
    """How Microsoft 365 groups are named and who creates them, tenant-wide (the Group.Unified
    directory setting; learn.microsoft.com/entra/identity/users/groups-naming-policy and
    groups-settings-cmdlets). The stack's own spaces must follow the naming policy: the
    toolkit refuses a name that breaks it and never rewrites one."""

    naming: str | None = Field(
        default=None,
        description="PrefixSuffixNamingRequirement: fixed text and user attributes around "
        "[GroupName], for example 'VAL-[GroupName]'.",
    )
    blocked_words: tuple[str, ...] = Field(
        default=(),
        max_length=naming_policy.BLOCKED_WORDS_MAX,
        description="Words or phrases no group name or alias may hold (whole words, any case).",
    )
    users_can_create: bool = Field(
        default=True,
        description="EnableGroupCreation: whether any user may create Microsoft 365 groups.",
    )
    creators: DirectorateCode | None = Field(
        default=None,
        description="GroupCreationAllowedGroupId: the directorate whose agents group may "
        "still create groups when users cannot.",
    )
    usage_guidelines_url: Annotated[str, StringConstraints(pattern=r"^https://\S+$")] | None = (
        Field(default=None, description="UsageGuidelinesUrl: the groups' usage guidelines.")
    )

    @model_validator(mode="after")
    def _valid(self) -> GroupPolicy:
        problem = self.naming is not None and naming_policy.pattern_problem(self.naming)
        if problem:
            raise ValueError(f"'naming' {problem}; for example 'VAL-[GroupName]'")
        for word in self.blocked_words:
            problem = naming_policy.blocked_word_problem(word)
            if problem:
                raise ValueError(f"blocked word {word!r} {problem}; give one word or phrase")
        if self.creators and self.users_can_create:
            raise ValueError(
                "'creators' matters only when users cannot create groups: "
                "set 'users_can_create: false' or remove 'creators'"
            )
        return self


class ExpiringSpaces(StrEnum):
    """Which Microsoft 365 groups the lifecycle policy manages (Graph managedGroupTypes)."""

    ALL = "all"
    SELECTED = "selected"


class GroupExpiry(Strict):
    """The group lifecycle policy: Microsoft 365 groups expire unless an owner renews them
    (learn.microsoft.com/graph/api/resources/grouplifecyclepolicy; groups-lifecycle)."""

    lifetime_days: int = Field(ge=30, description="Days a group lives between renewals.")
    spaces: ExpiringSpaces = Field(
        description="'all': every Microsoft 365 group of the tenant; 'selected': the spaces "
        "that set 'expires: true'."
    )
    notify: tuple[Upn, ...] = Field(
        default=(), description="Addresses told of expiring groups that have no owner."
    )


class GuestSignInState(StrEnum):
    """The guest sign-in policy's state, as the admin centre words it."""

    REPORT_ONLY = "report-only"
    ON = "on"
    OFF = "off"


class GuestSignIn(Strict):
    """The conditional access policy on guests and external users: every sign-in to any app
    needs multifactor authentication (learn.microsoft.com/entra/identity/conditional-access/
    policy-guests-mfa-all-guests), emergency access accounts excluded. Needs Entra ID P1."""

    state: GuestSignInState = Field(
        description="'report-only' (logs what the policy would do; deploy it so first), "
        "'on' (enforced) or 'off'."
    )
    break_glass: tuple[Upn, ...] = Field(
        min_length=1,
        description="Emergency access accounts, people of the tenant, never subject to the "
        "policy (two are recommended).",
    )

    @field_validator("state", mode="before")
    @classmethod
    def _yaml_words(cls, value: object) -> object:
        """YAML 1.1 reads a bare `on` or `off` as a boolean: take it as the word written."""
        return {True: "on", False: "off"}.get(value, value) if isinstance(value, bool) else value


class TenantSettings(Strict):
    """Tenant-wide settings the description owns."""

    name: DisplayName
    default_domain: DomainName
    sharing_ceiling: SharingLevel = Field(
        default=SharingLevel.GUESTS, description="The most open sharing any site may have."
    )
    resharing_by_external_users: bool = False
    guests_can_be_added_to_groups: bool = Field(
        default=False,
        description="Whether owners may add guests to Microsoft 365 groups, tenant-wide; when "
        "false, no space's own guest access lets owners add guests (the stack still adds the "
        "guests it names).",
    )
    stack_prefix: Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]{1,5}$")] = "M365"
    group_policy: GroupPolicy = GroupPolicy()
    expiry: GroupExpiry | None = None
    guest_sign_in: GuestSignIn | None = None


ClockTime = Annotated[
    str,
    StringConstraints(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$"),
    Field(description="A time of day as HH:MM, quoted in YAML ('08:30')."),
]


class WorkingHours(Strict):
    """The days and hours a mailbox's owner works (Graph workingHours)."""

    days: tuple[str, ...] = Field(min_length=1, description="Days of the week, in English.")
    start: ClockTime
    end: ClockTime
    time_zone: str | None = Field(default=None, description="Defaults to the settings' time zone.")


class MailboxSettings(Strict):
    """Mailbox defaults of every agent of an organisation or a directorate (Graph
    mailboxSettings). A directorate's block overrides its organisation's, value by value; a
    value given by neither is left as Exchange has it (formats: the language's first)."""

    scope: str = Field(description="An organisation key or a directorate code.")
    language: str | None = Field(default=None, description="A culture such as fr-FR.")
    time_zone: str | None = Field(
        default=None, description="A Windows time zone id or an IANA name."
    )
    date_format: str | None = None
    time_format: str | None = None
    working_hours: WorkingHours | None = None


class Tenant(Strict):
    """The whole tenant description."""

    tenant: TenantSettings
    organisations: tuple[Organisation, ...] = ()
    directorates: tuple[Directorate, ...] = ()
    people: tuple[Person, ...] = ()
    partners: tuple[Partner, ...] = ()
    spaces: tuple[TeamSpace, ...] = ()
    licence_groups: tuple[LicenceGroup, ...] = ()
    mailbox_settings: tuple[MailboxSettings, ...] = ()
    waves: tuple[MigrationWave, ...] = ()
    shards: tuple[Shard, ...] = ()
