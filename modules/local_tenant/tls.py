"""The HTTPS listener's certificate (MSAL only accepts https authorities).

A self-signed *leaf*, not a certificate authority: ``CA:FALSE``, key usage digital signature
only, extended key usage server authentication, and names for loopback only (``127.0.0.1``,
``::1``, ``localhost``), valid for :data:`VALIDITY` and made anew, with a new key, when less
than :data:`RENEW_BEFORE` is left or when a stored one has another shape (such as the 10-year
``CA:TRUE`` certificate of earlier versions). Trusting it lets a client trust this server on
loopback and nothing else: the key cannot sign another certificate a verifier would accept.

Clients trust it by pointing at ``<data>/tls/cert.pem`` (OpenSSL accepts a self-signed leaf
as its own trust anchor): the toolkit through ``TENANTCTL_CA_BUNDLE``, azure-identity with
``connection_verify=<path>``, requests-based tools with ``REQUESTS_CA_BUNDLE``.
"""

from __future__ import annotations

import datetime
import ipaddress
import ssl
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from local_tenant.datadir import private_directory, restrict, write_private

VALIDITY = datetime.timedelta(days=30)
RENEW_BEFORE = datetime.timedelta(days=7)
LOOPBACK_NAMES: tuple[x509.GeneralName, ...] = (
    x509.DNSName("localhost"),
    x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
    x509.IPAddress(ipaddress.ip_address("::1")),
)
_SERVER_ONLY = x509.KeyUsage(
    digital_signature=True,
    content_commitment=False,
    key_encipherment=False,
    data_encipherment=False,
    key_agreement=False,
    key_cert_sign=False,
    crl_sign=False,
    encipher_only=False,
    decipher_only=False,
)


def ensure_certificate(directory: Path) -> tuple[Path, Path]:
    """The (cert, key) paths of a current loopback certificate, made when needed."""
    private_directory(directory)
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    restrict(key_path)
    restrict(cert_path)
    if _current(cert_path, key_path):
        return cert_path, key_path
    key = ec.generate_private_key(ec.SECP256R1())
    write_private(
        key_path,
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
    )
    certificate = issue(key, datetime.datetime.now(datetime.UTC))
    write_private(cert_path, certificate.public_bytes(serialization.Encoding.PEM))
    return cert_path, key_path


def issue(key: ec.EllipticCurvePrivateKey, now: datetime.datetime) -> x509.Certificate:
    """A self-signed loopback leaf certificate for ``key``, valid from ``now``."""
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "local-tenant")])
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + VALIDITY)
        .add_extension(x509.SubjectAlternativeName(list(LOOPBACK_NAMES)), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_SERVER_ONLY, critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )


def _current(path: Path, key_path: Path) -> bool:
    """Whether ``path`` holds a certificate of this module's shape, for the key in
    ``key_path``, with time left."""
    try:
        certificate = x509.load_pem_x509_certificate(path.read_bytes())
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        constraints = certificate.extensions.get_extension_for_class(x509.BasicConstraints)
        names = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName)
    except (OSError, ValueError, TypeError, x509.ExtensionNotFound):
        return False
    public = serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    left = certificate.not_valid_after_utc - datetime.datetime.now(datetime.UTC)
    return (
        not constraints.value.ca
        and certificate.public_key().public_bytes(*public) == key.public_key().public_bytes(*public)
        and set(names.value) == set(LOOPBACK_NAMES)
        and left > RENEW_BEFORE
    )


def server_context(cert: Path, key: Path) -> ssl.SSLContext:
    """An SSL context serving the certificate."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context
