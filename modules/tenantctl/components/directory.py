"""Directory backends: groups, group licences and guest invitations through one of two providers.

`azuread` uses pulumi-azuread, which has these resources; `graph` uses the toolkit's own Graph
resource layer (for tenants or environments where the azuread provider cannot run, such as
the embedded local tenant). Components call only the `DirectoryBackend` protocol.
"""

from __future__ import annotations

from typing import Literal, Protocol

import pulumi
import pulumi_azuread as azuread

from tenantctl.components.desired import DesiredGroup, DesiredGuest, DesiredLicence
from tenantctl.resources.specs.group import Group, GroupArgs
from tenantctl.resources.specs.group_licence import GroupLicence, GroupLicenceArgs
from tenantctl.resources.specs.guest_invitation import GuestInvitation, GuestInvitationArgs

GroupProvider = Literal["azuread", "graph"]


class DirectoryBackend(Protocol):
    """What components need from the directory."""

    def group(self, name: str, wanted: DesiredGroup, parent: pulumi.Resource) -> pulumi.Output[str]:
        """Declare a group; return its object id."""

    def licence(
        self,
        name: str,
        group_id: pulumi.Input[str],
        wanted: DesiredLicence,
        parent: pulumi.Resource,
    ) -> None:
        """Assign a licence to a group."""

    def guest(self, name: str, wanted: DesiredGuest, parent: pulumi.Resource) -> pulumi.Output[str]:
        """Invite a guest; return the guest user's object id."""


class AzureadDirectory:
    """Groups, licences and invitations through pulumi-azuread."""

    def __init__(self) -> None:
        self._user_ids: dict[str, pulumi.Output[str]] = {}

    def user_id(self, upn: str) -> pulumi.Output[str]:
        """The object id of a user, looked up once per stack run."""
        key = upn.lower()
        if key not in self._user_ids:
            self._user_ids[key] = azuread.get_user_output(user_principal_name=upn).object_id
        return self._user_ids[key]

    def group(self, name: str, wanted: DesiredGroup, parent: pulumi.Resource) -> pulumi.Output[str]:
        dynamic = (
            azuread.GroupDynamicMembershipArgs(enabled=True, rule=wanted.membership_rule)
            if wanted.membership_rule
            else None
        )
        group = azuread.Group(
            name,
            display_name=wanted.display_name,
            mail_nickname=wanted.mail_nickname,
            description=wanted.description or None,
            types=wanted.group_types,
            mail_enabled=wanted.mail_enabled,
            security_enabled=wanted.security_enabled,
            visibility=wanted.visibility.capitalize() if wanted.kind == "unified" else None,
            owners=[self.user_id(upn) for upn in wanted.owners],
            members=None
            if dynamic
            else [*(self.user_id(upn) for upn in wanted.members), *wanted.guest_ids],
            dynamic_membership=dynamic,
            prevent_duplicate_names=True,
            opts=pulumi.ResourceOptions(parent=parent, protect=wanted.protect),
        )
        return group.object_id

    def licence(
        self,
        name: str,
        group_id: pulumi.Input[str],
        wanted: DesiredLicence,
        parent: pulumi.Resource,
    ) -> None:
        azuread.GroupLicense(
            name,
            group_object_id=group_id,
            sku_id=wanted.sku_id,
            disabled_plans=list(wanted.disabled_plan_ids),
            opts=pulumi.ResourceOptions(parent=parent),
        )

    def guest(self, name: str, wanted: DesiredGuest, parent: pulumi.Resource) -> pulumi.Output[str]:
        invitation = azuread.Invitation(
            name,
            user_email_address=wanted.email,
            user_display_name=wanted.display_name,
            redirect_url=wanted.redirect_url,
            user_type="Guest",
            opts=pulumi.ResourceOptions(parent=parent),
        )
        return invitation.user_id


class GraphDirectory:
    """Groups, licences and invitations through the toolkit's Graph resource layer.

    Object ids are the resources' ids, not their `object_id`/`user_id` outputs: a dynamic
    provider cannot preview an update, so a preview leaves the outputs of a resource being
    updated unknown, and everything built on them would show as changing too; the id of a
    resource updated in place is known.
    """

    def group(self, name: str, wanted: DesiredGroup, parent: pulumi.Resource) -> pulumi.Output[str]:
        group = Group(
            name,
            GroupArgs(
                display_name=wanted.display_name,
                mail_nickname=wanted.mail_nickname,
                description=wanted.description,
                kind=wanted.kind,
                visibility=wanted.visibility,
                membership_rule=wanted.membership_rule,
                owners=list(wanted.owners),
                members=[] if wanted.membership_rule else [*wanted.members, *wanted.guest_ids],
                adopt_id=wanted.adopt_id,
            ),
            pulumi.ResourceOptions(parent=parent, protect=wanted.protect),
        )
        return group.id

    def licence(
        self,
        name: str,
        group_id: pulumi.Input[str],
        wanted: DesiredLicence,
        parent: pulumi.Resource,
    ) -> None:
        GroupLicence(
            name,
            GroupLicenceArgs(
                group_id=group_id, sku=wanted.sku_id, disabled_plans=list(wanted.disabled_plan_ids)
            ),
            pulumi.ResourceOptions(parent=parent),
        )

    def guest(self, name: str, wanted: DesiredGuest, parent: pulumi.Resource) -> pulumi.Output[str]:
        invitation = GuestInvitation(
            name,
            GuestInvitationArgs(
                email=wanted.email,
                display_name=wanted.display_name,
                redirect_url=wanted.redirect_url,
                adopt_id=wanted.adopt_id,
            ),
            pulumi.ResourceOptions(parent=parent),
        )
        return invitation.id


def directory_backend(provider: GroupProvider) -> DirectoryBackend:
    """The backend for a stack's `groupProvider` setting."""
    return AzureadDirectory() if provider == "azuread" else GraphDirectory()
