"""Application identities: registered clients, token issue and verification, permission checks.

Tokens are JWTs signed with a key kept in the data directory; their ``roles`` claim carries the
application permissions, as Entra ID's app-only tokens do
(learn.microsoft.com/entra/identity-platform/access-token-claims-reference). A token is
accepted only with this tenant's signature, audience, issuer (``iss``, the v1.0 form
``https://sts.windows.net/{tenant}/``) and tenant (``tid``), and an expiry (``exp``) still
ahead, as a resource validates Entra ID's tokens
(learn.microsoft.com/entra/identity-platform/access-tokens#validate-tokens).
"""

from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt

from local_tenant.datadir import DataDirectoryError, secret_file, write_private
from local_tenant.errors import Forbidden, Unauthorized
from local_tenant.permissions import ALL_PERMISSIONS
from tenantctl.m365.apps import GRAPH_APP_ID

GRAPH_AUDIENCE = "https://graph.microsoft.com"
DEFAULT_CLIENT_ID = "6e1f4c7a-2b3d-4e5f-8a9b-0c1d2e3f4a5b"
DEFAULT_CLIENT_SECRET = "local-tenant-secret"
TOKEN_LIFETIME_S = 3599
REQUIRED_CLAIMS = ("aud", "iss", "exp", "tid")
VERIFIED_CACHE_SIZE = 1024
"""Verified tokens kept (by their text, until they expire) so a client's next request skips
the signature check."""

ALL_ROLES: tuple[str, ...] = ALL_PERMISSIONS
"""The default application's roles: every permission some route accepts."""


@dataclass(frozen=True)
class Identity:
    """The caller of one request."""

    app_id: str
    roles: frozenset[str]

    def require(self, permissions: tuple[str, ...], code: str, together: bool = False) -> None:
        """Raise Graph's 403 unless the token holds one of ``permissions`` (a route's accepted
        ones, `permissions.ROUTES`), or every one of them when they go ``together``."""
        held = all if together else any
        if not permissions or held(p in self.roles for p in permissions):
            return
        raise Forbidden(
            "Insufficient privileges to complete the operation. Requires "
            f"{'all' if together else 'one'} of "
            f"'{', '.join(permissions)}'; roles on the request "
            f"'{', '.join(sorted(self.roles))}'.",
            code=code,
        )


@dataclass
class Client:
    """A registered application: id, secret and its application permissions."""

    client_id: str
    client_secret: str
    roles: list[str]
    display_name: str = "Local tenant app"


def _client(entry: Any) -> Client:
    """A stored client, or ``TypeError`` when a field is missing or of the wrong type."""
    client = Client(**entry)
    texts = (client.client_id, client.client_secret, client.display_name, *client.roles)
    if not isinstance(client.roles, list) or not all(isinstance(t, str) for t in texts):
        raise TypeError(f"client {client.client_id!r} has a field that is not text")
    return client


