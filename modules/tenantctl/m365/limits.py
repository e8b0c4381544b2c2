"""Microsoft Graph's and Microsoft 365's documented limits, each stated once, with its page.

Import the module (`from tenantctl.m365 import limits`) and write `limits.TEAM_OWNERS_MAX`, so
that a reader sees at the point of use that the number is Microsoft's, not a choice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# -- Directory (Entra ID) objects -------------------------------------------------------------

GROUP_CREATE_LINKS_MAX = 20
"""Owners and members bound together in one `POST /groups` (`owners@odata.bind` plus
`members@odata.bind`); more are added after the group exists
(learn.microsoft.com/graph/api/group-post-groups, request body)."""

GROUP_ADD_MEMBERS_MAX = 20
"""Members added by one request, as a `members@odata.bind` list in `PATCH /groups/{id}`
(learn.microsoft.com/graph/api/group-post-members: "you can add up to only 20 members")."""

GROUP_OWNERS_MAX = 100
"""Owners of one group (learn.microsoft.com/graph/api/resources/group, relationship owners:
"Limited to 100 owners")."""

DISPLAY_NAME_MAX = 256
"""Characters of a group's or a user's displayName
(learn.microsoft.com/graph/api/resources/group, resources/user: "Maximum length is 256")."""

MAIL_NICKNAME_MAX = 64
"""Characters of a group's mailNickname (learn.microsoft.com/graph/api/resources/group); its
characters are `names.mail_nickname_problem`'s."""

DESCRIPTION_MAX = 1024
"""Characters of a team's description (learn.microsoft.com/graph/api/resources/team:
"Maximum length: 1,024 characters"). A team space's group carries the same text, and the
toolkit holds directorate and channel descriptions to the same bound."""

USER_PRINCIPAL_NAME_MAX = 113
"""Characters of a userPrincipalName: 64 before the '@', 48 after, 113 in all
(learn.microsoft.com/entra/identity/authentication/concept-sspr-policy, username policies)."""

MEMBERSHIP_RULE_MAX = 3072
"""Characters of a dynamic group's membershipRule
(learn.microsoft.com/entra/identity/users/groups-dynamic-membership)."""

# -- Protocol ----------------------------------------------------------------------------------

BATCH_REQUESTS_MAX = 20
"""Requests in one JSON batch, `POST /$batch` (learn.microsoft.com/graph/json-batching,
batch size limitations)."""

EXPAND_ITEMS_MAX = 20
"""Related directory objects that `$expand` returns, with no next link
(learn.microsoft.com/graph/query-parameters, expand parameter)."""

PAGE_SIZE_MAX = 999
"""Largest `$top` (and `odata.maxpagesize`) of a users or groups listing
(learn.microsoft.com/graph/api/user-list, group-list: `$top` from 1 to 999)."""

DELTA_PAGE_SIZE = 100
"""Objects in one page of a users or groups delta round, as the local tenant serves them and
the floor counts them: Graph chooses a delta round's page size and may ignore
`odata.maxpagesize` (learn.microsoft.com/graph/delta-query-overview, paging)."""

FILTER_IN_VALUES_MAX = 15
"""Values of one `in` operator in a `$filter` (learn.microsoft.com/graph/known-issues, query
parameters: "limited to 15 expressions in the filter clause by default")."""

URL_LENGTH_MAX = 2_048
"""Characters of a request URL with an `in` filter in an advanced query (the same
known-issues entry); a filter of 15 values is kept under it too."""

SHAREPOINT_BATCH_OPERATIONS_MAX = 100
"""Operations in one SharePoint REST `$batch`
(learn.microsoft.com/sharepoint/dev/sp-add-ins/make-batch-requests-with-the-rest-apis; the
limit SharePoint enforces, pnp/pnpcore#284)."""

# -- Teams (learn.microsoft.com/microsoftteams/limits-specifications-teams) ---------------------

TEAM_MEMBERS_MAX = 25_000
"""Members of one team, owners and guests included ("Number of members in a team")."""

TEAM_OWNERS_MAX = 100
"""Owners of one team ("Number of owners per team")."""

TEAM_OWNERS_MIN = 1
"""Owners a group needs before a team is made from it, and a new team's own body with
application permissions (learn.microsoft.com/graph/api/team-post: the group must have at least
one owner; an owner must be given in `members`)."""

TEAM_CHANNELS_MAX = 1_000
"""Channels of one team, of any kind, General included, and deleted ones while they can still
be restored ("Number of channels per team ... includes deleted channels"; private and shared
channels count in the same total)."""

DELETED_CHANNEL_KEPT = dt.timedelta(days=30)
"""How long a deleted channel can be restored, and so still counts towards
`TEAM_CHANNELS_MAX` (footnote to "Number of channels per team";
learn.microsoft.com/graph/api/channel-delete)."""

