"""Administrative units: their members and the roles scoped to them.

Behaviour follows learn.microsoft.com/graph/api/resources/administrativeunit (``membershipType``
``Dynamic`` with a ``membershipRule`` over users, evaluated as a dynamic group's rule is, and
``membershipRuleProcessingState`` On or Paused; otherwise members are assigned),
directory-post-administrativeunits, administrativeunit-update, -delete, administrativeunit-
post-members (users and groups by ``$ref``; not for a dynamic unit), -list-members,
-delete-members, administrativeunit-post-scopedrolemembers (``roleId``: an activated
directoryRole that can be scoped to a unit, `roles.ROLES`; ``roleMemberInfo.id``: a user),
-list-scopedrolemembers, -get-scopedrolemembers and -delete-scopedrolemembers.

Not modelled: devices as members, restricted management units
(``isMemberManagementRestricted`` is stored, not enforced), and deleted units in deletedItems.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from local_tenant.collection import merge, require
from local_tenant.directory.exceptions import DuplicateReference, ObjectNotFound
from local_tenant.directory.models import GROUP, USER
from local_tenant.directory.rules import compile_rule
from local_tenant.errors import DirectoryBadRequest
from local_tenant.protocol import new_id, parse_bind
from local_tenant.storage import Document

if TYPE_CHECKING:
    from local_tenant.units.host import UnitsHost

UNIT = "adminunit"
SCOPED = "scopedrolemember"
VISIBILITIES = (None, "Public", "HiddenMembership")
PROCESSING_STATES = ("On", "Paused")


def _properties(body: Document) -> Document:
    return {k: v for k, v in body.items() if not k.startswith("@") and k != "id"}


class AdministrativeUnits:
    """The tenant's administrative units."""

    def __init__(self, tenant: UnitsHost) -> None:
        self.tenant = tenant
        self.store = tenant.store

    def units(self) -> list[Document]:
        """Every unit."""
        return self.store.list(UNIT)

    def unit(self, id: str) -> Document:
        """One unit."""
        return require(self.store, UNIT, id, ObjectNotFound.resource)

    def create(self, body: Document) -> Document:
        """POST /directory/administrativeUnits."""
        doc: Document = {
            "id": new_id(),
            "deletedDateTime": None,
            "displayName": None,
            "description": None,
            "visibility": None,
            "isMemberManagementRestricted": False,
            "membershipType": None,
            "membershipRule": None,
            "membershipRuleProcessingState": None,
            "_members": [],
        }
        doc = self._checked(merge(doc, _properties(body)), creating=True)
        self.store.put(UNIT, doc["id"], doc)
        return doc

    def update(self, id: str, changes: Document) -> Document:
        """PATCH /directory/administrativeUnits/{id}."""
        before = self.unit(id)
        clean = _properties(changes)
        if "isMemberManagementRestricted" in clean and (
            clean["isMemberManagementRestricted"] != before["isMemberManagementRestricted"]
        ):
            raise DirectoryBadRequest(
                "Property 'isMemberManagementRestricted' can only be set when the "
                "administrative unit is created."
            )
        doc = self._checked(merge(before, clean), creating=False)
        if doc.get("membershipType") == "Dynamic" and before.get("membershipType") != "Dynamic":
            doc["_members"] = []
        paused = doc.get("membershipRuleProcessingState") == "Paused"
        if paused and before.get("membershipRuleProcessingState") != "Paused":
            doc["_frozen"] = self._rule_members(doc)
        elif not paused:
            doc.pop("_frozen", None)
        self.store.put(UNIT, id, doc)
        return doc

    def delete(self, id: str) -> None:
        """DELETE /directory/administrativeUnits/{id}, with its scoped role members."""
        self.unit(id)
        for scoped in self.store.list(SCOPED, parent=id):
            self.store.delete(SCOPED, scoped["id"])
        self.store.delete(UNIT, id)

    @staticmethod
    def _checked(doc: Document, creating: bool) -> Document:
        if not doc.get("displayName"):
            raise DirectoryBadRequest(
                "Invalid value specified for property 'displayName' of resource "
                "'AdministrativeUnit'."
            )
        if doc.get("visibility") not in VISIBILITIES:
            raise DirectoryBadRequest(
                "Invalid value specified for property 'visibility' of resource "
                "'AdministrativeUnit': expected Public or HiddenMembership."
            )
        kind = doc.get("membershipType")
        if kind not in (None, "Assigned", "Dynamic"):
            raise DirectoryBadRequest(
                "Invalid value specified for property 'membershipType' of resource "
                "'AdministrativeUnit': expected Dynamic or Assigned."
            )
        if kind == "Dynamic":
            compile_rule(doc.get("membershipRule") or "")
            if doc.get("membershipRuleProcessingState") is None:
                doc["membershipRuleProcessingState"] = "On"
        elif doc.get("membershipRule"):
            raise DirectoryBadRequest(
                "A membershipRule needs membershipType 'Dynamic' on the administrative unit."
            )
        state = doc.get("membershipRuleProcessingState")
        if state is not None and state not in PROCESSING_STATES:
            raise DirectoryBadRequest(
                "Invalid value specified for property 'membershipRuleProcessingState' of "
                "resource 'AdministrativeUnit': expected On or Paused."
            )
        return doc

    # members ----------------------------------------------------------------------------------

    def member_ids(self, id: str) -> list[str]:
        """Member ids: from the rule for a dynamic unit (frozen while Paused), else assigned
        (objects deleted since are left out)."""
        doc = self.unit(id)
        directory = self.tenant.directory
        if doc.get("membershipType") == "Dynamic":
            if doc.get("membershipRuleProcessingState") == "Paused":
                return list(doc.get("_frozen", []))
            return self._rule_members(doc)
        known = directory.kinds_of(doc["_members"])
        return [m for m in doc["_members"] if m in known]

    def add_member(self, id: str, reference: Any) -> None:
        """POST .../members/$ref with a user's or group's URL."""
        doc = self.unit(id)
        if doc.get("membershipType") == "Dynamic":
            raise DirectoryBadRequest(
                "Members cannot be added to or removed from an administrative unit with "
                "dynamic membership."
            )
        object_id = _referenced(reference)
        kind, _ = self.tenant.directory.directory_object(object_id)
        if kind not in (USER, GROUP):
            raise DirectoryBadRequest("Only users and groups can be members here.")
        if object_id in self.member_ids(id):
            raise DuplicateReference("members")
        doc["_members"] = [*self.member_ids(id), object_id]
        self.store.put(UNIT, id, doc)

    def remove_member(self, id: str, object_id: str) -> None:
        """DELETE .../members/{id}/$ref."""
        doc = self.unit(id)
        if doc.get("membershipType") == "Dynamic":
            raise DirectoryBadRequest(
                "Members cannot be added to or removed from an administrative unit with "
                "dynamic membership."
            )
        if object_id not in self.member_ids(id):
            raise ObjectNotFound.resource(object_id)
        doc["_members"] = [m for m in doc["_members"] if m != object_id]
        self.store.put(UNIT, id, doc)

    def _rule_members(self, doc: Document) -> list[str]:
        rule = compile_rule(doc["membershipRule"])
        return [u["id"] for u in self.tenant.directory.users() if rule(u)]

    # scoped role members ----------------------------------------------------------------------

    def scoped_members(self, id: str) -> list[Document]:
        """scopedRoleMemberships of a unit."""
        self.unit(id)
        return self.store.list(SCOPED, parent=id)

    def scoped_member(self, id: str, membership_id: str) -> Document:
        """One scopedRoleMembership."""
        self.unit(id)
        doc = self.store.get(SCOPED, membership_id)
        if doc is None or doc["administrativeUnitId"] != id:
            raise ObjectNotFound.resource(membership_id)
        return doc

    def add_scoped_member(self, id: str, body: Document) -> Document:
        """POST .../scopedRoleMembers."""
        self.unit(id)
        role_id, info = body.get("roleId"), body.get("roleMemberInfo")
        if not isinstance(role_id, str) or not isinstance(info, dict) or not info.get("id"):
            raise DirectoryBadRequest(
                "A scoped role membership needs 'roleId' and 'roleMemberInfo' with the id of "
                "the user."
            )
        role = self.tenant.roles.by_role_id(role_id)
        if not role.scopable:
            raise DirectoryBadRequest(
                f"The role '{role.name}' cannot be assigned with an administrative unit scope."
            )
        kind, member = self.tenant.directory.directory_object(str(info["id"]))
        if kind != USER:
            raise DirectoryBadRequest("The role member of a scoped role membership must be a user.")
        for existing in self.scoped_members(id):
            if existing["roleId"] == role_id and existing["roleMemberInfo"]["id"] == member["id"]:
                raise DirectoryBadRequest(
                    "A conflicting object with one or more of the specified property values is "
                    "present in the directory."
                )
        doc: Document = {
            "id": new_id(),
            "roleId": role_id,
            "administrativeUnitId": id,
            "roleMemberInfo": {"id": member["id"], "displayName": member.get("displayName")},
        }
        self.store.put(SCOPED, doc["id"], doc, parent=id)
        return doc

    def remove_scoped_member(self, id: str, membership_id: str) -> None:
        """DELETE .../scopedRoleMembers/{id}."""
        self.scoped_member(id, membership_id)
        self.store.delete(SCOPED, membership_id)


def _referenced(reference: Any) -> str:
    """The object id of a ``$ref`` body's ``@odata.id``."""
    url = reference.get("@odata.id") if isinstance(reference, dict) else None
    for collection in ("directoryObjects", "users", "groups"):
        if isinstance(url, str) and f"/{collection}" in url:
            return parse_bind(url, collection)
    raise DirectoryBadRequest(
        "Invalid @odata.id: expected the URL of a user or group, such as "
        "https://graph.microsoft.com/v1.0/directoryObjects/{id}."
    )
