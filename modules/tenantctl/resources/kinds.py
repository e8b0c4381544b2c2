"""The Graph resource classes: one thin Pulumi class per kind, all run by one provider."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields, replace
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

import pulumi
import pulumi.dynamic
from kiota_abstractions.serialization import Parsable

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
    TenantGroupSettingsArgs,
    TenantSharingSettingsArgs,
)
from tenantctl.resources.provider import GraphProvider
from tenantctl.resources.serialisation import pickler_restored
from tenantctl.resources.typed_bodies import graph_body

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

ArgsT = TypeVar("ArgsT", bound="DataclassInstance")


class IdOutput:
    """An output that is the resource's id: the engine knows it in a preview even while the
    object is being updated, so what depends on it is not planned as a change."""

    def __get__(self, instance: pulumi.CustomResource, owner: type) -> pulumi.Output[str]:
        return instance.id


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
    _outputs = ("mail",)
    object_id = IdOutput()
    mail: pulumi.Output[str]


class Team(GraphResource[TeamArgs], module="tenantctl", name="Team"):
    """A team on a Microsoft 365 group, created from a rendered Teams template."""

    _kind = "Team"
    _outputs = ("web_url",)
    team_id = IdOutput()
    web_url: pulumi.Output[str]


class TeamSettings(GraphResource[TeamSettingsArgs], module="tenantctl", name="TeamSettings"):
    """The member, guest, messaging and fun settings of a team."""

    _kind = "TeamSettings"


class Channel(GraphResource[ChannelArgs], module="tenantctl", name="Channel"):
    """A standard, private or shared channel of a team."""

    _kind = "Channel"
    _outputs = ("web_url",)
    channel_id = IdOutput()
    web_url: pulumi.Output[str]


class TeamMember(GraphResource[TeamMemberArgs], module="tenantctl", name="TeamMember"):
    """One owner or member of a team."""

    _kind = "TeamMember"
    _outputs = ("user_id",)
    membership_id = IdOutput()
    user_id: pulumi.Output[str]


class SiteSharing(GraphResource[SiteSharingArgs], module="tenantctl", name="SiteSharing"):
    """External sharing of a group's SharePoint site."""

    _kind = "SiteSharing"
    _outputs = ("sharing_capability",)
    resolved_site_url = IdOutput()
    sharing_capability: pulumi.Output[int]


class TenantSharingSettings(
    GraphResource[TenantSharingSettingsArgs], module="tenantctl", name="TenantSharingSettings"
):
    """Tenant-wide SharePoint and OneDrive sharing settings."""

    _kind = "TenantSharingSettings"


class TenantGroupSettings(
    GraphResource[TenantGroupSettingsArgs], module="tenantctl", name="TenantGroupSettings"
):
    """Whether owners may add guests to any Microsoft 365 group (tenant-wide Group.Unified)."""

    _kind = "TenantGroupSettings"


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
    setting_id = IdOutput()


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
    _outputs = ("redeem_url",)
    user_id = IdOutput()
    redeem_url: pulumi.Output[str]


class GraphObject(GraphResource[GraphObjectArgs], module="tenantctl", name="GraphObject"):
    """Any Graph object given by path and body (a JSON mapping or an msgraph-sdk model)."""

    _kind = "GraphObject"
    _outputs = ("graph",)
    object_id = IdOutput()
    graph: pulumi.Output[dict[str, Any]]

    def __init__(
        self, resource_name: str, args: GraphObjectArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        body = args.body
        if isinstance(body, Parsable):
            args = replace(args, body=graph_body(body))
        elif not isinstance(body, Mapping):  # an Output or awaitable, resolved to a model
            resolved: pulumi.Output[Any] = pulumi.Output.from_input(body)
            args = replace(args, body=resolved.apply(graph_body))
        super().__init__(resource_name, args, opts)