PRIVATE_CHANNEL_MEMBERS_MAX = 5_000
"""Members of one private channel, owners included ("Number of members in a private
channel")."""

SHARED_CHANNEL_MEMBERS_MAX = 5_000
"""Direct members of one shared channel ("Limits for shared channels": 5,000 direct
members)."""

CHANNEL_MEMBERS_MAX = {"private": PRIVATE_CHANNEL_MEMBERS_MAX, "shared": SHARED_CHANNEL_MEMBERS_MAX}
"""The two above by channel membershipType (standard channels have the team's members)."""

CHANNEL_NAME_MAX = 50
"""Characters of a channel's displayName (learn.microsoft.com/graph/api/resources/channel: "The
maximum length is 50 characters"); its characters and reserved words are
`names.channel_name_problem`'s."""


# -- Throttling -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Throttling:
    """At most `limit` requests (or resource units) in any `seconds`, per app per tenant."""

    limit: float
    seconds: float


THROTTLING = {
    "teams.create": Throttling(10, 1),
    "teams.fromGroup": Throttling(6, 1),
    "teams.read": Throttling(30, 1),
    "teams.list": Throttling(60, 1),
    "teams.write": Throttling(30, 1),
    "teams.delete": Throttling(15, 1),
    "teams.perTeam": Throttling(4, 1),
    "invitations": Throttling(150, 5),
    "directory.S": Throttling(3_500, 10),
    "directory.M": Throttling(5_000, 10),
    "directory.L": Throttling(8_000, 10),
    "directory.writes": Throttling(3_000, 150),
    "reports": Throttling(14, 600),
    "outlook": Throttling(10_000, 600),
    "sharepoint": Throttling(1_200, 60),
}
"""Microsoft's published throttling limits, by budget
(learn.microsoft.com/graph/throttling-limits): Microsoft Teams (POST /teams; PUT
/groups/{id}/team; GET a team or channel; GET members or channels lists; other POST, PUT and
PATCH; DELETE; any one team or channel), the invitation manager, identity and access (resource
units by tenant size: S under 50 users, M up to 500, L above; writes), Microsoft 365 reports
(per report) and Outlook (per mailbox); SharePoint's application throttling, in resource
units for up to 1,000 licences (learn.microsoft.com/sharepoint/dev/general-development/
how-to-avoid-getting-throttled-or-blocked-in-sharepoint-online)."""

SHAREPOINT_UNITS_PER_MINUTE = ((1_000, 1_200), (5_000, 2_400), (15_000, 3_600), (50_000, 4_800))
SHAREPOINT_UNITS_PER_MINUTE_ABOVE = 6_000
"""SharePoint's resource units per minute for one application, by the tenant's licences (up
to the first figure of each pair; above the last, the second constant)
(learn.microsoft.com/sharepoint/dev/general-development/
how-to-avoid-getting-throttled-or-blocked-in-sharepoint-online, application throttling)."""

SHAREPOINT_REST_OPERATION_UNITS = 2
"""Resource units charged here for one SharePoint REST (or CSOM) operation: the page above
gives REST no fixed cost ("usually more" than Graph's) and counts every request of a `$batch`
on its own; the toolkit counts each operation as a Graph multi-item query, 2 units."""


def sharepoint_units_per_minute(licences: int) -> int:
    """SharePoint's per-minute application budget for a tenant with `licences` licences."""
    return next(
        (units for most, units in SHAREPOINT_UNITS_PER_MINUTE if licences <= most),
        SHAREPOINT_UNITS_PER_MINUTE_ABOVE,
    )


OUTLOOK_CONCURRENT_MAX = 4
"""Requests in flight at once per app and mailbox (learn.microsoft.com/graph/throttling-limits,
Outlook service limits)."""

IDENTITY_BASE_COSTS = {
    ("users",): 2,
    ("subscribedSkus",): 3,
    ("groups", "members"): 3,
    ("groups", "transitiveMembers"): 5,
}
"""Base resource units of the identity and access GETs that cost more than 1
(learn.microsoft.com/graph/throttling-limits, identity and access service limits): a list of
`users`, `subscribedSkus`, and `groups/{id}/<relation>`."""


def identity_cost(method: str, segments: Sequence[str], query: Mapping[str, str]) -> float:
    """Resource units of an identity and access request (its path after the version, as
    segments): the path's base cost, less 1 for `$select` or a `$top` under 20, plus 1 for
    `$expand`; never below 1 (learn.microsoft.com/graph/throttling-limits)."""
    cost = 1
    if method == "GET" and len(segments) in (1, 3):
        shape = (segments[0],) if len(segments) == 1 else (segments[0], segments[2])
        cost = IDENTITY_BASE_COSTS.get(shape, 1)
    cost += ("$expand" in query) - ("$select" in query)
    top = query.get("$top", "")
    if top.isdigit() and int(top) < 20:
        cost -= 1
    return float(max(1, cost))
