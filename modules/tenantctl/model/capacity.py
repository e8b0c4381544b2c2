"""Rules that keep a description within Microsoft 365's documented limits (`tenantctl.m365.
limits`): channels per team, people in a team and in its channels, owners, and the length of
the membership rules the description makes. Each finding names the item once, however far
past the limit it is (a space with 20,000 channels is one finding, not 19,001).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from tenantctl.m365 import limits
from tenantctl.model.errors import Finding
from tenantctl.model.schema import SpaceKind, TeamSpace

if TYPE_CHECKING:
    from tenantctl.model.rules import RuleContext


def channels_fit_in_a_team(ctx: RuleContext) -> Iterator[Finding]:
    most = limits.TEAM_CHANNELS_MAX
    for s in ctx.tenant.spaces:
        total = len(s.channels) + 1  # and General, which every team has
        if total > most:
            yield ctx.error(
                "spaces",
                s.key,
                ("channels",),
                f"the team would have {total:,} channels with General; Teams allows {most:,} "
                f"per team, deleted ones included for {limits.DELETED_CHANNEL_KEPT.days} days",
                f"keep at most {most - 1:,} channels here, or split the space in two",
            )


def channel_rosters_fit(ctx: RuleContext) -> Iterator[Finding]:
    for s in ctx.tenant.spaces:
        for position, channel in enumerate(s.channels):
            most = limits.CHANNEL_MEMBERS_MAX.get(channel.kind.value)
            people = {upn.lower() for upn in (*channel.owners, *channel.members)}
            if most is not None and len(people) > most:
                yield ctx.error(
                    "spaces",
                    s.key,
                    ("channels", position, "members"),
                    f"the {channel.kind.value} channel has {len(people):,} owners and members; "
                    f"Teams allows {most:,}",
                    "move some of them to another channel",
                )


def owners_fit(ctx: RuleContext) -> Iterator[Finding]:
    for d in ctx.tenant.directorates:
        count = len({upn.lower() for upn in d.owners})
        if count > limits.GROUP_OWNERS_MAX:
            yield ctx.error(
                "directorates",
                d.code,
                ("owners",),
                f"has {count} owners; a group has at most {limits.GROUP_OWNERS_MAX}",
                "keep the people who run the directorate as owners; the rest are members",
            )
    for s in ctx.tenant.spaces:
        count = len({upn.lower() for upn in s.owners})  # inherited owners: the directorate's
        if count > limits.TEAM_OWNERS_MAX:
            yield ctx.error(
                "spaces",
                s.key,
                ("owners",),
                f"the team has {count} owners; Teams allows {limits.TEAM_OWNERS_MAX}",
                "make the others members",
            )


def teams_fit(ctx: RuleContext) -> Iterator[Finding]:
    most = limits.TEAM_MEMBERS_MAX
    for s in ctx.tenant.spaces:
        at_least, counted = _team_size(ctx, s)
        if at_least > most:
            yield ctx.error(
                "spaces",
                s.key,
                ("members",),
                f"the team would have at least {at_least:,} people ({counted}); "
                f"Teams allows {most:,}",
                "split the space, one team per part of the directorate",
            )


def _team_size(ctx: RuleContext, space: TeamSpace) -> tuple[int, str]:
    """A lower bound on a space's team: the people it names, or its directorate's agents (an
    intra space's dynamic rule matches the directorate's expected headcount)."""
    named = {upn.lower() for upn in (*ctx.index.space_owners(space), *space.members)}
    named |= {email.lower() for email in space.guests}
    directorate = ctx.index.directorates.get(space.directorates[0])
    if space.kind is not SpaceKind.INTRA or space.adopt or directorate is None:
        return len(named), "owners, members and guests named"
    if directorate.membership.users:
        everyone = named | {upn.lower() for upn in directorate.membership.users}
        return len(everyone), f"the members of {directorate.code} and those named"
    headcount = directorate.headcount or 0
    if headcount >= len(named):
        return headcount, f"the headcount of {directorate.code}"
    return len(named), "owners, members and guests named"


def membership_rules_fit(ctx: RuleContext) -> Iterator[Finding]:
    most = limits.MEMBERSHIP_RULE_MAX
    for d in ctx.tenant.directorates:
        rule = ctx.index.directorate_rule(d)
        if rule and len(rule) > most:
            yield ctx.error(
                "directorates",
                d.code,
                ("membership", "departments"),
                f"the membership rule of its departments is {len(rule):,} characters, over "
                f"Entra ID's limit of {most:,}",
                "split the directorate, or shorten the department names in the directory",
            )
    for s in ctx.tenant.spaces:
        rule, _ = ctx.index.space_membership(s)
        directorate = ctx.index.directorates.get(s.directorates[0])
        own = ctx.index.directorate_rule(directorate) if directorate else None
        if rule and len(rule) > most and own and len(own) <= most:
            yield ctx.error(
                "spaces",
                s.key,
                ("members",),
                f"the team's membership rule (its directorate's, with the {len(s.members)} "
                f"members named here) is {len(rule):,} characters, over Entra ID's limit of "
                f"{most:,}",
                "name fewer members here; the directorate's departments bring the rest",
            )
