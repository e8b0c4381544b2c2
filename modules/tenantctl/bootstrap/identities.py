"""The two identities of a tenant's pipelines, with pulumi-azuread: an application
registration and its service principal each, the application permissions granted as app role
assignments on Microsoft Graph's and SharePoint Online's service principals (what an
administrator's consent does), and the pipelines' federated identity credentials.

pulumi-azuread: `Application`, `ServicePrincipal`, `AppRoleAssignment`
(learn.microsoft.com/graph/api/serviceprincipal-post-approleassignedto),
`ApplicationFederatedIdentityCredential`, and `get_service_principal`, whose `app_role_ids`
maps a permission's name to its app role id.
"""

from __future__ import annotations

from dataclasses import dataclass

import pulumi
import pulumi_azuread as azuread

from tenantctl.bootstrap.permissions import Grants
from tenantctl.bootstrap.settings import AUDIENCE, Identity, Settings
from tenantctl.m365.apps import GRAPH_APP_ID, SHAREPOINT_APP_ID

TITLES = {"deploy": "deployment", "read": "read-only (previews and drift)"}


@dataclass(frozen=True)
class Api:
    """A Microsoft API's service principal in the tenant: its object id and app role ids."""

    object_id: pulumi.Output[str]
    role_ids: pulumi.Output[dict[str, str]]

    @classmethod
    def find(cls, app_id: str) -> Api:
        found = azuread.get_service_principal_output(client_id=app_id)
        return cls(found.object_id, found.app_role_ids)

    def role(self, permission: str) -> pulumi.Output[str]:
        """The app role id of `permission`; an error naming it if the API has none."""

        def pick(ids: dict[str, str]) -> str:
            if permission not in ids:
                raise pulumi.RunError(f"the API has no application permission '{permission}'")
            return ids[permission]

        return self.role_ids.apply(pick)


@dataclass(frozen=True)
class Declared:
    """One identity as declared: its application's client id and service principal."""

    client_id: pulumi.Output[str]
    service_principal: azuread.ServicePrincipal


def declare_identity(
    settings: Settings, identity: Identity, grants: Grants, graph: Api, sharepoint: Api
) -> Declared:
    """The application, service principal, role assignments and federated credentials of one
    identity; resource names derive from `settings.name` and the identity, never from lists'
    positions, so adding a permission or a pipeline does not rename the others."""
    prefix = f"{settings.name}-{identity}"
    apis = [(GRAPH_APP_ID, "graph", graph, grants.graph)]
    if grants.sharepoint:
        apis.append((SHAREPOINT_APP_ID, "sharepoint", sharepoint, grants.sharepoint))
    app = azuread.Application(
        prefix,
        display_name=f"{settings.name} {TITLES[identity]}",
        owners=list(settings.owners),
        sign_in_audience="AzureADMyOrg",
        required_resource_accesses=[
            azuread.ApplicationRequiredResourceAccessArgs(
                resource_app_id=app_id,
                resource_accesses=[
                    azuread.ApplicationRequiredResourceAccessResourceAccessArgs(
                        id=api.role(permission), type="Role"
                    )
                    for permission in permissions
                ],
            )
            for app_id, _, api, permissions in apis
        ],
    )
    principal = azuread.ServicePrincipal(
        f"{prefix}-sp",
        client_id=app.client_id,
        owners=list(settings.owners),
        opts=pulumi.ResourceOptions(parent=app),
    )
    for _, api_name, api, permissions in apis:
        for permission in permissions:
            azuread.AppRoleAssignment(
                f"{prefix}-{api_name}-{permission}",
                app_role_id=api.role(permission),
                principal_object_id=principal.object_id,
                resource_object_id=api.object_id,
                opts=pulumi.ResourceOptions(parent=principal),
            )
    for federation in settings.federations(identity):
        azuread.ApplicationFederatedIdentityCredential(
            f"{prefix}-{federation.name}",
            application_id=app.id,
            display_name=federation.name,
            description=federation.description,
            audiences=[AUDIENCE],
            issuer=federation.issuer,
            subject=federation.subject,
            opts=pulumi.ResourceOptions(parent=app),
        )
    return Declared(app.client_id, principal)


def declare(settings: Settings, grants: dict[Identity, Grants]) -> None:
    """Both identities, and their client ids and permissions as stack outputs (the pipelines'
    AZURE_CLIENT_ID and AZURE_READ_CLIENT_ID variables)."""
    graph, sharepoint = Api.find(GRAPH_APP_ID), Api.find(SHAREPOINT_APP_ID)
    for identity, granted in grants.items():
        declared = declare_identity(settings, identity, granted, graph, sharepoint)
        pulumi.export(f"{identity}ClientId", declared.client_id)
        pulumi.export(
            f"{identity}Permissions",
            [*granted.graph, *(f"SharePoint:{p}" for p in granted.sharepoint)],
        )
