"""TeamSpace and PartnerSpace: a Microsoft 365 group, its team, channels, settings and site."""

from __future__ import annotations

from collections.abc import Mapping

import pulumi

from tenantctl.components.desired import DesiredGroup
from tenantctl.components.directory import DirectoryBackend
from tenantctl.components.naming import ComponentType, channel_key, name_slug
from tenantctl.model import SpaceKind, TenantIndex
from tenantctl.model import TeamSpace as TeamSpaceModel
from tenantctl.resources.specs.channel import Channel, ChannelArgs
from tenantctl.resources.specs.group_settings import (
    GroupDirectorySettings,
    GroupDirectorySettingsArgs,
)
from tenantctl.resources.specs.guest_access_review import (
    GuestAccessReview,
    GuestAccessReviewArgs,
)
from tenantctl.resources.specs.site_sharing import SiteSharing, SiteSharingArgs
from tenantctl.resources.specs.team import Team, TeamArgs
from tenantctl.resources.specs.team_archive import TeamArchive, TeamArchiveArgs
from tenantctl.resources.specs.team_member import TeamMember, TeamMemberArgs
from tenantctl.resources.specs.team_settings import TeamSettings, TeamSettingsArgs
from tenantctl.stack.templates import render_team_body
from tenantctl.translate import team_settings_body

TEAM_SPACE = ComponentType("TeamSpace", "Team space", "space-")
PARTNER_SPACE = ComponentType("PartnerSpace", "Partner space", TEAM_SPACE.prefix)
"""Both kinds of space share one name space: a model key names one space."""


class TeamSpace(pulumi.ComponentResource):
    """An intra- or inter-directorate team space; guests and external sharing stay off."""

    component = TEAM_SPACE
    group_id: pulumi.Output[str]
    team_id: pulumi.Output[str]

    def __init__(
        self,
        name: str,
        space: TeamSpaceModel,
        index: TenantIndex,
        directory: DirectoryBackend,
        opts: pulumi.ResourceOptions | None = None,
        guest_ids: Mapping[str, pulumi.Output[str]] | None = None,
        tenant_sharing: pulumi.Resource | None = None,
    ) -> None:
        """`tenant_sharing`: the tenant's sharing settings, which the site's sharing waits
        for, since a site cannot be set more open than the tenant is."""
        super().__init__(self.component.token, name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        rule, members = index.space_membership(space)
        invited = guest_ids or {}
        # A team's members are its group's members: the guests a partner space adds to the
        # team are members of the group too, so the group declares them and never drifts.
        guests = {email: invited[email.lower()] for email in space.guests}

        def people(upns: tuple[str, ...]) -> list[pulumi.Input[str]]:
            """Agents by UPN, guests by the user id their invitation returns (`invitedUser`,
            learn.microsoft.com/graph/api/invitation-post): a guest's UPN is not their mail."""
            return [invited.get(upn.lower(), upn) for upn in upns]

        spec = DesiredGroup(
            display_name=space.display_name,
            mail_nickname=index.space_mail_nickname(space),
            description=space.description or space.display_name,
            kind="unified",
            owners=index.space_owners(space),
            members=members,
            membership_rule=rule,
            visibility=space.visibility.value,
            guest_ids=tuple(guests.values()),
            adopt_id=space.adopt,
            protect=not space.allow_destroy,
        )
        self.group_id = directory.group(f"{name}-group", spec, self)
        team = Team(
            f"{name}-team",
            TeamArgs(
                group_id=self.group_id,
                body=render_team_body(index, space),
                archived=space.archived,
                retain_on_delete=space.retain_on_delete,
                adopt_id=space.adopt,
            ),
            pulumi.ResourceOptions(parent=self, protect=not space.allow_destroy),
        )
        made: list[pulumi.Resource] = []
        self.team_id = team.id  # the group's id; known in a preview (see GraphDirectory)
        settings = team_settings_body(space.settings)
        made.append(
            TeamSettings(
                f"{name}-settings",
                TeamSettingsArgs(
                    team_id=self.team_id,
                    member_settings=settings["memberSettings"],
                    guest_settings=settings["guestSettings"],
                    messaging_settings=settings["messagingSettings"],
                    fun_settings=settings["funSettings"],
                ),
                child,
            )
        )
        for channel in space.channels:
            made.append(
                Channel(
                    f"{name}-channel-{channel_key(channel)}",
                    ChannelArgs(
                        team_id=self.team_id,
                        display_name=channel.name,
                        description=channel.description,
                        membership_type=channel.kind.value,
                        owners=people(channel.owners),
                        members=people(channel.members),
                        adopt_id=channel.adopt,
                    ),
                    child,
                )
            )
        made.append(
            SiteSharing(
                f"{name}-site",
                SiteSharingArgs(group_id=self.group_id, sharing=space.site.sharing.value),
                pulumi.ResourceOptions(
                    parent=self, depends_on=[tenant_sharing] if tenant_sharing else None
                ),
            )
        )
        made.append(
            GroupDirectorySettings(
                f"{name}-guest-access",
                GroupDirectorySettingsArgs(
                    group_id=self.group_id, allow_to_add_guests=space.kind is SpaceKind.PARTNER
                ),
                child,
            )
        )
        for email, guest_id in guests.items():
            made.append(
                TeamMember(
                    f"{name}-guest-{name_slug(email)}",
                    TeamMemberArgs(team_id=self.team_id, user=guest_id, role="member"),
                    child,
                )
            )
        if space.archived:
            # Last: an archived team refuses changes to itself and its channels (team-archive).
            TeamArchive(
                f"{name}-archive",
                TeamArchiveArgs(
                    team_id=self.team_id, site_read_only=space.site.read_only_when_archived
                ),
                pulumi.ResourceOptions(parent=self, depends_on=made),
            )
        if space.review is not None:
            GuestAccessReview(
                f"{name}-guest-review",
                GuestAccessReviewArgs(
                    group_id=self.group_id,
                    display_name=f"Invités — {space.display_name}",
                    every_months=space.review.every_months,
                    duration_days=space.review.duration_days,
                ),
                child,
            )
        self.register_outputs({"group_id": self.group_id, "team_id": self.team_id})


class PartnerSpace(TeamSpace):
    """A team space shared with named partner organisations: their guests are members."""

    component = PARTNER_SPACE
