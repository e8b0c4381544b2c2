"""The Graph resource classes: one thin Pulumi class per kind, all run by one provider."""

from __future__ import annotations

from dataclasses import fields
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

import pulumi
import pulumi.dynamic

from tenantctl.resources.args import (
    ChannelArgs,
    CrossTenantPartnerArgs,
    GraphObjectArgs,
    GroupArgs,
    GroupDirectorySettingsArgs,
    GroupLicenceArgs,
    GuestInvitationArgs,
    SiteSharingArgs,
    TeamArgs,
    TeamMemberArgs,
    TeamSettingsArgs,
    TenantSharingSettingsArgs,
)
from tenantctl.resources.provider import GraphProvider
from tenantctl.resources.serialisation import pickler_restored

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

ArgsT = TypeVar("ArgsT", bound="DataclassInstance")


class GraphResource(pulumi.dynamic.Resource, Generic[ArgsT]):
    """A Graph object of kind `_kind`, managed by the generic provider from typed Args.

    Besides its id, a resource exposes the outputs its class names in `_outputs`.
    """

    _kind: ClassVar[str]
    _outputs: ClassVar[tuple[str, ...]] = ()

    def __init__(
        self, resource_name: str, args: ArgsT, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        props: dict[str, Any] = {f.name: getattr(args, f.name) for f in fields(args)}
        props.update(dict.fromkeys(self._outputs))
        with pickler_restored():
            super().__init__(GraphProvider(self._kind), resource_name, props, opts)


class Group(GraphResource[GroupArgs], module="tenantctl", name="Group"):
    """A Microsoft 365 or security group, with owners, members or a dynamic rule."""

    _kind = "Group"
    _outputs = ("object_id", "mail")
    object_id: pulumi.Output[str]
    mail: pulumi.Output[str]


class Team(GraphResource[TeamArgs], module="tenantctl", name="Team"):
    """A team on a Microsoft 365 group, created from a rendered Teams template."""

    _kind = "Team"
    _outputs = ("team_id", "web_url")
    team_id: pulumi.Output[str]
    web_url: pulumi.Output[str]


class TeamSettings(GraphResource[TeamSettingsArgs], module="tenantctl", name="TeamSettings"):
    """The member, guest, messaging and fun settings of a team."""

    _kind = "TeamSettings"


class Channel(GraphResource[ChannelArgs], module="tenantctl", name="Channel"):
    """A standard, private or shared channel of a team."""

    _kind = "Channel"
    _outputs = ("channel_id", "web_url")
    channel_id: pulumi.Output[str]
    web_url: pulumi.Output[str]


class TeamMember(GraphResource[TeamMemberArgs], module="tenantctl", name="TeamMember"):
    """One owner or member of a team."""

    _kind = "TeamMember"
    _outputs = ("membership_id", "user_id")
    membership_id: pulumi.Output[str]
    user_id: pulumi.Output[str]


class SiteSharing(GraphResource[SiteSharingArgs], module="tenantctl", name="SiteSharing"):
    """External sharing of a group's SharePoint site."""

    _kind = "SiteSharing"
    _outputs = ("resolved_site_url", "sharing_capability")
    resolved_site_url: pulumi.Output[str]
    sharing_capability: pulumi.Output[int]


class TenantSharingSettings(
    GraphResource[TenantSharingSettingsArgs], module="tenantctl", name="TenantSharingSettings"
):
    """Tenant-wide SharePoint and OneDrive sharing settings."""

    _kind = "TenantSharingSettings"


class CrossTenantPartner(
    GraphResource[CrossTenantPartnerArgs], module="tenantctl", name="CrossTenantPartner"
):
    """A partner organisation in the cross-tenant access policy."""

    _kind = "CrossTenantPartner"


class GroupDirectorySettings(
    GraphResource[GroupDirectorySettingsArgs], module="tenantctl", name="GroupDirectorySettings"
):
    """Guest access to one Microsoft 365 group (Group.Unified.Guest)."""

    _kind = "GroupDirectorySettings"
    _outputs = ("setting_id",)
    setting_id: pulumi.Output[str]


class GroupLicence(GraphResource[GroupLicenceArgs], module="tenantctl", name="GroupLicence"):
    """A licence assigned to a group."""

    _kind = "GroupLicence"
    _outputs = ("sku_id",)
    sku_id: pulumi.Output[str]


class GuestInvitation(
    GraphResource[GuestInvitationArgs], module="tenantctl", name="GuestInvitation"
):
    """A guest user invited from outside the organisation."""

    _kind = "GuestInvitation"
    _outputs = ("user_id", "redeem_url")
    user_id: pulumi.Output[str]
    redeem_url: pulumi.Output[str]


class GraphObject(GraphResource[GraphObjectArgs], module="tenantctl", name="GraphObject"):
    """Any Graph object given by path and body."""

    _kind = "GraphObject"
    _outputs = ("object_id", "graph")
    object_id: pulumi.Output[str]
    graph: pulumi.Output[dict[str, Any]]
