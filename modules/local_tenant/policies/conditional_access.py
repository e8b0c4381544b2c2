"""Conditional access policies.

Shapes follow learn.microsoft.com/graph/api/resources/conditionalaccesspolicy and its complex
types (conditionalaccessconditionset, conditionalaccessusers,
conditionalaccessguestsorexternalusers, conditionalaccessexternaltenants,
conditionalaccessapplications, conditionalaccessgrantcontrols);
behaviour follows conditionalaccessroot-post-policies (201 with the policy; "a valid policy
should contain" an application rule, a user rule and a grant or session control),
conditionalaccesspolicy-update (204; the policy after the change is checked again) and
conditionalaccesspolicy-delete. The schema layer has already refused unknown properties and
enum members (a ``builtInControls`` entry Graph does not know, a ``state`` other than enabled,
disabled or enabledForReportingButNotEnforced); this module refuses what Graph refuses beyond
the schema: a policy naming no users, no applications or no control, ``block`` combined with
other controls, an unknown user or group, guests or external users without their types or
tenants, and external tenants whose `@odata.type` is not their membershipKind's
(resources/conditionalaccessexternaltenants).

Not modelled: evaluating the policies at sign-in, named locations, authentication strengths
and the templates' ``templateId``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from local_tenant.collection import merge, require
from local_tenant.errors import BadRequest, NotFound
from local_tenant.protocol import new_id
from local_tenant.storage import Document

if TYPE_CHECKING:
    from local_tenant.policies.host import PoliciesHost

POLICY = "capolicy"
USER_KEYWORDS = frozenset({"All", "None", "GuestsOrExternalUsers"})
APPLICATION_KEYWORDS = frozenset({"All", "None", "Office365", "MicrosoftAdminPortals"})
_GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
_USER_LISTS = (
    "includeUsers",
    "excludeUsers",
    "includeGroups",
    "excludeGroups",
    "includeRoles",
    "excludeRoles",
)
_TENANT_TYPES = {
    "all": "conditionalAccessAllExternalTenants",
    "enumerated": "conditionalAccessEnumeratedExternalTenants",
}
"""Each membershipKind and the concrete type it is (resources/conditionalaccessexternaltenants:
"the `enumerated` member references an conditionalAccessEnumeratedExternalTenants object")."""
_APPLICATION_LISTS = ("includeApplications", "excludeApplications", "includeUserActions")


class InvalidPolicy(BadRequest):
    """400 for a conditional access policy Graph refuses."""


def _properties(body: Document) -> Document:
    return {k: v for k, v in body.items() if not k.startswith("@") and k != "id"}


class ConditionalAccess:
    """The tenant's conditional access policies."""

    def __init__(self, tenant: PoliciesHost) -> None:
        self.tenant = tenant
        self.store = tenant.store

    def policies(self) -> list[Document]:
        """Every policy."""
        return self.store.list(POLICY)

    def policy(self, id: str) -> Document:
        """One policy."""
        return require(self.store, POLICY, id, NotFound.resource)

    def create(self, body: Document) -> Document:
        """POST /identity/conditionalAccess/policies."""
        doc: Document = {
            "id": new_id(),
            "templateId": None,
            "displayName": None,
            "createdDateTime": self.tenant.clock.iso(),
            "modifiedDateTime": None,
            "state": None,
            "conditions": None,
            "grantControls": None,
            "sessionControls": None,
            **_properties(body),
        }
        doc = self._checked(doc)
        self.store.put(POLICY, doc["id"], doc)
        return doc

    def update(self, id: str, changes: Document) -> Document:
        """PATCH /identity/conditionalAccess/policies/{id}."""
        doc = self._checked(merge(self.policy(id), _properties(changes)))
        doc["modifiedDateTime"] = self.tenant.clock.iso()
        self.store.put(POLICY, id, doc)
        return doc

    def delete(self, id: str) -> None:
        """DELETE /identity/conditionalAccess/policies/{id}."""
        self.policy(id)
        self.store.delete(POLICY, id)

    # Graph's checks ---------------------------------------------------------------------------

    def _checked(self, doc: Document) -> Document:
        if not doc.get("displayName"):
            raise InvalidPolicy("A conditional access policy needs a displayName.")
        if not doc.get("state"):
            raise InvalidPolicy(
                "A conditional access policy needs a state: enabled, disabled or "
                "enabledForReportingButNotEnforced."
            )
        conditions = doc.get("conditions")
        if not isinstance(conditions, dict):
            raise InvalidPolicy("A conditional access policy needs conditions.")
        conditions = dict(conditions)
        conditions["users"] = self._users(conditions.get("users"))
        conditions["applications"] = _applications(conditions.get("applications"))
        conditions.setdefault("clientAppTypes", ["all"])
        doc["conditions"] = conditions
        doc["grantControls"] = _grant(doc.get("grantControls"), doc.get("sessionControls"))
        return doc

    def _users(self, users: Any) -> Document:
        if not isinstance(users, dict):
            raise InvalidPolicy(
                "conditions.users is required: a policy must name the users it applies to "
                "(includeUsers, includeGroups, includeRoles or includeGuestsOrExternalUsers)."
            )
        out: Document = {key: list(users.get(key) or []) for key in _USER_LISTS}
        for key in ("includeGuestsOrExternalUsers", "excludeGuestsOrExternalUsers"):
            out[key] = _guests(key, users.get(key))
        if not any(out[k] for k in ("includeUsers", "includeGroups", "includeRoles")) and (
            out["includeGuestsOrExternalUsers"] is None
        ):
            raise InvalidPolicy(
                "conditions.users includes nobody: set includeUsers, includeGroups, includeRoles "
                "or includeGuestsOrExternalUsers."
            )
        for key in ("includeUsers", "excludeUsers"):
            for value in out[key]:
                if value in USER_KEYWORDS:
                    if key == "includeUsers" and value in ("All", "None") and len(out[key]) > 1:
                        raise InvalidPolicy(
                            f"conditions.users.includeUsers: '{value}' stands alone."
                        )
                    continue
                self._existing(key, value, "user")
        for key in ("includeGroups", "excludeGroups"):
            for value in out[key]:
                self._existing(key, value, "group")
        return out

    def _existing(self, key: str, value: Any, kind: str) -> None:
        directory = self.tenant.directory
        known = (
            isinstance(value, str)
            and _GUID.match(value) is not None
            and directory.kinds_of([value]).get(value) == kind
        )
        if not known:
            raise InvalidPolicy(
                f"conditions.users.{key}: '{value}' is not the id of a {kind} in this tenant."
            )


