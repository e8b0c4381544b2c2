"""A stack's state as `groupProvider: azuread` leaves it: the Graph layer's groups, group
licences and guest invitations rewritten as the pulumi-azuread 6.x resources that
components/directory.py declares for them, over the same tenant objects.

Shapes, from pulumi-azuread 6.x's schema (provider/cmd/pulumi-resource-azuread/schema.json)
and its Python SDK (sdk/python/pulumi_azuread/group.py, group_license.py, invitation.py):
- `azuread:index/group:Group`: inputs displayName, mailNickname, description, types,
  mailEnabled, securityEnabled, visibility, owners and members (object ids),
  dynamicMembership {enabled, rule}, preventDuplicateNames; outputs add objectId and mail;
  the id is `/groups/{objectId}` (the import id the SDK documents);
- `azuread:index/groupLicense:GroupLicense`: inputs groupObjectId, skuId, disabledPlans;
  the id is `{groupObjectId}/license/{skuId}`;
- `azuread:index/invitation:Invitation`: inputs userEmailAddress, userDisplayName,
  redirectUrl, userType; outputs add userId (the guest's object id, also the id) and
  redeemUrl;
- `azuread:index/administrativeUnit:AdministrativeUnit` (an assigned unit alone: pulumi-azuread
  has no dynamic one): inputs displayName, description, hiddenMembershipEnabled,
  preventDuplicateNames; outputs add objectId; the id is `/directory/administrativeUnits/{id}`;
- `azuread:index/administrativeUnitMember:AdministrativeUnitMember`: inputs
  administrativeUnitObjectId, memberObjectId; the id is `…/{unit}/members/{member}`;
- `azuread:index/administrativeUnitRoleMember:AdministrativeUnitRoleMember`: inputs
  administrativeUnitObjectId, memberObjectId (the user's object id), roleObjectId (the
  directoryRole's id); the id is `…/{unit}/scopedRoleMembers/{membership id}`;
- `azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy`: inputs displayName, state,
  conditions {clientAppTypes, applications {includedApplications}, users
  {includedGuestsOrExternalUsers [{guestOrExternalUserTypes, externalTenants [{membershipKind,
  members}]}], excludedUsers (object ids)}}, grantControls {operator, builtInControls}; the id
  is the policy's.
Bridged providers keep `__defaults` among the inputs; it is written here as they write it.
"""

from __future__ import annotations

import copy
from typing import Any

from tests.support.local_tenant_fixture import LocalTenantHandle

DYNAMIC = "pulumi-python:dynamic/tenantctl:"
AZUREAD = {
    "Group": "azuread:index/group:Group",
    "GroupLicence": "azuread:index/groupLicense:GroupLicense",
    "GuestInvitation": "azuread:index/invitation:Invitation",
    "AdministrativeUnit": "azuread:index/administrativeUnit:AdministrativeUnit",
    "AdministrativeUnitMember": "azuread:index/administrativeUnitMember:AdministrativeUnitMember",
    "AdministrativeUnitScopedRole": (
        "azuread:index/administrativeUnitRoleMember:AdministrativeUnitRoleMember"
    ),
    "ConditionalAccessPolicy": "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy",
}
"""Each Graph-layer kind and the pulumi-azuread type the azuread backend declares instead."""


def as_azuread(document: dict[str, Any], tenant: LocalTenantHandle) -> dict[str, Any]:
    """The export DOCUMENT with its groups, licences and invitations as pulumi-azuread's."""
    users = {str(u["userPrincipalName"]).lower(): str(u["id"]) for u in _users(tenant)}
    roles = {
        str(role["roleTemplateId"]): str(role["id"])
        for role in tenant.admin.graph("GET", "/directoryRoles")["value"]
    }
    skus = {
        str(sku["skuPartNumber"]).lower(): str(sku["skuId"])
        for sku in tenant.admin.graph("GET", "/subscribedSkus")["value"]
    }
    out = copy.deepcopy(document)
    resources = out["deployment"]["resources"]
    for position, resource in enumerate(resources):
        kind = _kind(resource.get("type"))
        if kind is not None and _declared_by_azuread(kind, resource):
            resources[position] = azuread_resource(kind, resource, users, skus, roles)
    return out


def _declared_by_azuread(kind: str, resource: dict[str, Any]) -> bool:
    """A unit of dynamic membership is the Graph layer's under either provider."""
    given = resource.get("inputs") or {}
    return kind != "AdministrativeUnit" or str(given.get("membership_type")).lower() != "dynamic"


def preview_as_azuread(preview: dict[str, Any], users: dict[str, str]) -> dict[str, Any]:
    """A `pulumi preview --json` document with its groups', licences' and invitations' steps
    as pulumi-azuread's; USERS maps principal names (lower case) to object ids (its
    `get_user` data source resolves them during the preview)."""
    out = copy.deepcopy(preview)
    for step in out.get("steps") or ():
        for key in ("oldState", "newState"):
            state = step.get(key)
            kind = _kind((state or {}).get("type"))
            if kind is not None and _declared_by_azuread(kind, state):
                step[key] = azuread_resource(kind, state, users, {})
                step["urn"] = step[key]["urn"]
    return out


def _kind(type_: Any) -> str | None:
    """The Graph-layer kind of a resource type that the azuread backend declares otherwise."""
    kind = str(type_ or "").removeprefix(DYNAMIC)
    return kind if str(type_ or "").startswith(DYNAMIC) and kind in AZUREAD else None


