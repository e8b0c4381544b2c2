"""Built-in Microsoft Entra roles the local tenant knows, by their well-known template ids
(learn.microsoft.com/entra/identity/role-based-access-control/permissions-reference), and which
of them can be assigned with an administrative unit scope
(learn.microsoft.com/entra/identity/role-based-access-control/admin-units-assign-roles).

Every role here is activated: it is listed by ``/directoryRoles`` (directoryrole-list; the
directoryRole's id is the tenant's own, its ``roleTemplateId`` the well-known one) and by
``/roleManagement/directory/roleDefinitions`` (rbacapplication-list-roledefinitions; a built-in
unifiedRoleDefinition's id is its template id).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from local_tenant.errors import NotFound
from local_tenant.storage import Document

if TYPE_CHECKING:
    from local_tenant.units.host import UnitsHost


@dataclass(frozen=True)
class Role:
    """One built-in role."""

    template_id: str
    name: str
    description: str
    scopable: bool
    """Whether it can be assigned with an administrative unit scope."""


ROLES: tuple[Role, ...] = (
    Role(
        "62e90394-69f5-4237-9190-012177145e10",
        "Global Administrator",
        "Can manage all aspects of Microsoft Entra ID and Microsoft services.",
        False,
    ),
    Role(
        "e8611ab8-c189-46e8-94e1-60213ab1f814",
        "Privileged Role Administrator",
        "Can manage role assignments in Microsoft Entra ID.",
        False,
    ),
    Role(
        "194ae4cb-b126-40b2-bd5b-6091b380977d",
        "Security Administrator",
        "Can read security information and reports, and manage security settings.",
        False,
    ),
    Role(
        "f2ef992c-3afb-46b9-b7cf-a126ee74c451",
        "Global Reader",
        "Can read everything that a Global Administrator can, but not update anything.",
        False,
    ),
    Role(
        "b1be1c3e-b65d-4f19-8427-f6fa0d97feb9",
        "Conditional Access Administrator",
        "Can manage Conditional Access capabilities.",
        False,
    ),
    Role(
        "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3",
        "Application Administrator",
        "Can create and manage all aspects of app registrations and enterprise apps.",
        False,
    ),
    Role(
        "729827e3-9c14-49f7-bb1b-9608f156bbb8",
        "Helpdesk Administrator",
        "Can reset passwords for non-administrators and Helpdesk Administrators.",
        True,
    ),
    Role(
        "fdd7a751-b60b-444a-984c-02652fe8fa1c",
        "Groups Administrator",
        "Members of this role can create/manage groups and group settings.",
        True,
    ),
    Role(
        "fe930be7-5e62-47db-91af-98c3a49a38b1",
        "User Administrator",
        "Can manage all aspects of users and groups, including resetting passwords.",
        True,
    ),
    Role(
        "c4e39bd9-1100-46d3-8c65-fb160da0071f",
        "Authentication Administrator",
        "Can access to view, set and reset authentication method information.",
        True,
    ),
    Role(
        "966707d0-3269-4727-9be2-8c3a10f19b9d",
        "Password Administrator",
        "Can reset passwords for non-administrators and Password Administrators.",
        True,
    ),
    Role(
        "4d6ac14f-3453-41d0-bef9-a3e0c569773a",
        "License Administrator",
        "Can manage product licenses on users and groups.",
        True,
    ),
    Role(
        "f28a1f50-f6e7-4571-818b-6a12f2af6b6c",
        "SharePoint Administrator",
        "Can manage all aspects of the SharePoint service.",
        True,
    ),
    Role(
        "69091246-20e8-4a56-aa4d-066075b2a7a8",
        "Teams Administrator",
        "Can manage the Microsoft Teams service.",
        True,
    ),
    Role(
        "7698a772-787b-4ac8-901f-60d6b08affd2",
        "Cloud Device Administrator",
        "Limited access to manage devices in Microsoft Entra ID.",
        True,
    ),
)


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
