"""GroupLifecyclePolicy: Microsoft 365 groups expire unless their owners renew them.

Graph: POST /groupLifecyclePolicies (grouplifecyclepolicy-post-grouplifecyclepolicies),
GET /groupLifecyclePolicies (grouplifecyclepolicy-list), PATCH and DELETE
/groupLifecyclePolicies/{id} (grouplifecyclepolicy-update, -delete). A tenant has one policy
at most, so create adopts the one it finds. `managedGroupTypes` is `All` (every Microsoft 365
group) or `Selected` (the groups added one by one, `GroupLifecyclePolicyGroup`); the lifetime
is at least 30 days (learn.microsoft.com/entra/identity/users/groups-lifecycle);
`alternateNotificationEmails`, separated by ';', are told of groups that have no owner.
Deleting the policy stops every group from expiring.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pulumi

from tenantctl.m365.reads import Read
from tenantctl.resources.context import Context
from tenantctl.resources.kind import (
    Failure,
    KindSpec,
    Props,
    StrInput,
    is_known,
    kind_args,
    prop,
    props_of,
)
from tenantctl.resources.resource import GraphResource
from tenantctl.resources.specs.common import Collection, one_of, text, whole

PATH = "groupLifecyclePolicies"
MANAGED = {"all": "All", "selected": "Selected"}
LIFETIME_MIN = 30
"""The shortest lifetime Entra accepts, in days."""


def managed_types(value: Any) -> str:
    """`All` or `Selected`, given in any case."""
    return MANAGED.get(text(value).lower(), text(value))


def addresses(value: Any) -> list[str]:
    """Notification addresses as a set: any order, any case; Graph's ';'-separated string."""
    items = text(value).split(";") if isinstance(value, str) else list(value or ())
    return sorted({text(a).lower() for a in items if text(a)})


@kind_args
class GroupLifecyclePolicyArgs:
    """The tenant's group lifecycle policy: lifetime, which groups, who else is told."""

    lifetime_days: pulumi.Input[int] = prop("groupLifetimeInDays", normalise=whole)
    managed_group_types: StrInput = prop("managedGroupTypes", normalise=managed_types)
    notification_emails: pulumi.Input[Sequence[StrInput]] = prop(
        "alternateNotificationEmails", default=(), normalise=addresses
    )


def _check_lifetime(props: Props) -> Iterable[Failure]:
    """Whole days, at least 30 (the engine sends every number as a float: 365.0)."""
    days = props.get("lifetime_days")
    if not is_known(days):
        return
    if not isinstance(days, int | float) or not float(days).is_integer() or days < LIFETIME_MIN:
        yield "lifetime_days", f"is {days!r}; Entra needs at least {LIFETIME_MIN} whole days"


class GroupLifecyclePolicyOps(Collection):
    """A collection of one: found as the tenant's only policy."""

    async def find(self, ctx: Context, props: Props) -> str | None:
        found = await ctx.client.list_all(PATH, consistent=True)
        return str(found[0]["id"]) if found else None

    def live(self, item: dict[str, Any]) -> Props:
        values = super().live(item)
        values["notification_emails"] = addresses(values.get("notification_emails"))
        return values


OPS = GroupLifecyclePolicyOps(
    props=props_of(GroupLifecyclePolicyArgs),
    path=lambda props: PATH,
    send=lambda p, value: (
        ";".join(addresses(value)) if p.name == "notification_emails" else (p.normalise(value))
    ),
)

SPEC = KindSpec(
    kind="GroupLifecyclePolicy",
    args=GroupLifecyclePolicyArgs,
    ops=OPS,
    permissions=("Directory.ReadWrite.All",),
    # learn.microsoft.com/graph/api/grouplifecyclepolicy-list
    read_calls=(Read("groupLifecyclePolicies/{id}", "Directory.Read.All"),),
    endpoints=(
        "GET /groupLifecyclePolicies",
        "POST /groupLifecyclePolicies",
        "PATCH /groupLifecyclePolicies/{id}",
        "DELETE /groupLifecyclePolicies/{id}",
    ),
    deletes="deletes the policy: no group expires any more",
    validators=(_check_lifetime, one_of("managed_group_types", ("all", "selected"))),
)


class GroupLifecyclePolicy(GraphResource[GroupLifecyclePolicyArgs], spec=SPEC):
    """The tenant's group lifecycle (expiry) policy."""
