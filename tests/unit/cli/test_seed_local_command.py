"""`tenantctl seed-local STACK --data DIR` without a local tenant serving DIR says so in one
line, with how to start one: no server.json, one left by a tenant that stopped, one that is
truncated or edited, or one whose admin token another tenant refuses; never a traceback."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from tenantctl.generate.local_directory import directory_users
from tenantctl.stack.project import load_stack
from tests.integration.reports.deployed import deploy_licence_groups
from tests.support.cli import one_error, tenantctl
from tests.support.local_tenant_fixture import LocalTenantHandle

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A local tenant's data folder whose server stopped: its admin token is still there."""
    monkeypatch.setenv("TENANTCTL_PROJECT", str(ROOT))
    (tmp_path / "admin.token").write_text("a-token\n")
    return tmp_path


def server_json(data: Path, base_url: str, token_file: Path | None = None) -> dict[str, str]:
    return {
        "base_url": base_url,
        "authority": "https://127.0.0.1:1",
        "tenant_id": "c5b9a0f2-4d3e-4b8a-9f61-2e7d8c1a0b34",
        "certificate": str(data / "tls" / "cert.pem"),
        "admin_token_file": str(token_file or data / "admin.token"),
    }


def seed_local(data: Path) -> str:
    return one_error(tenantctl("seed-local", "demo", "--data", data))


def start(data: Path) -> str:
    return f"start one with `tenantctl local-tenant serve --data {data}`, which writes it"


def test_no_server_json_says_how_to_start_a_local_tenant(data: Path) -> None:
    assert seed_local(data) == (
        f"seed-local: error: no local tenant is serving {data} (no {data}/server.json): "
        f"{start(data)}"
    )


def test_a_server_json_left_by_a_stopped_tenant_says_nothing_answers(data: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        base_url = f"http://127.0.0.1:{probe.getsockname()[1]}/v1.0"
    (data / "server.json").write_text(json.dumps(server_json(data, base_url)))
    line = seed_local(data)
    assert line.startswith(f"seed-local: error: no local tenant answers at {base_url} (Connect")
    assert line.endswith(
        "its server.json is left from one that stopped; start it again with "
        "`tenantctl local-tenant serve --data <its data folder>`"
    )


BROKEN = {
    "truncated": (
        lambda data: '{"base_url": "http://127.0.0.1:8765/v1',
        "JSONDecodeError: Unterminated string starting at: line 1 column 14 (char 13)",
    ),
    "empty": (lambda data: "", "JSONDecodeError: Expecting value: line 1 column 1 (char 0)"),
    "a list": (
        lambda data: "[]",
        "TypeError: list indices must be integers or slices, not str",
    ),
    "without its base URL": (lambda data: "{}", "KeyError: 'base_url'"),
    "naming no admin token": (
        lambda data: json.dumps(
            server_json(data, "http://127.0.0.1:1/v1.0", data / "gone" / "admin.token")
        ),
        "FileNotFoundError: [Errno 2] No such file or directory: '{data}/gone/admin.token'",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_server_json_is_named_with_what_is_wrong(data: Path, case: str) -> None:
    text, problem = BROKEN[case]
    (data / "server.json").write_text(text(data))
    assert seed_local(data) == (
        f"seed-local: error: {data}/server.json is not what a running local tenant writes "
        f"({problem.format(data=data)}): {start(data)}"
    )


@pytest.mark.integration
def test_a_tenant_refusing_the_admin_token_is_named(
    data: Path, local_tenant: LocalTenantHandle
) -> None:
    (data / "server.json").write_text(json.dumps(server_json(data, local_tenant.base_url)))
    assert seed_local(data) == (
        f"seed-local: error: the local tenant at {local_tenant.root_url}/_admin/objects/user "
        "refused the admin token of server.json (401): another local tenant listens there; "
        "stop it, or point --data at the data folder of the one that runs"
    )


@pytest.mark.integration
def test_mailboxes_get_a_usage_once_the_stack_has_licensed_them(
    data: Path, local_tenant: LocalTenantHandle
) -> None:
    local_tenant.admin.reset({"seed": 1, "users": 0, "guests": 0})
    (data / "admin.token").write_text(local_tenant.server.admin_token)
    (data / "server.json").write_text(json.dumps(server_json(data, local_tenant.base_url)))
    demo = load_stack("demo").tenant
    agents = len(list(directory_users(demo)))
    later = "(licensed by `pulumi up`: run seed-local again after it)"

    first = tenantctl("seed-local", "demo", "--data", data)
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines() == [
        f"local tenant: {agents} user(s) added for stack description 'demo'",
        "local tenant: mail usage for 0 mailbox(es), 0 with no activity since their wave; "
        f"{agents} agent(s) without a mailbox yet {later}",
    ]
    deploy_licence_groups(local_tenant, demo, "graph")

    second = tenantctl("seed-local", "demo", "--data", data)
    assert second.returncode == 0, second.stderr
    added, mail = second.stdout.splitlines()
    assert added == "local tenant: 0 user(s) added for stack description 'demo'"
    seeded = len([m for m in local_tenant.admin.objects("mailbox") if m["body"].get("usage")])
    sign_in = demo.tenant.guest_sign_in
    unlicensed = len(sign_in.break_glass) if sign_in else 0
    assert unlicensed == 2  # the emergency access accounts are cloud-only and unlicensed
    assert seeded == agents - unlicensed  # the demo licenses every other agent with Exchange
    assert mail.startswith(f"local tenant: mail usage for {seeded} mailbox(es), ")
    assert mail.endswith(f"; {agents - seeded} agent(s) without a mailbox yet {later}")
