"""pulumi-azuread's kinds the components declare (`groupProvider: azuread`), each as its
Graph-layer twin: the kind making the same Graph calls, and the twin's id and inputs.

The shapes are those pulumi-azuread 6.x writes to Pulumi state (its schema,
provider/cmd/pulumi-resource-azuread/schema.json, and sdk/python/pulumi_azuread/group.py,
group_license.py, invitation.py, administrative_unit*.py, conditional_access_policy.py):
camelCase properties, nested blocks as objects or lists of one; a group's id is
`/groups/{objectId}` with `objectId` among its outputs, and its owners and members are object
ids; a licence's id is `{groupObjectId}/license/{skuId}`; an invitation's `userId` output is
the invited guest's object id; a conditional access policy's id is the policy's. Features
that read or judge resources (drift, governance) use the twin, so that both providers mean one
thing by "equal".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

Values = dict[str, Any]


@dataclass(frozen=True)
class Twin:
    """How one pulumi-azuread kind (type `token`) reads as its Graph-layer twin `kind`.

    `id(id, outputs)` is the twin's id; `inputs(values)` the twin's properties from the
    azuread ones (inputs, or outputs); `users` the twin's properties that azuread gives as
    user object ids where the Graph layer takes user principal names; `shapes` the JSON
    types of azuread's structured properties, as its schema declares them.
    """

    token: str
    kind: str
    id: Callable[[str, Values], str]
    inputs: Callable[[Values], Values]
    users: tuple[str, ...] = ()
    shapes: Mapping[str, type] = field(default_factory=dict)

    def misshapen(self, values: Values) -> str | None:
        """The first structured property of `values` that is not of its schema's type."""
        for name, kind in self.shapes.items():
            value = values.get(name)
            if value is not None and not isinstance(value, kind):
                return f"'{name}' is a {type(value).__name__}, not a {kind.__name__}"
        return None


def _group_id(id_: str, outputs: Values) -> str:
    return str(outputs.get("objectId") or id_.removeprefix("/groups/"))


def _group(values: Values) -> Values:
    """learn.microsoft.com/graph/api/resources/group: `types` holds `Unified` for a Microsoft
    365 group; a dynamic group's rule is `dynamicMembership.rule`."""
    twin = _present(
        values,
        display_name="displayName",
        mail_nickname="mailNickname",
        visibility="visibility",
        owners="owners",
        members="members",
    )
    twin["description"] = values.get("description") or ""
    if "types" in values:
        twin["kind"] = "unified" if "Unified" in (values["types"] or ()) else "security"
    dynamic = values.get("dynamicMembership")
    if isinstance(dynamic, dict) and dynamic.get("enabled", True) and dynamic.get("rule"):
        twin["membership_rule"] = dynamic["rule"]
        twin.pop("members", None)
    return twin


def _licence_id(id_: str, outputs: Values) -> str:
    group, _, sku = id_.partition("/license/")
    return f"{outputs.get('groupObjectId') or group}/{outputs.get('skuId') or sku}"


def _licence(values: Values) -> Values:
    """learn.microsoft.com/graph/api/group-assignlicense: the SKU and its disabled plans."""
    return _present(values, group_id="groupObjectId", sku="skuId", disabled_plans="disabledPlans")


def _guest_id(id_: str, outputs: Values) -> str:
    return str(outputs.get("userId") or id_)


def _guest(values: Values) -> Values:
    """learn.microsoft.com/graph/api/invitation-post: the guest's address and name."""
    return _present(
        values,
        email="userEmailAddress",
        display_name="userDisplayName",
        redirect_url="redirectUrl",
        user_id="userId",
    )


def _policy(values: Values) -> Values:
    """learn.microsoft.com/graph/api/resources/conditionalaccesspolicy, in azuread's blocks:
    `conditions.users.includedGuestsOrExternalUsers` (a list of one), `excludedUsers` (object
    ids), `conditions.applications.includedApplications`, `grantControls.builtInControls`."""
    twin = _present(values, display_name="displayName", state="state")
    conditions = values.get("conditions")
    if isinstance(conditions, dict):
        users = conditions.get("users") or {}
        guests = (users.get("includedGuestsOrExternalUsers") or [{}])[0] or {}
        tenants = (guests.get("externalTenants") or [{}])[0] or {}
        twin["guest_types"] = list(guests.get("guestOrExternalUserTypes") or ())
        twin["external_tenants"] = (
            list(tenants.get("members") or ())
            if tenants.get("membershipKind") == "enumerated"
            else []
        )
        twin["exclude_users"] = list(users.get("excludedUsers") or ())
        applications = conditions.get("applications") or {}
        twin["applications"] = list(applications.get("includedApplications") or ())
    grant = values.get("grantControls")
    if isinstance(grant, dict):
        twin["grant_controls"] = list(grant.get("builtInControls") or ())
    return twin


