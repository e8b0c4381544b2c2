"""AdministrativeUnit: a container of users and groups that roles can be scoped to.

Graph: POST /directory/administrativeUnits (directory-post-administrativeunits), GET, PATCH and
DELETE /directory/administrativeUnits/{id} (administrativeunit-get, -update, -delete); found
again by display name (directory-list-administrativeunits, `$filter` on displayName).
`visibility` is `Public` (the default when absent) or `HiddenMembership`
(learn.microsoft.com/graph/api/resources/administrativeunit); `membershipType` `Dynamic` takes
its users from `membershipRule` (the dynamic group rule syntax), evaluated while
`membershipRuleProcessingState` is `On` and frozen while `Paused`; `Assigned` (or absent) holds
the members added one by one (`AdministrativeUnitMember`). Deleting a unit removes the roles
scoped to it; its members stay in the directory.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pulumi

from tenantctl.m365 import limits
from tenantctl.m365.reads import Read
from tenantctl.resources.kind import (
    Failure,
    KindSpec,
    Prop,
    Props,
    StrInput,
    is_known,
    kind_args,
    prop,
    props_of,
)
from tenantctl.resources.resource import GraphResource
from tenantctl.resources.specs.common import Collection, lower, max_length, one_of, text

PATH = "directory/administrativeUnits"
VISIBILITY = {"public": "Public", "hiddenmembership": "HiddenMembership"}
MEMBERSHIP = {"assigned": "Assigned", "dynamic": "Dynamic"}
PROCESSING = {"on": "On", "paused": "Paused"}


def visibility(value: Any) -> str:
    """`Public` or `HiddenMembership`; absent reads as Public."""
    return VISIBILITY.get(lower(value) or "public", text(value))


def membership_type(value: Any) -> str:
    """`Assigned` or `Dynamic`; absent reads as Assigned."""
    return MEMBERSHIP.get(lower(value) or "assigned", text(value))


def processing_state(value: Any) -> str:
    """`On`, `Paused`, or empty for a unit without a rule."""
    return PROCESSING.get(lower(value), text(value))


@kind_args
class AdministrativeUnitArgs:
    """An administrative unit: its name, who may see its members, and how it gets them."""

    display_name: StrInput = prop("displayName", normalise=text)
    description: StrInput = prop("description", default="", normalise=text)
    visibility: StrInput = prop("visibility", default="Public", normalise=visibility)
    membership_type: StrInput = prop(
        "membershipType", default="Assigned", normalise=membership_type
    )
    membership_rule: StrInput = prop("membershipRule", default="", normalise=text)
    membership_rule_processing_state: StrInput = prop(
        "membershipRuleProcessingState", default="", normalise=processing_state
    )
    adopt_id: pulumi.Input[str] | None = prop(default=None, diffed=False)


def _send(p: Prop, value: Any) -> Any:
    """Each value in the form Graph takes; an empty string is sent as null (no rule)."""
    return p.normalise(value) or None


def _rule_matches_type(props: Props) -> Iterable[Failure]:
    """A rule exactly when the unit is dynamic, and a processing state only with a rule."""
    kind, rule = props.get("membership_type"), props.get("membership_rule")
    state = props.get("membership_rule_processing_state")
    if not (is_known(kind) and is_known(rule) and is_known(state)):
        return
    dynamic = membership_type(kind) == "Dynamic"
    if dynamic and not text(rule):
        yield "membership_rule", "is empty; a Dynamic unit needs a rule"
    if not dynamic and text(rule):
        yield "membership_rule", "is set; only a Dynamic unit has a rule"
    if not dynamic and text(state):
        yield "membership_rule_processing_state", "is set; only a Dynamic unit has one"
    if dynamic and lower(state) not in PROCESSING:
        yield "membership_rule_processing_state", f"is {state!r}; a Dynamic unit's is On or Paused"


class AdministrativeUnitOps(Collection):
    """A plain collection, but a unit without a rule has no processing state: Graph may
    keep the last one it had, which means nothing once the unit is Assigned."""

    def live(self, item: dict[str, Any]) -> Props:
        values = super().live(item)
        if membership_type(values.get("membership_type")) != "Dynamic":
            values["membership_rule_processing_state"] = ""
        return values


OPS = AdministrativeUnitOps(
    props=props_of(AdministrativeUnitArgs),
    path=lambda props: PATH,
    find_by="display_name",
    send=_send,
)

SPEC = KindSpec(
    kind="AdministrativeUnit",
    args=AdministrativeUnitArgs,
    ops=OPS,
    permissions=("AdministrativeUnit.ReadWrite.All",),
    # learn.microsoft.com/graph/api/administrativeunit-get
    read_calls=(Read(f"{PATH}/{{id}}", "AdministrativeUnit.Read.All"),),
    endpoints=(
        f"GET /{PATH}",
        f"POST /{PATH}",
        f"PATCH /{PATH}/{{id}}",
        f"DELETE /{PATH}/{{id}}",
    ),
    deletes="deletes the unit and the roles scoped to it; its members stay",
    validators=(
        max_length("display_name", limits.DISPLAY_NAME_MAX),
        max_length("description", limits.DESCRIPTION_MAX),
        max_length("membership_rule", limits.MEMBERSHIP_RULE_MAX),
        one_of("visibility", VISIBILITY),
        one_of("membership_type", MEMBERSHIP),
        _rule_matches_type,
    ),
    label=lambda props: repr(text(props.get("display_name"))),
)


class AdministrativeUnit(GraphResource[AdministrativeUnitArgs], spec=SPEC):
    """An administrative unit of the directory."""
