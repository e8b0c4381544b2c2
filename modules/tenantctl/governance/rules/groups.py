"""Who creates Microsoft 365 groups: the tenant's group setting restricts it to named creators.

Reads the planned `TenantGroupSettings` (EnableGroupCreation, GroupCreationAllowedGroupId of
the Group.Unified setting; learn.microsoft.com/entra/identity/users/groups-settings-cmdlets),
so it holds whatever the program declares.
"""

from __future__ import annotations

from collections.abc import Iterator

from tenantctl.governance.rule import Breach, Params, Rule
from tenantctl.governance.subject import Subject
from tenantctl.governance.violations import Level

SETTINGS = "TenantGroupSettings"


def group_creation_restricted(subject: Subject, _: Params) -> Iterator[Breach]:
    for resource in subject.of_kind(SETTINGS):
        if resource.props.get("enable_group_creation", True):
            yield Breach(
                resource.name,
                "every user may create Microsoft 365 groups (and so teams)",
                "set tenant.group_policy.users_can_create: false, and name the directorate "
                "whose agents create them under 'creators'",
            )


RULES = (
    Rule(
        "group-creation-restricted",
        "Only named creators may create Microsoft 365 groups",
        Level.ADVISORY,
        group_creation_restricted,
        cis=("CIS Azure 2.21 (v2.1.0)",),
    ),
)