def _users(tenant: LocalTenantHandle) -> list[dict[str, Any]]:
    """Every user of the tenant (id and principal name), page by page."""
    found: list[dict[str, Any]] = []
    page = tenant.admin.graph("GET", "/users?$select=id,userPrincipalName&$top=999")
    while True:
        found += page["value"]
        link = page.get("@odata.nextLink")
        if not link:
            return found
        page = tenant.admin.graph("GET", "/" + str(link).split("/v1.0/", 1)[1])


def azuread_resource(
    kind: str,
    resource: dict[str, Any],
    users: dict[str, str],
    skus: dict[str, str],
    roles: dict[str, str] | None = None,
) -> dict[str, Any]:
    """One Graph-layer resource of KIND (a state's, or a preview step's state) as the
    azuread backend's; USERS, SKUS and ROLES give object ids of principal names, part
    numbers and role template ids."""
    given, outs = resource.get("inputs") or {}, resource.get("outputs") or {}
    id_ = str(resource.get("id") or "")
    if kind == "Group":
        inputs = _group(given, users)
        outputs = {**inputs, "objectId": id_, "mail": outs.get("mail")}
        new_id = f"/groups/{id_}" if id_ else ""
    elif kind == "GroupLicence":
        sku = str(given["sku"])
        sku_id = skus.get(sku.lower(), sku)
        inputs = {
            "groupObjectId": given["group_id"],
            "skuId": sku_id,
            "disabledPlans": list(given.get("disabled_plans") or ()),
        }
        outputs = dict(inputs)
        new_id = f"{given['group_id']}/license/{sku_id}" if id_ else ""
    elif kind == "AdministrativeUnit":
        inputs = {
            "displayName": given["display_name"],
            "hiddenMembershipEnabled": given.get("visibility") == "HiddenMembership",
            "preventDuplicateNames": True,
        }
        if given.get("description"):
            inputs["description"] = given["description"]
        outputs = {**inputs, "objectId": id_}
        new_id = f"/directory/administrativeUnits/{id_}" if id_ else ""
    elif kind == "AdministrativeUnitMember":
        unit, member = given["unit_id"], given["member_id"]
        inputs = {"administrativeUnitObjectId": unit, "memberObjectId": member}
        outputs = dict(inputs)
        new_id = f"/directory/administrativeUnits/{unit}/members/{member}" if id_ else ""
    elif kind == "AdministrativeUnitScopedRole":
        unit = given["unit_id"]
        inputs = {
            "administrativeUnitObjectId": unit,
            "memberObjectId": _object_id(given["user"], users),
            "roleObjectId": (roles or {}).get(given["role"], given["role"]),
        }
        outputs = dict(inputs)
        new_id = f"/directory/administrativeUnits/{unit}/scopedRoleMembers/{id_}" if id_ else ""
    elif kind == "ConditionalAccessPolicy":
        inputs = _policy(given, users)
        outputs = dict(inputs)
        new_id = id_
    else:
        inputs = {
            "userEmailAddress": given["email"],
            "userDisplayName": given["display_name"],
            "redirectUrl": given.get("redirect_url", "https://myapps.microsoft.com"),
            "userType": "Guest",
        }
        outputs = {**inputs, "userId": id_, "redeemUrl": outs.get("redeem_url")}
        new_id = id_
    type_ = AZUREAD[kind]
    converted = {
        **resource,
        "urn": resource["urn"].replace(f"{DYNAMIC}{kind}::", f"{type_}::"),
        "type": type_,
        "inputs": {"__defaults": [], **inputs},
    }
    if id_:  # made already: the provider's id and outputs
        converted |= {"id": new_id, "outputs": {**outputs, "id": new_id}}
    return converted


def _group(given: dict[str, Any], users: dict[str, str]) -> dict[str, Any]:
    """The inputs AzureadDirectory.group passes for the Graph layer's GroupArgs."""
    unified = str(given.get("kind", "unified")).lower() == "unified"
    rule = given.get("membership_rule")
    types = (["Unified"] if unified else []) + (["DynamicMembership"] if rule else [])
    inputs: dict[str, Any] = {
        "displayName": given["display_name"],
        "mailNickname": given["mail_nickname"],
        "types": types,
        "mailEnabled": unified,
        "securityEnabled": not unified,
        "owners": [_object_id(user, users) for user in given.get("owners") or ()],
        "preventDuplicateNames": True,
    }
    if given.get("description"):
        inputs["description"] = given["description"]
    if unified:
        inputs["visibility"] = str(given.get("visibility") or "private").capitalize()
    if rule:
        inputs["dynamicMembership"] = {"enabled": True, "rule": rule}
    else:
        inputs["members"] = [_object_id(user, users) for user in given.get("members") or ()]
    return inputs


def _policy(given: dict[str, Any], users: dict[str, str]) -> dict[str, Any]:
    """The inputs AzureadSignIn.policy passes for the Graph layer's ConditionalAccessPolicyArgs."""
    tenants = list(given.get("external_tenants") or ())
    external = (
        {"membershipKind": "enumerated", "members": tenants}
        if tenants
        else {"membershipKind": "all"}
    )
    return {
        "displayName": given["display_name"],
        "state": given["state"],
        "conditions": {
            "clientAppTypes": ["all"],
            "applications": {"includedApplications": list(given.get("applications") or ["All"])},
            "users": {
                "includedGuestsOrExternalUsers": [
                    {
                        "guestOrExternalUserTypes": list(given["guest_types"]),
                        "externalTenants": [external],
                    }
                ],
                "excludedUsers": [_object_id(u, users) for u in given.get("exclude_users") or ()],
            },
        },
        "grantControls": {"operator": "AND", "builtInControls": list(given["grant_controls"])},
    }


def _object_id(user: str, users: dict[str, str]) -> str:
    """A user's object id (azuread takes ids where the Graph layer takes names or ids)."""
    return user if "@" not in user else users[user.lower()]
