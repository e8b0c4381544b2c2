"""Durability and start-up: restarts lose nothing, SIGKILL loses no acknowledged write, and
``tenantctl local-tenant serve`` answers within two seconds."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from local_tenant.app import LocalTenantServer
from local_tenant.auth import ALL_ROLES, Authority
from local_tenant.organisation import DEFAULT_TENANT_ID
from local_tenant.tenant import Tenant
from tests.support.local_tenant_fixture import LocalTenantHandle, ServerThread

pytestmark = [pytest.mark.integration]
TENANTCTL = Path(sys.executable).with_name("tenantctl")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve_args(data: Path, port: int) -> list[str]:
    return [
        str(TENANTCTL),
        "local-tenant",
        "serve",
        "--data",
        str(data),
        "--port",
        str(port),
        "--tls-port",
        "0",
    ]


def _wait_up(url: str, timeout: float = 10.0) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        try:
            httpx.get(url, timeout=0.5)
            return time.perf_counter() - started
        except httpx.TransportError:
            time.sleep(0.02)
    raise AssertionError(f"{url} did not come up")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, int, subprocess.Popen[bytes]]]:
    port = _free_port()
    process = subprocess.Popen(
        _serve_args(tmp_path, port), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    yield tmp_path, port, process
    if process.poll() is None:
        process.kill()
    process.wait(10)


def _client(data: Path, port: int) -> httpx.Client:
    token = Authority(data, DEFAULT_TENANT_ID).issue(list(ALL_ROLES))
    return httpx.Client(
        base_url=f"http://127.0.0.1:{port}/v1.0",
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )


def test_serve_starts_with_a_faults_file_and_answers(tmp_path: Path) -> None:
    """`tenantctl local-tenant serve` comes up on its port with the faults it was given.

    How fast it starts is measured by bench/local_tenant_startup.py, not here.
    """
    port = _free_port()
    faults = tmp_path / "faults.yaml"
    faults.write_text("latency: {fixed_ms: 1}\nthrottle: {enabled: true}\n")
    args = [*_serve_args(tmp_path, port), "--faults", str(faults), "--transient-rate", "0"]
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_up(f"http://127.0.0.1:{port}/v1.0/users")
        with _client(tmp_path, port) as http:
            assert http.get("/users").status_code == 200
        admin = {"X-Admin-Token": (tmp_path / "admin.token").read_text()}
        config = httpx.get(f"http://127.0.0.1:{port}/_admin/faults", headers=admin).json()["config"]
        assert config["latency"]["fixed_ms"] == 1 and config["throttle"]["enabled"] is True
    finally:
        process.kill()
        process.wait(10)


def test_sigkill_during_writes_loses_no_acknowledged_write(
    served: tuple[Path, int, subprocess.Popen[bytes]],
) -> None:
    data, port, process = served
    _wait_up(f"http://127.0.0.1:{port}/v1.0/users")
    acknowledged: list[str] = []
    stop = threading.Event()

    def writer(worker: int) -> None:
        with _client(data, port) as http:
            n = 0
            while not stop.is_set():
                n += 1
                body = {
                    "displayName": f"w{worker}-{n}",
                    "mailEnabled": False,
                    "mailNickname": f"w{worker}n{n}",
                    "securityEnabled": True,
                }
                try:
                    response = http.post("/groups", json=body)
                except httpx.TransportError:
                    return
                if response.status_code == 201:
                    acknowledged.append(response.json()["id"])

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(3)]
    for thread in threads:
        thread.start()
    time.sleep(1.0)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(10)
    stop.set()
    for thread in threads:
        thread.join(10)
    assert len(acknowledged) > 5
    restarted = subprocess.Popen(
        _serve_args(data, port), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        _wait_up(f"http://127.0.0.1:{port}/v1.0/users")
        with _client(data, port) as http:
            present: set[str] = set()
            url: str | None = "/groups?$top=999&$select=id"
            while url:
                body = http.get(url).json()
                present |= {g["id"] for g in body["value"]}
                url = body.get("@odata.nextLink")
        assert set(acknowledged) <= present
    finally:
        restarted.kill()
        restarted.wait(10)


def test_restart_keeps_state_and_settings(tmp_path: Path) -> None:
    tenant = Tenant(tmp_path)
    runner = ServerThread(LocalTenantServer(tenant))
    runner.start()
    port = runner.server.port
    with _client(tmp_path, port) as http:
        group = http.post(
            "/groups",
            json={
                "displayName": "Kept",
                "mailEnabled": True,
                "mailNickname": "kept",
                "securityEnabled": False,
                "groupTypes": ["Unified"],
            },
        ).json()
        assert (
            http.patch(
                "/admin/sharepoint/settings", json={"sharingCapability": "disabled"}
            ).status_code
            == 200
        )
    tenant.faults.configure(tenant.faults.config.model_copy(update={"seed": 9}))
    runner.stop()
    tenant.store.close()
    again = Tenant(tmp_path)
    runner = ServerThread(LocalTenantServer(again))
    runner.start()
    try:
        with _client(tmp_path, runner.server.port) as http:
            assert http.get(f"/groups/{group['id']}").json()["displayName"] == "Kept"
            assert http.get(f"/groups/{group['id']}/sites/root").status_code == 200
            assert http.get("/admin/sharepoint/settings").json()["sharingCapability"] == "disabled"
        assert again.faults.config.seed == 9
    finally:
        runner.stop()


async def test_restart_mid_test_with_the_session_server(local_tenant: LocalTenantHandle) -> None:
    body = {
        "displayName": "Mid",
        "mailEnabled": False,
        "mailNickname": "mid",
        "securityEnabled": True,
    }
    headers = {"Authorization": f"Bearer {local_tenant.token()}"}
    async with httpx.AsyncClient(base_url=local_tenant.base_url, headers=headers) as http:
        created = (await http.post("/groups", json=body)).json()
    local_tenant.restart()
    async with httpx.AsyncClient(base_url=local_tenant.base_url, headers=headers) as http:
        assert (await http.get(f"/groups/{created['id']}")).json()["displayName"] == "Mid"


def test_a_restart_cuts_off_a_request_still_running_like_a_crash(
    local_tenant: LocalTenantHandle,
) -> None:
    local_tenant.admin.set_faults({"latency": {"fixed_ms": 120_000}})
    headers = {"Authorization": f"Bearer {local_tenant.token()}"}
    outcome: list[BaseException | int] = []

    def slow_read() -> None:
        with httpx.Client(base_url=local_tenant.base_url, headers=headers, timeout=60) as http:
            try:
                outcome.append(http.get("/users").status_code)
            except httpx.TransportError as error:
                outcome.append(error)

    reader = threading.Thread(target=slow_read)
    reader.start()
    while local_tenant.server.in_flight == 0:
        time.sleep(0.01)
    local_tenant.restart()
    reader.join(60)
    assert len(outcome) == 1 and isinstance(outcome[0], httpx.TransportError), outcome
    local_tenant.admin.set_faults({})
    with httpx.Client(base_url=local_tenant.base_url, headers=headers) as http:
        assert http.get("/users").status_code == 200
