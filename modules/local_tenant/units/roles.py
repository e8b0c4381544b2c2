"""The built-in Microsoft Entra roles of `tenantctl.m365.roles` (well-known template ids, and
which can be assigned with an administrative unit scope), as the local tenant serves them.

Every role here is activated: it is listed by ``/directoryRoles`` (directoryrole-list; the
directoryRole's id is the tenant's own, its ``roleTemplateId`` the well-known one) and by
``/roleManagement/directory/roleDefinitions`` (rbacapplication-list-roledefinitions; a built-in
unifiedRoleDefinition's id is its template id).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from local_tenant.errors import NotFound
from local_tenant.storage import Document
from tenantctl.m365.roles import ROLES, Role

if TYPE_CHECKING:
    from local_tenant.units.host import UnitsHost


class Roles:
    """The tenant's activated directory roles."""

    def __init__(self, tenant: UnitsHost) -> None:
        self.tenant = tenant

    def role_id(self, role: Role) -> str:
        """The tenant's directoryRole object id of a role."""
        return self.tenant.stable_id("directoryRole", role.template_id)

    def directory_roles(self) -> list[Document]:
        """directoryRole objects."""
        return [self._directory_role(r) for r in ROLES]

    def directory_role(self, id: str) -> Document:
        """One directoryRole by its object id."""
        return self._directory_role(self.by_role_id(id))

    def _directory_role(self, role: Role) -> Document:
        return {
            "id": self.role_id(role),
            "deletedDateTime": None,
            "displayName": role.name,
            "description": role.description,
            "roleTemplateId": role.template_id,
        }

    def by_role_id(self, id: str) -> Role:
        """The role of a directoryRole object id (404 for another id)."""
        for role in ROLES:
            if self.role_id(role) == id.lower():
                return role
        raise NotFound.resource(id)

    def definitions(self) -> list[Document]:
        """Built-in unifiedRoleDefinitions."""
        return [self._definition(r) for r in ROLES]

    def definition(self, id: str) -> Document:
        """One built-in unifiedRoleDefinition by its (template) id."""
        for role in ROLES:
            if role.template_id == id.lower():
                return self._definition(role)
        raise NotFound.resource(id)

    @staticmethod
    def _definition(role: Role) -> Document:
        return {
            "id": role.template_id,
            "displayName": role.name,
            "description": role.description,
            "isBuiltIn": True,
            "isEnabled": True,
            "resourceScopes": ["/"],
            "templateId": role.template_id,
            "version": "1",
            "rolePermissions": [],
        }
