"""Cross-tenant access policy and group directory settings.

Shapes follow learn.microsoft.com/graph/api/resources/crosstenantaccesspolicy,
/crosstenantaccesspolicyconfigurationdefault and /crosstenantaccesspolicyconfigurationpartner
(crosstenantaccesspolicy-post-partners, -partner-get|update|delete,
-configurationdefault-get|update),
and /graph/group-directory-settings with the Group.Unified and Group.Unified.Guest templates
(groupsettingtemplate-list, groupsetting-post-groupsettings, groupsetting-update). A PATCH
carries "the entire collection set" of values (groupsetting-update): a value it leaves out
goes back to its template default. Until the tenant has a Group.Unified setting, its
templates' defaults apply (Microsoft Entra's group settings cmdlets page,
learn.microsoft.com/entra/identity/users/groups-settings-cmdlets).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from local_tenant.collection import Shape, merge, require
from local_tenant.errors import DirectoryBadRequest, NotFound
from local_tenant.policies.exceptions import (
    InvalidSetting,
    PartnerExists,
    PartnerNotFound,
    SettingConflict,
)
from local_tenant.policies.setting_values import check_value
from local_tenant.protocol import new_id
from local_tenant.storage import Document

if TYPE_CHECKING:
    from local_tenant.policies.host import PoliciesHost

PARTNER = "ctapartner"
SETTING = "groupsetting"
DEFAULT_KEY = "crossTenantAccessDefault"
_POLICY_PARTS: dict[str, type | tuple[type, ...]] = {
    "inboundTrust": dict,
    "b2bCollaborationInbound": dict,
    "b2bCollaborationOutbound": dict,
    "b2bDirectConnectInbound": dict,
    "b2bDirectConnectOutbound": dict,
    "automaticUserConsentSettings": dict,
    "tenantRestrictions": dict,
}
PARTNER_SHAPE = Shape(
    "crossTenantAccessPolicyConfigurationPartner",
    {"tenantId": str, "isServiceProvider": bool, **_POLICY_PARTS},
    required=("tenantId",),
    error=DirectoryBadRequest,
)
DEFAULT_SHAPE = Shape(
    "crossTenantAccessPolicyConfigurationDefault", dict(_POLICY_PARTS), error=DirectoryBadRequest
)
SETTING_SHAPE = Shape(
    "groupSetting",
    {"templateId": str, "values": list, "displayName": str},
    error=DirectoryBadRequest,
)


def _access(kind: str, target: str, target_type: str) -> dict[str, Any]:
    return {"accessType": kind, "targets": [{"target": target, "targetType": target_type}]}


def _b2b(kind: str) -> dict[str, Any]:
    return {
        "usersAndGroups": _access(kind, "AllUsers", "user"),
        "applications": _access(kind, "AllApplications", "application"),
    }


SERVICE_DEFAULT: dict[str, Any] = {
    "isServiceDefault": True,
    "inboundTrust": {
        "isMfaAccepted": False,
        "isCompliantDeviceAccepted": False,
        "isHybridAzureADJoinedDeviceAccepted": False,
    },
    "b2bCollaborationInbound": _b2b("allowed"),
    "b2bCollaborationOutbound": _b2b("allowed"),
    "b2bDirectConnectInbound": _b2b("blocked"),
    "b2bDirectConnectOutbound": _b2b("blocked"),
    "automaticUserConsentSettings": {"inboundAllowed": False, "outboundAllowed": False},
}


def _value(name: str, type_: str, default: str, description: str) -> dict[str, str]:
    return {"name": name, "type": type_, "defaultValue": default, "description": description}


# Template ids and values as published in "Microsoft Entra cmdlets for configuring group settings"
# and returned by GET /groupSettingTemplates.
TEMPLATES: dict[str, dict[str, Any]] = {
    "62375ab9-6b52-47ed-826b-58e47e0e304b": {
        "displayName": "Group.Unified",
        "description": (
            "Setting templates define the different settings that can be used for the "
            "associated ObjectSettings. This template defines settings that can be used for "
            "Unified Groups."
        ),
        "values": [
            _value(
                "CustomBlockedWordsList",
                "System.String",
                "",
                "Comma-delimited blocked words for Unified Group displayName and mailNickName.",
            ),
            _value(
                "EnableMSStandardBlockedWords",
                "System.Boolean",
                "False",
                "Whether to enable the Microsoft standard list of blocked words for names.",
            ),
            _value(
                "ClassificationDescriptions",
                "System.String",
                "",
                "Comma-delimited descriptions of the values in ClassificationList.",
            ),
            _value(
                "DefaultClassification",
                "System.String",
                "",
                "The classification value to be used by default for Unified Group creation.",
            ),
            _value(
                "PrefixSuffixNamingRequirement",
                "System.String",
                "",
                "The format string enforcing a naming convention for Unified Groups.",
            ),
            _value(
                "AllowGuestsToBeGroupOwner",
                "System.Boolean",
                "False",
                "Flag indicating if guests are allowed to be owner in any Unified Group.",
            ),
            _value(
                "AllowGuestsToAccessGroups",
                "System.Boolean",
                "True",
                "Flag indicating if guests are allowed to access any Unified Group resources.",
            ),
            _value(
                "GuestUsageGuidelinesUrl",
                "System.String",
                "",
                "A link to the Group Usage Guidelines for guests.",
            ),
            _value(
                "GroupCreationAllowedGroupId",
                "System.Guid",
                "",
                "Guid of the security group that is always allowed to create Unified Groups.",
            ),
            _value(
                "AllowToAddGuests",
                "System.Boolean",
                "True",
                "Flag indicating if guests are allowed in any Unified Group.",
            ),
            _value(
                "UsageGuidelinesUrl", "System.String", "", "A link to the Group Usage Guidelines."
            ),
            _value(
                "ClassificationList",
                "System.String",
                "",
                "Comma-delimited classification values that can be applied to Unified Groups.",
            ),
            _value(
                "EnableGroupCreation",
                "System.Boolean",
                "True",
                "Flag indicating if group creation feature is on.",
            ),
            _value(
                "NewUnifiedGroupWritebackDefault",
                "System.Boolean",
                "True",
                "Flag indicating if new Unified Groups are written back to on-premises by default.",
            ),
            _value(
                "EnableMIPLabels",
                "System.Boolean",
                "False",
                "Whether sensitivity labels can be assigned to Unified Groups.",
            ),
        ],
    },
    "08d542b9-071f-4e16-94b0-74abb372e3d9": {
        "displayName": "Group.Unified.Guest",
        "description": "Settings for a specific Unified Group",
        "values": [
            _value(
                "AllowToAddGuests",
                "System.Boolean",
                "True",
                "Flag indicating if guests are allowed in a specific Unified Group.",
            )
        ],
    },
}
TENANT_TEMPLATE = "62375ab9-6b52-47ed-826b-58e47e0e304b"
GROUP_TEMPLATE = "08d542b9-071f-4e16-94b0-74abb372e3d9"


class Policies:
    """Cross-tenant access and directory settings."""

    def __init__(self, tenant: PoliciesHost) -> None:
        self.tenant = tenant
        self.store = tenant.store

    # cross-tenant access ---------------------------------------------------------------------

    def policy(self) -> Document:
        """The tenant's crossTenantAccessPolicy singleton."""
        return {
            "id": self.tenant.stable_id("crossTenantAccessPolicy"),
            "displayName": "CrossTenantAccessPolicy",
            "description": None,
            "deletedDateTime": None,
            "allowedCloudEndpoints": [],
        }

    def default(self) -> Document:
        """The default configuration (service defaults until changed)."""
        return merge(SERVICE_DEFAULT, self.store.meta_get(DEFAULT_KEY, {}))

    def update_default(self, changes: Document) -> Document:
        """PATCH the default configuration."""
        clean = DEFAULT_SHAPE.validate(changes, creating=False)
        stored = merge(self.store.meta_get(DEFAULT_KEY, {}), clean)
        stored["isServiceDefault"] = False
        self.store.meta_set(DEFAULT_KEY, stored)
        return self.default()

    def reset_default(self) -> None:
        """POST .../default/resetToSystemDefault."""
        self.store.meta_set(DEFAULT_KEY, {})

    def partners(self) -> list[Document]:
        """Every partner configuration."""
        return self.store.list(PARTNER)

    def partner(self, tenant_id: str) -> Document:
        """One partner configuration by tenant id."""
        return require(self.store, PARTNER, tenant_id.lower(), PartnerNotFound.for_tenant)

    def create_partner(self, body: Document) -> Document:
        """POST /policies/crossTenantAccessPolicy/partners."""
        clean = PARTNER_SHAPE.validate(body, creating=True)
        key = clean["tenantId"].lower()
        if self.store.get(PARTNER, key) is not None:
            raise PartnerExists(key)
        doc: Document = {
            "tenantId": key,
            "isServiceProvider": None,
            "isInMultiTenantOrganization": False,
            **{k: None for k in _POLICY_PARTS},
            **clean,
        }
        self.store.put(PARTNER, key, doc)
        return doc

    def update_partner(self, tenant_id: str, changes: Document) -> Document:
        """PATCH a partner configuration."""
        doc = self.partner(tenant_id)
        clean = PARTNER_SHAPE.validate(changes, creating=False)
        if str(clean.get("tenantId") or doc["tenantId"]).lower() != doc["tenantId"]:
            raise DirectoryBadRequest("Property 'tenantId' is read-only and cannot be changed.")
        clean.pop("tenantId", None)
        updated = merge(doc, clean)
        self.store.put(PARTNER, doc["tenantId"], updated)
        return updated

    def delete_partner(self, tenant_id: str) -> None:
        """DELETE a partner configuration."""
        self.partner(tenant_id)
        self.store.delete(PARTNER, tenant_id.lower())

    # directory settings ----------------------------------------------------------------------

    def templates(self) -> list[Document]:
        """groupSettingTemplates."""
        return [{"id": id, "deletedDateTime": None, **t} for id, t in TEMPLATES.items()]

    def template(self, id: str) -> Document:
        """One groupSettingTemplate."""
        for template in self.templates():
            if template["id"] == id:
                return template
        raise NotFound.resource(id)

    def settings(self, group_id: str | None) -> list[Document]:
        """Tenant-wide settings (``group_id`` None) or a group's settings."""
        if group_id is None:
            return [row.body for _, row in self.store.scan(SETTING, equals=("_scope", "tenant"))]
        self.tenant.directory.group(group_id)
        return self.store.list(SETTING, parent=group_id)  # stored under the group they scope

    def setting(self, group_id: str | None, id: str) -> Document:
        """One setting on a scope (read by id: a tenant has a setting per group)."""
        if group_id is not None:
            self.tenant.directory.group(group_id)
        setting = self.store.get(SETTING, id)
        if setting is None or setting["_scope"] != (group_id or "tenant"):
            raise NotFound.resource(id)
        return setting

    def tenant_value(self, name: str) -> str:
        """A value of the tenant-wide Group.Unified setting, else the template's default."""
        for setting in self.settings(None):
            for value in setting["values"]:
                if value["name"] == name:
                    return str(value["value"])
        defaults = TEMPLATES[TENANT_TEMPLATE]["values"]
        return str(next(v["defaultValue"] for v in defaults if v["name"] == name))

    def _values(self, template_id: str, given: Any) -> list[dict[str, str]]:
        """The given values over the template's defaults."""
        if not isinstance(given, list) or not all(
            isinstance(v, dict) and isinstance(v.get("name"), str) for v in given
        ):
            raise InvalidSetting(
                "Invalid value specified for property 'values' of resource 'groupSetting'."
            )
        declared = {v["name"]: v for v in TEMPLATES[template_id]["values"]}
        current = {name: v["defaultValue"] for name, v in declared.items()}
        for value in given:
            if value["name"] not in declared:
                raise InvalidSetting(
                    f"Setting '{value['name']}' is not defined by template {template_id}."
                )
            name = value["name"]
            current[name] = check_value(name, declared[name]["type"], str(value.get("value", "")))
        return [{"name": n, "value": v} for n, v in current.items()]

    def create_setting(self, group_id: str | None, body: Document) -> Document:
        """POST /groupSettings or /groups/{id}/settings."""
        clean = SETTING_SHAPE.validate(body, creating=True)
        template_id = clean.get("templateId")
        if template_id not in TEMPLATES:
            raise InvalidSetting(f"Invalid templateId '{template_id}'.")
        expected = GROUP_TEMPLATE if group_id else TENANT_TEMPLATE
        if template_id != expected:
            raise InvalidSetting(f"Template {template_id} cannot be used on this scope.")
        if any(s["templateId"] == template_id for s in self.settings(group_id)):
            raise SettingConflict()
        doc: Document = {
            "id": new_id(),
            "displayName": TEMPLATES[template_id]["displayName"],
            "templateId": template_id,
            "values": self._values(template_id, clean.get("values", [])),
            "_scope": group_id or "tenant",
        }
        self.store.put(SETTING, doc["id"], doc, parent=group_id)
        return doc

    def update_setting(self, group_id: str | None, id: str, body: Document) -> Document:
        """PATCH a setting's values."""
        doc = self.setting(group_id, id)
        clean = SETTING_SHAPE.validate(body, creating=False)
        if clean.get("templateId", doc["templateId"]) != doc["templateId"]:
            raise InvalidSetting("Property 'templateId' cannot be changed.")
        values = doc["values"]
        if "values" in clean:
            values = self._values(doc["templateId"], clean["values"])
        updated = {**doc, "values": values}
        self.store.put(SETTING, id, updated, parent=group_id)
        return updated

    def delete_setting(self, group_id: str | None, id: str) -> None:
        """DELETE a setting."""
        self.setting(group_id, id)
        self.store.delete(SETTING, id)
