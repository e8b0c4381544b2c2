"""The local tenant's own security, over HTTP: it fails closed on a blank admin token, keeps
its data directory private, checks a token's issuer and expiry, and serves a short-lived
leaf certificate for loopback names only, which cannot vouch for anything else."""

from __future__ import annotations

import contextlib
import datetime
import socket
import ssl
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from local_tenant.app import LocalTenantServer
from local_tenant.auth import ALL_ROLES
from local_tenant.tenant import Tenant
from tests.support.local_tenant_fixture import LocalTenantHandle, ServerThread

pytestmark = [pytest.mark.integration]

LOOPBACK = {"DNS:localhost", "IP:127.0.0.1", "IP:::1"}


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Any]:
    """Start servers on data directories of the test's making; stops them after."""
    runners: list[ServerThread] = []

    def start(data: Path) -> LocalTenantServer:
        runner = ServerThread(LocalTenantServer(Tenant(data)))
        runner.start()
        runners.append(runner)
        return runner.server

    yield start
    for runner in runners:
        runner.stop()
        runner.server.tenant.store.close()


def _root(server: LocalTenantServer) -> str:
    return f"http://127.0.0.1:{server.port}"


@pytest.mark.parametrize("stored", ["", "  \n\t"], ids=["empty", "whitespace"])
def test_a_blank_admin_token_is_replaced_and_makes_no_request_admin(
    serve: Any, tmp_path: Path, stored: str
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "admin.token").write_text(stored)
    server = serve(data)
    root = _root(server)

    assert httpx.get(f"{root}/_admin/counters").status_code == 401
    assert httpx.get(f"{root}/_admin/counters", headers={"X-Admin-Token": ""}).status_code == 401
    assert httpx.get(f"{root}/v1.0/users").status_code == 401
    token = (data / "admin.token").read_text()
    assert token.strip() and token == server.admin_token
    assert httpx.get(f"{root}/_admin/counters", headers={"X-Admin-Token": token}).is_success


def test_an_admin_token_header_of_any_bytes_is_refused_in_graphs_shape(
    local_tenant: LocalTenantHandle,
) -> None:
    for value in ("é".encode(), b"\xff\xfe", local_tenant.server.admin_token.encode() + b"\xc3"):
        response = httpx.get(
            f"{local_tenant.root_url}/_admin/counters", headers=[(b"X-Admin-Token", value)]
        )
        assert response.status_code == 401, response.text
        assert response.json()["error"]["code"] == "InvalidAuthenticationToken"


def _modes(data: Path) -> dict[str, int]:
    return {
        str(path.relative_to(data.parent)): stat.S_IMODE(path.stat().st_mode)
        for path in [data, *data.rglob("*")]
    }


def test_every_file_of_the_data_directory_is_its_owners_only(serve: Any, tmp_path: Path) -> None:
    data = tmp_path / "data"
    server = serve(data)
    token = server.tenant.authority.issue(list(ALL_ROLES))
    created = httpx.post(
        f"{_root(server)}/v1.0/groups",
        json={
            "displayName": "Privé",
            "mailEnabled": False,
            "mailNickname": "prive",
            "securityEnabled": True,
        },
        headers={"Authorization": f"Bearer {token}"},
    )
    assert created.status_code == 201

    modes = _modes(data)
    for name in ("signing.key", "admin.token", "clients.json", "tenant.sqlite", "tls/key.pem"):
        assert f"data/{name}" in modes
    assert {name: mode for name, mode in modes.items() if (tmp_path / name).is_dir()} == {
        "data": 0o700,
        "data/tls": 0o700,
    }
    assert {mode for name, mode in modes.items() if (tmp_path / name).is_file()} == {0o600}


def test_a_data_directory_of_an_earlier_version_is_tightened(serve: Any, tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = serve(data)
    first_token = first.admin_token
    for path in [data, *data.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)

    again = serve(data)

    assert again.admin_token == first_token
    assert {mode for name, mode in _modes(data).items() if (tmp_path / name).is_file()} == {0o600}
    assert stat.S_IMODE(data.stat().st_mode) == 0o700


def _token(handle: LocalTenantHandle, **changes: Any) -> str:
    """A token signed with the tenant's own key, with claims changed (None removes one)."""
    now = int(time.time())
    claims: dict[str, Any] = {
        "aud": "https://graph.microsoft.com",
        "iss": f"https://sts.windows.net/{handle.tenant_id}/",
        "iat": now,
        "nbf": now,
        "exp": now + 600,
        "appid": handle.client_id,
        "tid": handle.tenant_id,
        "roles": list(ALL_ROLES),
    }
    claims.update(changes)
    kept = {name: value for name, value in claims.items() if value is not None}
    return jwt.encode(kept, handle.server.tenant.authority.key, algorithm="HS256")


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"iss": "https://sts.windows.net/00000000-0000-0000-0000-000000000000/"}, "issuer"),
        ({"iss": "https://evil.example/"}, "issuer"),
        ({"iss": None}, "'iss'"),
        ({"exp": None}, "'exp'"),
        ({"exp": int(time.time()) - 60}, "expired"),
        ({"tid": None}, "'tid'"),
    ],
    ids=["other-tenant-issuer", "foreign-issuer", "no-issuer", "no-expiry", "expired", "no-tid"],
)
def test_a_token_needs_this_tenants_issuer_and_an_expiry(
    local_tenant: LocalTenantHandle, changes: dict[str, Any], says: str
) -> None:
    users = f"{local_tenant.base_url}/users"
    assert httpx.get(users, headers={"Authorization": f"Bearer {_token(local_tenant)}"}).is_success

    response = httpx.get(
        users, headers={"Authorization": f"Bearer {_token(local_tenant, **changes)}"}
    )

    assert response.status_code == 401
    error = response.json()["error"]
    assert error["code"] == "InvalidAuthenticationToken" and says in error["message"]


