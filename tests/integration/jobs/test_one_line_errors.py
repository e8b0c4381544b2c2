"""The commands that read the tenant fail in one line, never a traceback: an unreachable
tenant or token endpoint names the URL and what to check, a token Graph refuses (403) names
the call, Graph's code and message and the permission to grant, and no credential names the
settings to set (never a silent managed identity). Each runs `tenantctl` as users do."""

from __future__ import annotations

import re
import socket
from collections.abc import Callable
from pathlib import Path

import pytest

from tenantctl.graph.settings import ENVIRONMENT
from tests.support.cli import one_error, tenantctl
from tests.support.local_tenant_fixture import LocalTenantHandle
from tests.support.synthetic_stack import SyntheticStack, people

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[3]
Command = Callable[[Path], list[str]]
COMMANDS: dict[str, Command] = {
    "drift": lambda folder: ["drift", "drift", "--state", str(folder / "state.json")],
    "check": lambda folder: ["check", "demo", "--live"],
    "export": lambda folder: ["export", "--out", str(folder / "exported")],
    "report": lambda folder: ["report", "licences", "demo", "--out", str(folder / "report")],
}
WITHHELD = {
    "drift": ("GroupMember.Read.All", ("groups/",)),
    "check": ("User.Read.All", ("users/",)),
    "export": ("GroupSettings.Read.All", ("groupSettings", "groups/")),
    "report": ("User.Read.All", ("users",)),
}
"""A permission each command needs, withheld, and the calls Graph then refuses it."""
STANDS_IN = ("Directory.Read.All",)
"""In the read set for the group lifecycle policy's read (grouplifecyclepolicy-get), and
accepted by Graph for every directory read above: withheld with each."""
CALL = re.compile(
    r"error: (?:GET|POST) /v1\.0/(\S+): 403 Authorization_RequestDenied: Insufficient privileges"
)


def read_roles(*withheld: str) -> list[str]:
    """The roles `tenantctl permissions --read` lists, but those withheld (SharePoint's
    Sites.FullControl.All is one role of the local tenant's token)."""
    listed = tenantctl("permissions", "--read").stdout.split()
    return [p.removeprefix("SharePoint:") for p in listed if p not in withheld]


