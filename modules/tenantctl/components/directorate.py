"""The Directorate component: the directorate's agents group."""

from __future__ import annotations

import pulumi

from tenantctl.components.desired import DesiredGroup
from tenantctl.components.directory import DirectoryBackend
from tenantctl.components.naming import ComponentType
from tenantctl.model import Directorate as DirectorateModel
from tenantctl.model import TenantIndex

DIRECTORATE = ComponentType("Directorate", "Directorate", "directorate-")


class Directorate(pulumi.ComponentResource):
    """A directorate: a security group of its agents (dynamic on department, or listed)."""

    component = DIRECTORATE

    group_id: pulumi.Output[str]

    def __init__(
        self,
        name: str,
        directorate: DirectorateModel,
        index: TenantIndex,
        directory: DirectoryBackend,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(self.component.token, name, None, opts)
        wanted = DesiredGroup(
            display_name=f"{directorate.display_name} — agents",
            mail_nickname=index.directorate_mail_nickname(directorate),
            description=directorate.description or directorate.display_name,
            kind="security",
            owners=directorate.owners,
            members=directorate.membership.users,
            membership_rule=index.directorate_rule(directorate),
            adopt_id=directorate.adopt,
        )
        self.group_id = directory.group(f"{name}-agents", wanted, self)
        self.register_outputs({"group_id": self.group_id})