UNITS = "/directory/administrativeUnits/"
"""The start of the ids pulumi-azuread gives units, their members and their scoped roles
(the import ids its SDK documents: administrative_unit.py, administrative_unit_member.py,
administrative_unit_role_member.py)."""


def _unit_id(id_: str, outputs: Values) -> str:
    return str(outputs.get("objectId") or id_.removeprefix(UNITS))


def _unit(values: Values) -> Values:
    """learn.microsoft.com/graph/api/resources/administrativeunit: pulumi-azuread's units are
    assigned (it has no dynamic membership); `hiddenMembershipEnabled` is visibility
    HiddenMembership."""
    twin = _present(values, display_name="displayName")
    twin["description"] = values.get("description") or ""
    hidden = values.get("hiddenMembershipEnabled")
    twin["visibility"] = "HiddenMembership" if hidden else "Public"
    twin["membership_type"] = "Assigned"
    return twin


def _unit_member_id(id_: str, outputs: Values) -> str:
    unit, _, member = id_.removeprefix(UNITS).partition("/members/")
    found_unit = outputs.get("administrativeUnitObjectId") or unit
    return f"{found_unit}/{outputs.get('memberObjectId') or member}"


def _unit_member(values: Values) -> Values:
    """learn.microsoft.com/graph/api/administrativeunit-post-members: the unit and the object."""
    return _present(values, unit_id="administrativeUnitObjectId", member_id="memberObjectId")


def _scoped_role_id(id_: str, outputs: Values) -> str:
    return id_.rpartition("/scopedRoleMembers/")[2]


def _scoped_role(values: Values) -> Values:
    """learn.microsoft.com/graph/api/administrativeunit-post-scopedrolemembers: the unit, the
    role (its directoryRole's id) and the user (an object id)."""
    return _present(
        values,
        unit_id="administrativeUnitObjectId",
        role="roleObjectId",
        user="memberObjectId",
    )


def _present(values: Values, **names: str) -> Values:
    """The twin's properties (`twin=azuread` names) that `values` holds."""
    return {twin: values[theirs] for twin, theirs in names.items() if theirs in values}


TWINS = {
    twin.token: twin
    for twin in (
        Twin(
            "azuread:index/group:Group",
            "Group",
            _group_id,
            _group,
            ("owners", "members"),
            {"types": list, "owners": list, "members": list, "dynamicMembership": dict},
        ),
        Twin(
            "azuread:index/groupLicense:GroupLicense",
            "GroupLicence",
            _licence_id,
            _licence,
            shapes={"disabledPlans": list},
        ),
        Twin("azuread:index/invitation:Invitation", "GuestInvitation", _guest_id, _guest),
        Twin(
            "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy",
            "ConditionalAccessPolicy",
            lambda id_, outputs: id_,
            _policy,
            ("exclude_users",),
            {"conditions": dict, "grantControls": dict},
        ),
        Twin(
            "azuread:index/administrativeUnit:AdministrativeUnit",
            "AdministrativeUnit",
            _unit_id,
            _unit,
        ),
        Twin(
            "azuread:index/administrativeUnitMember:AdministrativeUnitMember",
            "AdministrativeUnitMember",
            _unit_member_id,
            _unit_member,
        ),
        Twin(
            "azuread:index/administrativeUnitRoleMember:AdministrativeUnitRoleMember",
            "AdministrativeUnitScopedRole",
            _scoped_role_id,
            _scoped_role,
        ),
    )
}
"""The pulumi-azuread kinds the components declare, by type token."""

AZUREAD_AS_GRAPH = {type_.rsplit(":", 1)[-1]: twin.kind for type_, twin in TWINS.items()}
"""Their short kinds (`GroupLicense`) and the Graph-layer kind of each (`GroupLicence`)."""


def as_twin(type_: str, kind: str, values: Values) -> tuple[str, Values]:
    """The kind and properties of a resource of `type_` (short kind `kind`) as its Graph-layer
    twin has them; a Graph-layer resource's own, unchanged."""
    twin = TWINS.get(type_)
    if twin is None:
        return kind, values
    return twin.kind, twin.inputs(values) if values else {}
