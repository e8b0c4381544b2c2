"""The Administration component: an organisation's administrative unit, what it holds, and
who holds a role over it, through either group provider.

`azuread` declares pulumi-azuread's AdministrativeUnit, AdministrativeUnitMember and
AdministrativeUnitRoleMember, the directoryRole's id found among the tenant's activated roles
(`get_directory_roles`); pulumi-azuread 6.x has no dynamic membership for a unit, so a unit of
the organisation's users (a rule on companyName) is the Graph layer's `AdministrativeUnit`
under either provider. `graph` declares the Graph layer's kinds throughout.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

import pulumi
import pulumi_azuread as azuread

from tenantctl.components.directory import AzureadDirectory, DirectoryBackend, GroupProvider
from tenantctl.components.naming import ComponentType, name_slug
from tenantctl.m365.roles import Role, role_named
from tenantctl.model import Organisation
from tenantctl.model.derive import company_rule, unit_name
from tenantctl.model.schema import UnitMembers
from tenantctl.resources.specs.administrative_unit import (
    AdministrativeUnit,
    AdministrativeUnitArgs,
)
from tenantctl.resources.specs.administrative_unit_member import (
    AdministrativeUnitMember,
    AdministrativeUnitMemberArgs,
)
from tenantctl.resources.specs.administrative_unit_scoped_role import (
    AdministrativeUnitScopedRole,
    AdministrativeUnitScopedRoleArgs,
)
from tenantctl.user_error import UserError

ADMINISTRATION = ComponentType("Administration", "Administration of", "administration-")


class UnitBackend(Protocol):
    """What the component needs from a provider."""

    def assigned_unit(
        self, name: str, args: AdministrativeUnitArgs, parent: pulumi.Resource
    ) -> pulumi.Output[str]:
        """Declare a unit of assigned members; return its object id."""

    def member(
        self,
        name: str,
        unit_id: pulumi.Input[str],
        member_id: pulumi.Input[str],
        parent: pulumi.Resource,
    ) -> None:
        """Put a group in the unit."""

    def scoped_role(
        self, name: str, unit_id: pulumi.Input[str], role: Role, upn: str, parent: pulumi.Resource
    ) -> None:
        """Give a user a role over the unit."""


class AzureadUnits:
    """Units, members and scoped roles through pulumi-azuread."""

    def __init__(self, directory: AzureadDirectory) -> None:
        self.directory = directory
        self._roles: pulumi.Output[Mapping[str, str]] | None = None

    def role_id(self, role: Role) -> pulumi.Output[str]:
        """The tenant's directoryRole object id of an activated role, looked up once."""
        if self._roles is None:
            self._roles = azuread.get_directory_roles_output().roles.apply(
                lambda roles: {r.template_id: r.object_id for r in roles or ()}
            )
        return self._roles.apply(lambda ids: _activated(ids, role))

    def assigned_unit(
        self, name: str, args: AdministrativeUnitArgs, parent: pulumi.Resource
    ) -> pulumi.Output[str]:
        unit = azuread.AdministrativeUnit(
            name,
            display_name=args.display_name,
            description=args.description or None,
            hidden_membership_enabled=args.visibility == "HiddenMembership",
            prevent_duplicate_names=True,
            opts=pulumi.ResourceOptions(parent=parent),
        )
        return unit.object_id

    def member(
        self,
        name: str,
        unit_id: pulumi.Input[str],
        member_id: pulumi.Input[str],
        parent: pulumi.Resource,
    ) -> None:
        azuread.AdministrativeUnitMember(
            name,
            administrative_unit_object_id=unit_id,
            member_object_id=member_id,
            opts=pulumi.ResourceOptions(parent=parent),
        )

    def scoped_role(
        self, name: str, unit_id: pulumi.Input[str], role: Role, upn: str, parent: pulumi.Resource
    ) -> None:
        azuread.AdministrativeUnitRoleMember(
            name,
            administrative_unit_object_id=unit_id,
            member_object_id=self.directory.user_id(upn),
            role_object_id=self.role_id(role),
            opts=pulumi.ResourceOptions(parent=parent),
        )


