"""The bootstrap program under Pulumi mocks: two applications with their service principals,
granted exactly the permissions `tenantctl permissions` computes (the read identity only
read permissions), and the pipelines' federated credentials."""

from __future__ import annotations

import asyncio
import json
import runpy
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pulumi
import pytest

from tenantctl.bootstrap.identities import declare
from tenantctl.bootstrap.permissions import Grants, computed
from tenantctl.bootstrap.settings import AUDIENCE, read_settings
from tenantctl.components.directory import GroupProvider
from tenantctl.governance.permissions import stack_kinds, stack_reads
from tenantctl.m365.apps import GRAPH_APP_ID, SHAREPOINT_APP_ID
from tenantctl.m365.permissions import granted_by, read_only
from tenantctl.resources import required_permissions
from tenantctl.stack.project import load_stack

ROOT = Path(__file__).resolve().parents[3]
ORG_ID = "5d0c3b8e-7f21-4a96-b0e4-91c2d7a6f358"
CONFIG: dict[str, Any] = {
    "description": "demo",
    "name": "tenantctl-montaurel",
    "github": {"repository": "montaurel/tenant"},
    "azureDevOps": {
        "organization": "montaurel",
        "organizationId": ORG_ID,
        "project": "tenant",
        "deployServiceConnection": "tenant-deploy",
        "readServiceConnection": "tenant-read",
    },
}


def role_id(api: str, permission: str) -> str:
    """The app role id the mocked API publishes for a permission."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{api}/{permission}"))


@dataclass(frozen=True)
class Declared:
    type: str
    name: str
    inputs: dict[str, Any]


class TenantMocks(pulumi.runtime.Mocks):
    """Graph's and SharePoint's service principals with app roles for `published`
    permissions; every declared resource recorded."""

    def __init__(self, published: set[str]) -> None:
        self.published = published
        self.declared: list[Declared] = []

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        self.declared.append(Declared(args.typ, args.name, dict(args.inputs)))
        outputs = {**args.inputs, "clientId": f"client-{args.name}", "objectId": f"oid-{args.name}"}
        return f"id-{args.name}", outputs

    def call(self, args: pulumi.runtime.MockCallArgs) -> dict[str, Any]:
        assert args.token == "azuread:index/getServicePrincipal:getServicePrincipal", args.token
        api = args.args["clientId"]
        assert api in (GRAPH_APP_ID, SHAREPOINT_APP_ID)
        names = {p.removeprefix(f"{api}/") for p in self.published if p.startswith(f"{api}/")}
        return {
            "clientId": api,
            "objectId": f"sp-{api}",
            "appRoleIds": {name: role_id(api, name) for name in names},
        }

    def of_type(self, suffix: str) -> list[Declared]:
        """The declared resources of a type, by name."""
        return sorted((d for d in self.declared if d.type.endswith(suffix)), key=lambda d: d.name)


def published(grants: dict[str, Grants]) -> set[str]:
    return {
        f"{api}/{p}"
        for g in grants.values()
        for api, perms in ((GRAPH_APP_ID, g.graph), (SHAREPOINT_APP_ID, g.sharepoint))
        for p in perms
    }


def run(mocks: TenantMocks, program: Callable[[], None]) -> None:
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        pulumi.runtime.set_mocks(mocks, project="tenant-bootstrap", stack="test", preview=False)
        pulumi.runtime.test(program)()  # type: ignore[no-untyped-call]
    finally:
        asyncio.set_event_loop(None)
        loop.close()


def expected(description: str, provider: GroupProvider) -> dict[str, Grants]:
    """What `tenantctl permissions` computes, in this process."""
    tenant = load_stack(description).tenant
    return {
        "deploy": Grants.of(required_permissions(stack_kinds(tenant, provider))),
        "read": Grants.of(stack_reads(tenant, provider).permissions),
    }


def assignments(mocks: TenantMocks, identity: str) -> set[tuple[str, str]]:
    """(API service principal, app role id) of one identity's role assignments."""
    principal = f"oid-tenantctl-montaurel-{identity}-sp"
    return {
        (d.inputs["resourceObjectId"], d.inputs["appRoleId"])
        for d in mocks.of_type(":AppRoleAssignment")
        if d.inputs["principalObjectId"] == principal
    }


def granted(grants: Grants) -> set[tuple[str, str]]:
    return {(f"sp-{GRAPH_APP_ID}", role_id(GRAPH_APP_ID, p)) for p in grants.graph} | {
        (f"sp-{SHAREPOINT_APP_ID}", role_id(SHAREPOINT_APP_ID, p)) for p in grants.sharepoint
    }


@pytest.mark.parametrize(
    ("description", "provider"),
    [("demo", "graph"), ("demo", "azuread"), ("city_metropolis", "azuread")],
)
def test_each_identity_is_granted_exactly_its_computed_permissions(
    description: str, provider: GroupProvider
) -> None:
    grants = expected(description, provider)
    mocks = TenantMocks(published(grants))
    settings = read_settings({**CONFIG, "description": description, "groupProvider": provider})

    run(mocks, lambda: declare(settings, grants))  # type: ignore[arg-type]

    assert [d.name for d in mocks.of_type(":Application")] == [
        "tenantctl-montaurel-deploy",
        "tenantctl-montaurel-read",
    ]
    assert [d.inputs["clientId"] for d in mocks.of_type(":ServicePrincipal")] == [
        "client-tenantctl-montaurel-deploy",
        "client-tenantctl-montaurel-read",
    ]
    assert assignments(mocks, "deploy") == granted(grants["deploy"])
    assert assignments(mocks, "read") == granted(grants["read"])
    assert grants["deploy"].sharepoint == ("Sites.FullControl.All",)
    assert grants["read"].sharepoint == ()
    assert all(read_only(p) for p in grants["read"].graph)
    # The deploy identity writes groups: Group.ReadWrite.All, or a permission granting it
    # (Directory.ReadWrite.All, which the group lifecycle policy of a stack with expiry needs).
    writes = {p for held in grants["deploy"].graph for p in (held, *granted_by(held))}
    assert "Group.ReadWrite.All" in writes


