"""The Graph resource classes: one thin Pulumi class per kind, all run by one provider."""

from __future__ import annotations

from dataclasses import fields
from typing import Any, ClassVar

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


class GraphResource(pulumi.dynamic.Resource):
    """A Graph object of kind `kind`, managed by the generic provider.

    Every resource exposes `graph_id` (the provider's id of the object) and the outputs its
    class names in `_outputs`.
    """

    _kind: ClassVar[str]
    _outputs: ClassVar[tuple[str, ...]] = ()

    def __init__(
        self, resource_name: str, args: Any, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        props: dict[str, Any] = {f.name: getattr(args, f.name) for f in fields(args)}
        props.update(dict.fromkeys(self._outputs))
        with pickler_restored():
            super().__init__(GraphProvider(self._kind), resource_name, props, opts)


class Group(GraphResource, module="tenantctl", name="Group"):
    """A Microsoft 365 or security group, with owners, members or a dynamic rule."""

    _kind = "Group"
    _outputs = ("object_id", "mail")
    object_id: pulumi.Output[str]
    mail: pulumi.Output[str]

    def __init__(
        self, resource_name: str, args: GroupArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__(resource_name, args, opts)


class Team(GraphResource, module="tenantctl", name="Team"):
    """A team on a Microsoft 365 group, created from a rendered Teams template."""

    _kind = "Team"
    _outputs = ("team_id", "web_url")
    team_id: pulumi.Output[str]
    web_url: pulumi.Output[str]

    def __init__(
        self, resource_name: str, args: TeamArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__(resource_name, args, opts)


class TeamSettings(GraphResource, module="tenantctl", name="TeamSettings"):
    """The member, guest, messaging and fun settings of a team."""

    _kind = "TeamSettings"

    def __init__(
        self,
        resource_name: str,
        args: TeamSettingsArgs,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(resource_name, args, opts)


class Channel(GraphResource, module="tenantctl", name="Channel"):
    """A standard, private or shared channel of a team."""

    _kind = "Channel"
    _outputs = ("channel_id", "web_url")
    channel_id: pulumi.Output[str]
    web_url: pulumi.Output[str]

    def __init__(
        self, resource_name: str, args: ChannelArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__(resource_name, args, opts)


class TeamMember(GraphResource, module="tenantctl", name="TeamMember"):
    """One owner or member of a team."""

    _kind = "TeamMember"
    _outputs = ("membership_id", "user_id")
    membership_id: pulumi.Output[str]
    user_id: pulumi.Output[str]

    def __init__(
        self, resource_name: str, args: TeamMemberArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__(resource_name, args, opts)


class SiteSharing(GraphResource, module="tenantctl", name="SiteSharing"):
    """External sharing of a group's SharePoint site."""

    _kind = "SiteSharing"
    _outputs = ("resolved_site_url", "sharing_capability")
    resolved_site_url: pulumi.Output[str]
    sharing_capability: pulumi.Output[int]

    def __init__(
        self,
        resource_name: str,
        args: SiteSharingArgs,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(resource_name, args, opts)


class TenantSharingSettings(GraphResource, module="tenantctl", name="TenantSharingSettings"):
    """Tenant-wide SharePoint and OneDrive sharing settings."""

    _kind = "TenantSharingSettings"

    def __init__(
        self,
        resource_name: str,
        args: TenantSharingSettingsArgs,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(resource_name, args, opts)


class CrossTenantPartner(GraphResource, module="tenantctl", name="CrossTenantPartner"):
    """A partner organisation in the cross-tenant access policy."""

    _kind = "CrossTenantPartner"

    def __init__(
        self,
        resource_name: str,
        args: CrossTenantPartnerArgs,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(resource_name, args, opts)


class GroupDirectorySettings(GraphResource, module="tenantctl", name="GroupDirectorySettings"):
    """Guest access to one Microsoft 365 group (Group.Unified.Guest)."""

    _kind = "GroupDirectorySettings"
    _outputs = ("setting_id",)
    setting_id: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        args: GroupDirectorySettingsArgs,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(resource_name, args, opts)


class GroupLicence(GraphResource, module="tenantctl", name="GroupLicence"):
    """A licence assigned to a group."""

    _kind = "GroupLicence"
    _outputs = ("sku_id",)
    sku_id: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        args: GroupLicenceArgs,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(resource_name, args, opts)


class GuestInvitation(GraphResource, module="tenantctl", name="GuestInvitation"):
    """A guest user invited from outside the organisation."""

    _kind = "GuestInvitation"
    _outputs = ("user_id", "redeem_url")
    user_id: pulumi.Output[str]
    redeem_url: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        args: GuestInvitationArgs,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(resource_name, args, opts)


class GraphObject(GraphResource, module="tenantctl", name="GraphObject"):
    """Any Graph object given by path and body."""

    _kind = "GraphObject"
    _outputs = ("object_id", "graph")
    object_id: pulumi.Output[str]
    graph: pulumi.Output[dict[str, Any]]

    def __init__(
        self,
        resource_name: str,
        args: GraphObjectArgs,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(resource_name, args, opts)
