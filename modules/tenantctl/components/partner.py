"""The Partner component: an external organisation's guests and cross-tenant access entry."""

from __future__ import annotations

import pulumi

from tenantctl.components.desired import DesiredGuest
from tenantctl.components.directory import DirectoryBackend
from tenantctl.components.naming import ComponentType, name_slug
from tenantctl.model import Partner as PartnerModel
from tenantctl.resources.specs.cross_tenant_partner import (
    CrossTenantPartner,
    CrossTenantPartnerArgs,
)

PARTNER = ComponentType("Partner", "Partner", "partner-")


class Partner(pulumi.ComponentResource):
    """Guests invited from a partner, and its cross-tenant access partner configuration."""

    component = PARTNER

    guest_ids: dict[str, pulumi.Output[str]]

    def __init__(
        self,
        name: str,
        partner: PartnerModel,
        directory: DirectoryBackend,
        direct_connect: bool,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(self.component.token, name, None, opts)
        self.guest_ids = {
            guest.email.lower(): directory.guest(
                f"{name}-guest-{name_slug(guest.email)}",
                DesiredGuest(
                    email=guest.email, display_name=guest.display_name, adopt_id=guest.adopt
                ),
                self,
            )
            for guest in partner.guests
        }
        if partner.tenant_id is not None:
            CrossTenantPartner(
                f"{name}-access",
                CrossTenantPartnerArgs(
                    tenant_id=str(partner.tenant_id),
                    b2b_collaboration=True,
                    b2b_direct_connect=direct_connect,
                ),
                pulumi.ResourceOptions(parent=self),
            )
        self.register_outputs({"guest_ids": self.guest_ids})