def test_the_applications_request_the_permissions_they_are_granted() -> None:
    grants = expected("demo", "azuread")
    mocks = TenantMocks(published(grants))

    run(mocks, lambda: declare(read_settings(CONFIG), grants))  # type: ignore[arg-type]

    deploy, read = mocks.of_type(":Application")
    requested = {
        access["resourceAppId"]: {r["id"] for r in access["resourceAccesses"]}
        for access in deploy.inputs["requiredResourceAccesses"]
    }
    assert requested == {
        GRAPH_APP_ID: {role_id(GRAPH_APP_ID, p) for p in grants["deploy"].graph},
        SHAREPOINT_APP_ID: {role_id(SHAREPOINT_APP_ID, "Sites.FullControl.All")},
    }
    assert [a["resourceAppId"] for a in read.inputs["requiredResourceAccesses"]] == [GRAPH_APP_ID]
    assert all(
        r["type"] == "Role"
        for app in (deploy, read)
        for access in app.inputs["requiredResourceAccesses"]
        for r in access["resourceAccesses"]
    )


def test_the_pipelines_federate_with_their_subjects() -> None:
    grants = expected("demo", "azuread")
    mocks = TenantMocks(published(grants))

    run(mocks, lambda: declare(read_settings(CONFIG), grants))  # type: ignore[arg-type]

    found = {
        (d.inputs["applicationId"], d.inputs["issuer"], d.inputs["subject"])
        for d in mocks.of_type(":ApplicationFederatedIdentityCredential")
    }
    deploy, read = "id-tenantctl-montaurel-deploy", "id-tenantctl-montaurel-read"
    github, devops = (
        "https://token.actions.githubusercontent.com",
        f"https://vstoken.dev.azure.com/{ORG_ID}",
    )
    assert found == {
        (deploy, github, "repo:montaurel/tenant:environment:production"),
        (deploy, devops, "sc://montaurel/tenant/tenant-deploy"),
        (read, github, "repo:montaurel/tenant:pull_request"),
        (read, github, "repo:montaurel/tenant:ref:refs/heads/main"),
        (read, devops, "sc://montaurel/tenant/tenant-read"),
    }
    assert {
        tuple(d.inputs["audiences"])
        for d in mocks.of_type(":ApplicationFederatedIdentityCredential")
    } == {(AUDIENCE,)}


def test_a_permission_the_api_does_not_publish_fails_naming_it() -> None:
    grants = expected("demo", "graph")
    mocks = TenantMocks(published(grants) - {f"{GRAPH_APP_ID}/Team.ReadBasic.All"})

    with pytest.raises(Exception, match=r"no application permission 'Team\.ReadBasic\.All'"):
        run(mocks, lambda: declare(read_settings(CONFIG), grants))  # type: ignore[arg-type]


def test_the_permissions_come_from_the_tenantctl_permissions_command() -> None:
    settings = read_settings({**CONFIG, "groupProvider": "graph"})

    assert computed(settings, "deploy") == expected("demo", "graph")["deploy"]
    assert computed(settings, "read") == expected("demo", "graph")["read"]


def run_program(config: dict[str, Any], mocks: TenantMocks) -> None:
    """bootstrap/__main__.py under mocks, with CONFIG as its stack configuration."""
    values = {
        f"tenant-bootstrap:{key}": value if isinstance(value, str) else json.dumps(value)
        for key, value in config.items()
    }
    pulumi.runtime.set_all_config(values)
    try:
        run(mocks, lambda: runpy.run_path(str(ROOT / "bootstrap" / "__main__.py")))  # type: ignore[arg-type,return-value]
    finally:
        pulumi.runtime.set_all_config({})


def test_the_program_reads_its_configuration_and_grants_what_the_command_prints() -> None:
    grants = expected("demo", "graph")
    mocks = TenantMocks(published(grants))

    run_program({**CONFIG, "groupProvider": "graph"}, mocks)

    assert assignments(mocks, "deploy") == granted(grants["deploy"])
    assert assignments(mocks, "read") == granted(grants["read"])
    assert len(mocks.of_type(":ApplicationFederatedIdentityCredential")) == 5


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"description": "nowhere"},
            "tenant-bootstrap:description: no stack description 'stacks/nowhere' (fix: name one of",
        ),
        ({"github": {"repository": "tenant"}}, "tenant-bootstrap:github.repository: 'tenant'"),
    ],
)
def test_a_bad_setting_stops_the_program_with_one_line_before_any_resource(
    change: dict[str, Any], message: str
) -> None:
    mocks = TenantMocks(set())

    with pytest.raises(pulumi.RunError) as raised:
        run_program({**CONFIG, **change}, mocks)

    assert message in str(raised.value) and "Traceback" not in str(raised.value)
    assert mocks.declared == []
