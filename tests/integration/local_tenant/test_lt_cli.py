"""`tenantctl local-tenant` as a user runs it: it listens on loopback unless told otherwise,
never on the network with the published client secret, and bad input (a faults file, an
option, a corrupt file of the data directory) ends in one line naming the file or key and
the fix, before the tenant starts, never in a traceback."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from local_tenant.auth import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET

pytestmark = [pytest.mark.integration]
TENANTCTL = Path(sys.executable).with_name("tenantctl")
START_TIMEOUT_S = 30


def tenantctl(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(TENANTCTL), "local-tenant", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def serve_args(data: Path, *more: str) -> list[str]:
    return ["serve", "--data", str(data), "--port", "0", "--tls-port", "0", "--users", "2", *more]


def refused(result: subprocess.CompletedProcess[str], *says: str) -> str:
    """The one-line error of a command that failed cleanly, checked to say SAYS."""
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    message = lines[-1]
    assert message.startswith("Error:"), result.stderr
    assert all(part in message for part in says), message
    return message


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.10", "tenant.example"])
def test_serve_refuses_an_address_other_than_loopback(tmp_path: Path, host: str) -> None:
    data = tmp_path / "data"
    result = tenantctl(*serve_args(data, "--host", host))
    refused(result, f"refusing to listen on {host}", "--host 127.0.0.1", "--allow-remote")
    assert not data.exists(), "nothing is created before the refusal"


def test_serve_on_the_network_refuses_the_published_client_secret(tmp_path: Path) -> None:
    data = tmp_path / "data"
    result = tenantctl(*serve_args(data, "--host", "0.0.0.0", "--allow-remote"))
    refused(result, DEFAULT_CLIENT_ID, "published default secret", "rotate-secret")


def test_serve_on_the_network_with_a_rotated_secret_warns_and_serves(tmp_path: Path) -> None:
    data = tmp_path / "data"
    rotated = tenantctl("rotate-secret", "--data", str(data))
    assert rotated.returncode == 0, rotated.stderr
    secret = rotated.stdout.strip()
    assert len(secret) >= 32 and secret != DEFAULT_CLIENT_SECRET
    clients = json.loads((data / "clients.json").read_text())
    assert [c["client_secret"] for c in clients if c["client_id"] == DEFAULT_CLIENT_ID] == [secret]

    process = subprocess.Popen(
        [str(TENANTCTL), "local-tenant", *serve_args(data, "--host", "0.0.0.0", "--allow-remote")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not (data / "server.json").exists():
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the local tenant did not start"
            time.sleep(0.1)
        port = json.loads((data / "server.json").read_text())["base_url"].rsplit(":", 1)[1]
        health = httpx.get(
            f"http://127.0.0.1:{port.split('/')[0]}/_admin/health",
            headers={"X-Admin-Token": (data / "admin.token").read_text()},
        )
        assert health.is_success
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=30)
    assert "warning: listening on 0.0.0.0" in stderr
    assert "Traceback" not in stderr


def test_rotate_secret_names_the_registered_applications(tmp_path: Path) -> None:
    result = tenantctl("rotate-secret", "--data", str(tmp_path), "--client-id", "nobody")
    refused(result, "no application nobody", DEFAULT_CLIENT_ID)


FAULT_FILES = {
    "malformed YAML": ("latency: {fixed_ms: 20\nseed: 1\n", (":2:", "not valid YAML")),
    "an unknown key": ("latency: {fixed_ms: 20, colour: red}\n", ("latency.colour", "unknown key")),
    "a list": ("- latency\n- seed\n", ("expected a mapping of fault settings", "found list")),
    "a rate over 1": ("transient: {rate: 5}\n", ("transient.rate", "less than or equal to 1")),
    "a text for a number": ("seed: many\n", ("seed", "valid integer")),
}


@pytest.mark.parametrize("case", sorted(FAULT_FILES))
def test_serve_refuses_a_bad_faults_file_in_one_line(tmp_path: Path, case: str) -> None:
    text, says = FAULT_FILES[case]
    faults = tmp_path / "faults.yaml"
    faults.write_text(text)
    result = tenantctl(*serve_args(tmp_path / "data", "--faults", str(faults)))
    refused(result, str(faults), *says)


def test_serve_refuses_a_transient_rate_out_of_range(tmp_path: Path) -> None:
    result = tenantctl(*serve_args(tmp_path / "data", "--transient-rate", "5"))
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert "Invalid value for '--transient-rate': 5.0 is not in the range 0<=x<=1" in (
        result.stderr
    )


@pytest.mark.parametrize("command", ["serve", "token", "seed", "reset", "rotate-secret"])
def test_a_corrupt_database_is_one_line_naming_it(tmp_path: Path, command: str) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "tenant.sqlite").write_bytes(b"not a database\x00" * 512)
    args = serve_args(data) if command == "serve" else [command, "--data", str(data)]
    refused(tenantctl(*args), f"{data / 'tenant.sqlite'} is not a local tenant database")


@pytest.mark.parametrize(
    "stored",
    [
        "{not json",
        '{"client_id": "x"}',
        '[{"client_id": "x"}]',
        '[{"client_id": 5, "client_secret": "s", "roles": []}]',
        "[1]",
    ],
    ids=["not-json", "an-object", "missing-fields", "a-number-id", "a-number"],
)
def test_token_with_a_corrupt_client_list_is_one_line_naming_it(
    tmp_path: Path, stored: str
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "clients.json").write_text(stored)
    refused(tenantctl("token", "--data", str(data)), f"{data / 'clients.json'} is not a list")