class Authority:
    """Issues and verifies tokens; owns the signing key and the client registry."""

    def __init__(self, data_dir: Path | None, tenant_id: str) -> None:
        self.tenant_id = tenant_id
        self.issuer = f"https://sts.windows.net/{tenant_id}/"
        self._clients_file = None if data_dir is None else data_dir / "clients.json"
        key = secrets.token_hex(32)
        self.key = key if data_dir is None else secret_file(data_dir / "signing.key", key)
        self.clients = self._load_clients()
        self._verified: dict[str, tuple[float, Identity]] = {}

    def _load_clients(self) -> dict[str, Client]:
        path = self._clients_file
        if path is not None and path.exists():
            try:
                raw = json.loads(path.read_text(encoding="utf-8"))
                clients = {c.client_id: c for c in map(_client, raw)}
            except (ValueError, TypeError, KeyError) as error:
                raise DataDirectoryError(
                    f"{path} is not a list of clients ({type(error).__name__}: {error}); "
                    "fix it, or delete it to get the default application back"
                ) from None
            self._save(clients)  # rewritten 0600, as every file of the data directory
            return clients
        default = Client(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, list(ALL_ROLES), "tenantctl")
        clients = {default.client_id: default}
        self._save(clients)
        return clients

    def _save(self, clients: dict[str, Client]) -> None:
        if self._clients_file is not None:
            data = [vars(c) for c in clients.values()]
            write_private(self._clients_file, json.dumps(data, indent=2))

    def register(self, client: Client) -> None:
        """Add or replace a client."""
        self.clients[client.client_id] = client
        self._save(self.clients)

    def rotate_secret(self, client_id: str = DEFAULT_CLIENT_ID) -> str:
        """Give a registered client a new random secret; returns it."""
        client = self.clients[client_id]
        client.client_secret = secrets.token_urlsafe(32)
        self._save(self.clients)
        return client.client_secret

    def well_known_secret(self) -> list[str]:
        """Ids of the clients whose secret is the published default."""
        clients = self.clients.values()
        return [c.client_id for c in clients if c.client_secret == DEFAULT_CLIENT_SECRET]

    def authenticate(self, client_id: str, client_secret: str) -> Client:
        """The client for valid credentials, else a ``ValueError`` naming the AADSTS code."""
        client = self.clients.get(client_id)
        if client is None:
            raise ValueError("AADSTS700016")
        if not secrets.compare_digest(client.client_secret, client_secret):
            raise ValueError("AADSTS7000215")
        return client

    def issue(self, roles: list[str] | tuple[str, ...], app_id: str = DEFAULT_CLIENT_ID) -> str:
        """A signed app-only access token for Graph."""
        now = int(time.time())
        claims: dict[str, Any] = {
            "aud": GRAPH_AUDIENCE,
            "iss": self.issuer,
            "iat": now,
            "nbf": now,
            "exp": now + TOKEN_LIFETIME_S,
            "appid": app_id,
            "azp": app_id,
            "idtyp": "app",
            "oid": app_id,
            "sub": app_id,
            "tid": self.tenant_id,
            "roles": list(roles),
            "ver": "1.0",
        }
        return jwt.encode(claims, self.key, algorithm="HS256")

    def verify(self, authorization: str) -> Identity:
        """The identity behind an ``Authorization`` header, or Graph's 401."""
        scheme, _, token = authorization.partition(" ")
        if not token or scheme.lower() != "bearer":
            raise Unauthorized("Access token is empty.")
        known = self._verified.get(token)
        if known is not None and time.time() < known[0]:
            return known[1]
        identity, expires = self._check(token)
        if len(self._verified) >= VERIFIED_CACHE_SIZE:
            self._verified.clear()
        self._verified[token] = (expires, identity)
        return identity

    def _check(self, token: str) -> tuple[Identity, float]:
        """Verify a token's signature and claims; its identity and expiry time."""
        try:
            claims = jwt.decode(
                token,
                self.key,
                algorithms=["HS256"],
                audience=[GRAPH_AUDIENCE, GRAPH_APP_ID],
                issuer=self.issuer,
                options={"require": list(REQUIRED_CLAIMS)},
            )
        except jwt.ExpiredSignatureError as exc:
            raise Unauthorized("Lifetime validation failed, the token is expired.") from exc
        except jwt.MissingRequiredClaimError as exc:
            raise Unauthorized(
                f"Access token validation failure. The token has no '{exc.claim}' claim."
            ) from exc
        except jwt.InvalidAudienceError as exc:
            raise Unauthorized("Access token validation failure. Invalid audience.") from exc
        except jwt.InvalidIssuerError as exc:
            raise Unauthorized("Access token validation failure. Invalid issuer.") from exc
        except jwt.PyJWTError as exc:
            raise Unauthorized("Access token validation failure.") from exc
        if claims.get("tid") != self.tenant_id:
            raise Unauthorized("Access token validation failure. Invalid tenant.")
        roles = [str(r) for r in claims.get("roles", [])]
        identity = Identity(str(claims.get("appid", "")), frozenset(roles))
        return identity, float(claims["exp"])


def admin_identity() -> Identity:
    """The identity of admin-API callers: every permission."""
    return Identity("local-tenant-admin", frozenset(ALL_ROLES))