def _guests(key: str, value: Any) -> Document | None:
    """conditionalAccessGuestsOrExternalUsers: the types, and which external tenants."""
    if value is None:
        return None
    kinds = [k.strip() for k in str(value.get("guestOrExternalUserTypes") or "").split(",")]
    kinds = [k for k in kinds if k]
    if not kinds or "none" in kinds:
        raise InvalidPolicy(
            f"conditions.users.{key}.guestOrExternalUserTypes must name one or more kinds of "
            "guests or external users (for example b2bCollaborationGuest)."
        )
    tenants = value.get("externalTenants")
    if not isinstance(tenants, dict):
        raise InvalidPolicy(
            f"conditions.users.{key}.externalTenants is required: membershipKind 'all', or "
            "'enumerated' with the tenant ids in members."
        )
    kind = tenants.get("membershipKind")
    named = str(tenants.get("@odata.type") or "").removeprefix("#microsoft.graph.")
    if named and kind in _TENANT_TYPES and named != _TENANT_TYPES[kind]:
        raise InvalidPolicy(
            f"conditions.users.{key}.externalTenants is a {named} but its membershipKind is "
            f"'{kind}', which is a {_TENANT_TYPES[kind]}."
        )
    if kind == "all":
        tenants = {"@odata.type": "#microsoft.graph.conditionalAccessAllExternalTenants", **tenants}
    elif kind == "enumerated":
        members = tenants.get("members")
        if (
            not isinstance(members, list)
            or not members
            or not all(isinstance(m, str) and _GUID.match(m) for m in members)
        ):
            raise InvalidPolicy(
                f"conditions.users.{key}.externalTenants.members must list the tenant ids "
                "(GUIDs) when membershipKind is 'enumerated'."
            )
        tenants = {
            "@odata.type": "#microsoft.graph.conditionalAccessEnumeratedExternalTenants",
            **tenants,
        }
    else:
        raise InvalidPolicy(
            f"conditions.users.{key}.externalTenants.membershipKind must be 'all' or 'enumerated'."
        )
    return {**value, "externalTenants": tenants}


def _applications(applications: Any) -> Document:
    if not isinstance(applications, dict):
        raise InvalidPolicy(
            "conditions.applications is required: for example includeApplications ['All']."
        )
    out: Document = {key: list(applications.get(key) or []) for key in _APPLICATION_LISTS}
    for key, value in applications.items():
        out.setdefault(key, value)
    if (
        not out["includeApplications"]
        and not out["includeUserActions"]
        and not out.get("includeAuthenticationContextClassReferences")
    ):
        raise InvalidPolicy(
            "conditions.applications includes nothing: set includeApplications (for example "
            "['All']) or includeUserActions."
        )
    for value in out["includeApplications"] + out["excludeApplications"]:
        if value not in APPLICATION_KEYWORDS and not (
            isinstance(value, str) and _GUID.match(value)
        ):
            raise InvalidPolicy(
                f"conditions.applications: '{value}' is neither an application id nor one of "
                f"{', '.join(sorted(APPLICATION_KEYWORDS))}."
            )
    return out


def _grant(grant: Any, session: Any) -> Document | None:
    if grant is None:
        if session is None:
            raise InvalidPolicy(
                "A conditional access policy needs grantControls or sessionControls."
            )
        return None
    if not isinstance(grant, dict):
        raise InvalidPolicy("grantControls must be an object.")
    if grant.get("operator") not in ("AND", "OR"):
        raise InvalidPolicy("grantControls.operator must be 'AND' or 'OR'.")
    controls = list(grant.get("builtInControls") or [])
    others = grant.get("termsOfUse") or grant.get("customAuthenticationFactors")
    if not controls and not others and not grant.get("authenticationStrength"):
        raise InvalidPolicy("grantControls names no control: set builtInControls, e.g. ['mfa'].")
    if "block" in controls and len(controls) > 1:
        raise InvalidPolicy("grantControls: 'block' cannot be combined with other controls.")
    return {"customAuthenticationFactors": [], "termsOfUse": [], **grant}
