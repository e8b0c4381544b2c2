"""The LicenceGroup component: a group that carries one licence, by need."""

from __future__ import annotations

import datetime

import pulumi

from tenantctl.components.desired import DesiredGroup, DesiredLicence
from tenantctl.components.directory import DirectoryBackend
from tenantctl.components.naming import ComponentType
from tenantctl.m365.skus import SKUS
from tenantctl.model import LicenceGroup as LicenceGroupModel
from tenantctl.model import TenantIndex

LICENCE_GROUP = ComponentType("LicenceGroup", "Licence group", "licence-")


class LicenceGroup(pulumi.ComponentResource):
    """A security group with a group-based licence and its disabled service plans; its members
    on `today`, the date the program plans for (a licence that gives a mailbox follows the
    migration waves)."""

    component = LICENCE_GROUP

    group_id: pulumi.Output[str]

    def __init__(
        self,
        name: str,
        group: LicenceGroupModel,
        index: TenantIndex,
        directory: DirectoryBackend,
        today: datetime.date,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(self.component.token, name, None, opts)
        sku = SKUS[group.sku]
        rule, users = index.licence_membership(group, today)
        wanted = DesiredGroup(
            display_name=group.display_name,
            mail_nickname=index.licence_mail_nickname(group),
            description=f"Licence {sku.name} ({sku.part_number})",
            kind="security",
            owners=(),
            members=users,
            membership_rule=rule,
            adopt_id=group.adopt,
        )
        self.group_id = directory.group(f"{name}-group", wanted, self)
        licence = DesiredLicence(
            sku_id=str(sku.sku_id),
            disabled_plan_ids=tuple(str(sku.plans[plan]) for plan in group.disabled_plans),
        )
        directory.licence(f"{name}-licence", self.group_id, licence, self)
        self.register_outputs({"group_id": self.group_id})