def _activated(ids: Mapping[str, str], role: Role) -> str:
    """The directoryRole id of `role` among the tenant's activated roles."""
    if role.template_id not in ids:
        raise UserError(
            f"the role {role.name} is not activated in the tenant, so it cannot be held over "
            "an administrative unit: activate it (Entra admin centre, Roles and "
            "administrators) and run again"
        )
    return ids[role.template_id]


class GraphUnits:
    """Units, members and scoped roles through the toolkit's Graph resource layer."""

    def assigned_unit(
        self, name: str, args: AdministrativeUnitArgs, parent: pulumi.Resource
    ) -> pulumi.Output[str]:
        return AdministrativeUnit(name, args, pulumi.ResourceOptions(parent=parent)).id

    def member(
        self,
        name: str,
        unit_id: pulumi.Input[str],
        member_id: pulumi.Input[str],
        parent: pulumi.Resource,
    ) -> None:
        AdministrativeUnitMember(
            name,
            AdministrativeUnitMemberArgs(unit_id=unit_id, member_id=member_id),
            pulumi.ResourceOptions(parent=parent),
        )

    def scoped_role(
        self, name: str, unit_id: pulumi.Input[str], role: Role, upn: str, parent: pulumi.Resource
    ) -> None:
        AdministrativeUnitScopedRole(
            name,
            AdministrativeUnitScopedRoleArgs(unit_id=unit_id, role=role.template_id, user=upn),
            pulumi.ResourceOptions(parent=parent),
        )


def unit_backend(provider: GroupProvider, directory: DirectoryBackend) -> UnitBackend:
    """The backend for a stack's `groupProvider` (azuread's shares the directory's user
    look-ups)."""
    if provider == "azuread" and isinstance(directory, AzureadDirectory):
        return AzureadUnits(directory)
    return GraphUnits()


class Administration(pulumi.ComponentResource):
    """An organisation's administrative unit: its users by rule, or its directorates' groups;
    and the people who hold each role over it."""

    component = ADMINISTRATION

    unit_id: pulumi.Output[str]

    def __init__(
        self,
        organisation: Organisation,
        group_ids: Mapping[str, pulumi.Input[str]],
        backend: UnitBackend,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        name = self.component.name(organisation.key)
        super().__init__(self.component.token, name, None, opts)
        admin = organisation.administration
        assert admin is not None  # the tenant builds one only for an organisation that has it
        visibility = "HiddenMembership" if admin.hidden else "Public"
        if admin.members is UnitMembers.USERS:
            unit = AdministrativeUnit(
                f"{name}-unit",
                AdministrativeUnitArgs(
                    display_name=unit_name(organisation),
                    description=admin.description,
                    visibility=visibility,
                    membership_type="Dynamic",
                    membership_rule=company_rule(organisation),
                    membership_rule_processing_state="On",
                    adopt_id=admin.adopt,
                ),
                pulumi.ResourceOptions(parent=self),
            )
            self.unit_id = unit.id
        else:
            args = AdministrativeUnitArgs(
                display_name=unit_name(organisation),
                description=admin.description,
                visibility=visibility,
                adopt_id=admin.adopt,
            )
            self.unit_id = backend.assigned_unit(f"{name}-unit", args, self)
            for code, group_id in group_ids.items():
                backend.member(f"{name}-{code.lower()}", self.unit_id, group_id, self)
        for held in admin.roles:
            role = role_named(held.role)
            assert role is not None  # validation refused unknown roles
            for upn in held.people:
                slug = f"{name_slug(role.name)}-{name_slug(upn)}"
                backend.scoped_role(f"{name}-{slug}", self.unit_id, role, upn, self)
        self.register_outputs({"unit_id": self.unit_id})
