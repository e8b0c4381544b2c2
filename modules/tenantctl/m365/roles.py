"""Built-in Microsoft Entra roles: their well-known template ids and which can be scoped.

A built-in role's template id is the same in every tenant
(learn.microsoft.com/entra/identity/role-based-access-control/permissions-reference); only
some roles can be assigned over an administrative unit instead of the whole tenant
(learn.microsoft.com/entra/identity/role-based-access-control/admin-units-assign-roles,
"Roles that can be assigned with administrative unit scope"). The description names a role by
its display name; the toolkit and the local tenant read both facts from here.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class Role:
    """One built-in directory role."""

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
        "29232cdf-9323-42fd-ade2-1d097af3e4de",
        "Exchange Administrator",
        "Can manage all aspects of the Exchange product.",
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
        "7be44c8a-adaf-4e2a-84d6-ab2649e08a13",
        "Privileged Authentication Administrator",
        "Can access to view, set and reset authentication method information for any user.",
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

BY_NAME: dict[str, Role] = {role.name.lower(): role for role in ROLES}
BY_TEMPLATE: dict[str, Role] = {role.template_id: role for role in ROLES}
SCOPABLE: tuple[str, ...] = tuple(role.name for role in ROLES if role.scopable)


def role_named(name: str) -> Role | None:
    """The role of a display name, in any case."""
    return BY_NAME.get(name.strip().lower())


def closest_role(name: str) -> str | None:
    """The display name nearest to a misspelt one, if any is near."""
    close = difflib.get_close_matches(name.strip().lower(), BY_NAME, n=1)
    return BY_NAME[close[0]].name if close else None