def _names(certificate: x509.Certificate) -> set[str]:
    names = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    return {f"DNS:{n}" for n in names.get_values_for_type(x509.DNSName)} | {
        f"IP:{n}" for n in names.get_values_for_type(x509.IPAddress)
    }


def test_the_certificate_is_a_short_lived_leaf_for_loopback_names(
    local_tenant: LocalTenantHandle,
) -> None:
    certificate = x509.load_pem_x509_certificate(local_tenant.certificate.read_bytes())
    extensions = certificate.extensions

    assert extensions.get_extension_for_class(x509.BasicConstraints).value.ca is False
    assert extensions.get_extension_for_class(x509.KeyUsage).value.key_cert_sign is False
    assert _names(certificate) == LOOPBACK
    lifetime = certificate.not_valid_after_utc - certificate.not_valid_before_utc
    assert lifetime <= datetime.timedelta(days=31)


def test_a_ten_year_authority_of_an_earlier_version_is_replaced(serve: Any, tmp_path: Path) -> None:
    data = tmp_path / "data"
    tls = data / "tls"
    tls.mkdir(parents=True)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "local-tenant")])
    now = datetime.datetime.now(datetime.UTC)
    old = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .sign(key, hashes.SHA256())
    )
    (tls / "cert.pem").write_bytes(old.public_bytes(serialization.Encoding.PEM))
    (tls / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )

    server = serve(data)

    current = x509.load_pem_x509_certificate((tls / "cert.pem").read_bytes())
    assert current.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is False
    assert current.public_key() != key.public_key()
    trust = ssl.create_default_context(cafile=str(tls / "cert.pem"))
    openid = f"https://127.0.0.1:{server.tls_port}/common/discovery/instance"
    assert httpx.get(openid, verify=trust).is_success


def _forged_for(name: str, trusted: Path, key_pem: Path) -> tuple[Path, Path]:
    """A certificate for NAME issued in the name of the trusted certificate, signed with the
    local tenant's own key: what anyone who reads the key could mint."""
    issuer = x509.load_pem_x509_certificate(trusted.read_bytes())
    signer = serialization.load_pem_private_key(key_pem.read_bytes(), password=None)
    assert isinstance(signer, ec.EllipticCurvePrivateKey)
    leaf_key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.now(datetime.UTC)
    forged = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
        .issuer_name(issuer.subject)
        .public_key(leaf_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .sign(signer, hashes.SHA256())
    )
    folder = key_pem.parent.parent / "forged"
    folder.mkdir(exist_ok=True)
    chain, key = folder / "chain.pem", folder / "key.pem"
    chain.write_bytes(
        forged.public_bytes(serialization.Encoding.PEM)
        + issuer.public_bytes(serialization.Encoding.PEM)
    )
    key.write_bytes(
        leaf_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return chain, key


def test_trusting_the_certificate_trusts_no_other_name(local_tenant: LocalTenantHandle) -> None:
    """A client that trusts cert.pem (TENANTCTL_CA_BUNDLE) refuses a certificate for another
    host signed with the local tenant's key: the certificate is no authority."""
    trusted = local_tenant.certificate
    chain, key = _forged_for("login.microsoftonline.com", trusted, trusted.with_name("key.pem"))
    served = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    served.load_cert_chain(chain, key)
    listener = socket.create_server(("127.0.0.1", 0))

    def accept() -> None:
        connection, _ = listener.accept()
        with contextlib.suppress(ssl.SSLError, OSError):
            served.wrap_socket(connection, server_side=True).close()

    server = threading.Thread(target=accept)
    server.start()
    client = ssl.create_default_context(cafile=str(trusted))
    port = listener.getsockname()[1]
    try:
        with (
            pytest.raises(ssl.SSLCertVerificationError),
            socket.create_connection(("127.0.0.1", port), timeout=10) as raw,
        ):
            client.wrap_socket(raw, server_hostname="login.microsoftonline.com").close()
    finally:
        server.join(10)
        listener.close()
