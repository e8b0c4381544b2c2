"""Framework-neutral request and response values, path normalisation and OData JSON helpers."""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from local_tenant.errors import BadRequest, UnsupportedMediaType

API_PREFIX = "/v1.0"
MAX_URL_LENGTH = 8190
"""The longest URL a request may carry: aiohttp refuses longer request lines, and a
``$batch`` item's URL is held to the same, so its query options stay as bounded."""
_KEY_SEGMENT = re.compile(r"^([A-Za-z_][\w.]*)\((?:'([^']*)'|([^=()']*))\)$")


def now_iso() -> str:
    """The current UTC time in Graph's ISO 8601 form."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def http_date() -> str:
    """The current UTC time for ``innerError.date``."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S")


def new_id() -> str:
    """A directory-style object id (a GUID)."""
    return str(uuid.uuid4())


def normalise_path(path: str) -> str:
    """Rewrite OData key and empty-call segments into plain segments.

    ``/teams('x')/operations('y')`` becomes ``/teams/x/operations/y`` and ``/groups/delta()``
    becomes ``/groups/delta``; function calls with named parameters are kept as they are.
    """
    out: list[str] = []
    for segment in path.split("/"):
        match = _KEY_SEGMENT.match(segment)
        if match is None:
            out.append(segment)
            continue
        name, quoted, bare = match.groups()
        key = quoted if quoted is not None else bare
        out.append(name)
        if key:
            out.append(key)
    return "/".join(out).rstrip("/") or "/"


@dataclass
class Request:
    """One Graph request, as parsed from HTTP or from a ``$batch`` entry."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes = b""
    base_url: str = ""
    request_id: str = field(default_factory=new_id)
    admin: bool = False

    @property
    def client_request_id(self) -> str:
        """The caller's correlation id, or the request id when none was sent."""
        return self.headers.get("client-request-id", self.request_id)

    def header(self, name: str, default: str = "") -> str:
        """A request header by case-insensitive name."""
        return self.headers.get(name.lower(), default)

    def json(self) -> dict[str, Any]:
        """The JSON object body, or Graph's 400 when it is missing or malformed."""
        if not self.body:
            raise BadRequest("Empty Payload. JSON content expected.")
        ctype = self.header("content-type", "application/json")
        if "json" not in ctype:
            raise UnsupportedMediaType(f"Content type '{ctype}' is not supported.")
        try:
            parsed = json.loads(self.body)
        except (ValueError, UnicodeDecodeError, RecursionError) as exc:  # too deep: malformed
            raise BadRequest(
                "Unable to read JSON request payload. Please ensure Content-Type header is set and "
                "payload is of valid JSON format."
            ) from exc
        if not isinstance(parsed, dict):
            raise BadRequest("Unable to read JSON request payload. Expected a JSON object.")
        return parsed


@dataclass
class Response:
    """What a handler returns: status, headers and a JSON or raw body."""

    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    raw: bytes | None = None
    content_type: str = "application/json"
    drop: bool = False

    def encoded(self) -> bytes:
        """The body bytes."""
        if self.raw is not None:
            return self.raw
        if self.body is None:
            return b""
        return json.dumps(self.body).encode()


def context_url(request: Request, fragment: str) -> str:
    """An ``@odata.context`` value for a metadata fragment."""
    return f"{request.base_url}/$metadata#{fragment}"


def entity(request: Request, fragment: str, body: dict[str, Any], status: int = 200) -> Response:
    """A single-entity JSON response with ``@odata.context``."""
    return Response(status, {"@odata.context": context_url(request, f"{fragment}/$entity"), **body})


def no_content() -> Response:
    """204 with no body."""
    return Response(204)


def parse_bind(value: Any, collection: str) -> str:
    """The object id from an ``@odata.bind`` URL such as ``.../users('id')`` or ``.../users/id``."""
    if not isinstance(value, str) or not value:
        raise BadRequest(f"Invalid @odata.bind value: expected a URL of {collection}.")
    path = normalise_path(value.split("?", 1)[0])
    parts = [p for p in path.split("/") if p]
    for i, part in enumerate(parts[:-1]):
        if part.lower() == collection.lower():
            return parts[i + 1]
    raise BadRequest(f"Invalid @odata.bind value '{value}': expected a URL of {collection}.")