@pytest.fixture
def folder(
    local_tenant: LocalTenantHandle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A folder holding a deployed team space's state, with no Graph setting or credential
    in the environment but the retry budget (0: a refused connection fails at once)."""
    stack = SyntheticStack(local_tenant, tmp_path / "state.json")
    stack.team_space("erreurs", people(local_tenant))
    stack.export()
    for variable in ENVIRONMENT.values():
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("TENANTCTL_PROJECT", str(ROOT))
    monkeypatch.setenv("TENANTCTL_RETRY_BUDGET_SECONDS", "0")
    return tmp_path


def closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run(command: str, folder: Path, **env: str) -> str:
    return one_error(tenantctl(*COMMANDS[command](folder), env=env, timeout=120))


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_an_unreachable_tenant_is_one_line_naming_the_url_and_what_to_check(
    folder: Path, command: str
) -> None:
    base = f"http://127.0.0.1:{closed_port()}/v1.0"
    line = run(command, folder, TENANTCTL_GRAPH_BASE_URL=base, **token("x"))
    assert line.startswith(f"{command}: error: cannot reach {base}/")
    assert line.endswith(
        "Fix: check graphBaseUrl (TENANTCTL_GRAPH_BASE_URL) and sharepointAdminUrl "
        "(TENANTCTL_SHAREPOINT_ADMIN_URL), and that the network lets this machine reach it."
    )


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_an_unreachable_token_endpoint_is_one_line_naming_it(
    folder: Path, local_tenant: LocalTenantHandle, command: str
) -> None:
    authority = f"https://127.0.0.1:{closed_port()}"
    line = run(command, folder, **secret(local_tenant, local_tenant.client_secret, authority))
    assert line.startswith(
        f"{command}: error: cannot reach the token endpoint "
        f"{authority}/{local_tenant.tenant_id}/oauth2/v2.0/token ("
    )
    assert line.endswith(
        "Fix: check authorityHost (AZURE_AUTHORITY_HOST), the network and any proxy."
    )


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_refused_credential_is_one_line_naming_the_token_endpoint(
    folder: Path, local_tenant: LocalTenantHandle, command: str
) -> None:
    line = run(command, folder, **secret(local_tenant, "not-the-secret", local_tenant.authority))
    assert line.startswith(
        f"{command}: error: Entra ID refused the credential: {local_tenant.authority}/"
        f"{local_tenant.tenant_id}/oauth2/v2.0/token: "
    )
    assert "invalid_client" in line
    assert line.endswith(
        "Fix: check tenantId, clientId and the credential (client secret, certificate or "
        "federated token) in the stack's configuration or the environment."
    )
    assert "not-the-secret" not in line


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_token_lacking_a_permission_names_the_call_graphs_answer_and_the_permission(
    folder: Path, local_tenant: LocalTenantHandle, command: str
) -> None:
    permission, calls = WITHHELD[command]
    line = run(command, folder, **graph(local_tenant, read_roles(permission, *STANDS_IN)))
    refused = CALL.search(line)
    assert line.startswith(f"{command}: error: ") and refused is not None
    assert refused[1].startswith(calls)
    assert line.endswith(
        f"Fix: grant the application {permission}, with admin consent (`tenantctl permissions "
        "--read` lists what the read-only commands read)."
    )


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_the_permissions_listed_for_the_jobs_are_enough(
    folder: Path, local_tenant: LocalTenantHandle, command: str
) -> None:
    result = tenantctl(*COMMANDS[command](folder), env=graph(local_tenant, read_roles()))
    output = result.stdout + result.stderr
    assert "Traceback" not in output and "403" not in output
    assert f"{command}: error:" not in output


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_no_credential_is_one_line_naming_the_settings_never_a_managed_identity(
    folder: Path, local_tenant: LocalTenantHandle, command: str
) -> None:
    line = run(command, folder, TENANTCTL_GRAPH_BASE_URL=local_tenant.base_url)
    assert line.startswith(
        f"{command}: error: no Graph credential is configured: set credential "
        "(TENANTCTL_CREDENTIAL) to one of token | workload_identity | github_oidc | "
        "certificate | client_secret | managed_identity with its input: "
    )
    assert "clientSecret (AZURE_CLIENT_SECRET)" in line
    assert line.endswith("and tenantId (AZURE_TENANT_ID), clientId (AZURE_CLIENT_ID)")


def token(value: str) -> dict[str, str]:
    return {"TENANTCTL_CREDENTIAL": "token", "TENANTCTL_ACCESS_TOKEN": value}


def graph(tenant: LocalTenantHandle, roles: list[str]) -> dict[str, str]:
    """The local tenant, with a token holding ROLES."""
    return {
        "TENANTCTL_GRAPH_BASE_URL": tenant.base_url,
        "TENANTCTL_SHAREPOINT_ADMIN_URL": tenant.root_url,
        **token(tenant.token(roles)),
    }


def secret(tenant: LocalTenantHandle, client_secret: str, authority: str) -> dict[str, str]:
    """A client secret credential against the local tenant's token endpoint."""
    return {
        "TENANTCTL_GRAPH_BASE_URL": tenant.base_url,
        "TENANTCTL_SHAREPOINT_ADMIN_URL": tenant.root_url,
        "AZURE_TENANT_ID": tenant.tenant_id,
        "AZURE_CLIENT_ID": tenant.client_id,
        "AZURE_CLIENT_SECRET": client_secret,
        "AZURE_AUTHORITY_HOST": authority,
        "TENANTCTL_CA_BUNDLE": str(tenant.certificate),
    }
