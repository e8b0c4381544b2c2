"""Graph's error responses, as exceptions that handlers raise and the router renders.

The body shape follows learn.microsoft.com/graph/errors:
``{"error": {"code", "message", "innerError": {"date", "request-id", "client-request-id"}}}``.
"""

from __future__ import annotations

from typing import Any

from tenantctl.m365.apps import GRAPH_APP_ID


class GraphError(Exception):
    """An error Graph answers with: HTTP status, error code and message."""

    status = 400
    code = "BadRequest"

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        code: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status
        if code is not None:
            self.code = code
        self.headers = headers or {}

    def body(self, request_id: str, client_request_id: str, date: str) -> dict[str, Any]:
        """The JSON error body."""
        return {
            "error": {
                "code": self.code,
                "message": self.message,
                "innerError": {
                    "date": date,
                    "request-id": request_id,
                    "client-request-id": client_request_id,
                },
            }
        }


class BadRequest(GraphError):
    """400 for a request Graph rejects as malformed."""


class DirectoryBadRequest(GraphError):
    """400 as the directory (Entra ID) services word it."""

    code = "Request_BadRequest"


class NotFound(GraphError):
    """404 for an unknown directory object."""

    status = 404
    code = "Request_ResourceNotFound"

    @classmethod
    def resource(cls, id: str) -> NotFound:
        """Graph's wording for an unknown id."""
        return cls(
            f"Resource '{id}' does not exist or one of its queried reference-property objects "
            "are not present."
        )


class ItemNotFound(GraphError):
    """404 as the Teams, SharePoint and reports services word it."""

    status = 404
    code = "NotFound"


class UnknownSegment(GraphError):
    """400 for a path Graph has no resource for."""

    code = "BadRequest"

    @classmethod
    def segment(cls, path: str) -> UnknownSegment:
        """Graph's wording for an unknown path segment."""
        last = path.rstrip("/").rsplit("/", 1)[-1] or path
        return cls(f"Resource not found for the segment '{last}'.")


class MethodNotAllowed(GraphError):
    """405 for a known path with an unsupported method."""

    status = 405
    code = "Request_BadRequest"


class Conflict(GraphError):
    """409 for a write that collides with existing state."""

    status = 409
    code = "Conflict"


class PayloadTooLarge(GraphError):
    """413 for a body over the accepted size."""

    status = 413
    code = "RequestEntityTooLarge"


class UnsupportedMediaType(GraphError):
    """415 for a write whose body is not JSON."""

    status = 415
    code = "UnsupportedMediaType"


WWW_AUTHENTICATE = (
    'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/'
    f'authorize", client_id="{GRAPH_APP_ID}"'
)
"""The challenge Graph sends with every 401 (RFC 6750 section 3; Graph names Entra ID's
authorize endpoint and its own application id, as learn.microsoft.com/entra/
identity-platform/claims-challenge shows a resource's challenge)."""


class Unauthorized(GraphError):
    """401 for a missing or invalid bearer token, with Graph's ``WWW-Authenticate``."""

    status = 401
    code = "InvalidAuthenticationToken"

    def __init__(self, message: str) -> None:
        super().__init__(message, headers={"WWW-Authenticate": WWW_AUTHENTICATE})


class Forbidden(GraphError):
    """403 for a token without the application permission a route needs."""

    status = 403
    code = "Authorization_RequestDenied"


class TooManyRequests(GraphError):
    """429 with Retry-After, as in learn.microsoft.com/graph/throttling."""

    status = 429
    code = "TooManyRequests"


class ServiceUnavailable(GraphError):
    """503 for a transient outage."""

    status = 503
    code = "serviceNotAvailable"


class GatewayTimeout(GraphError):
    """504 for a transient gateway timeout."""

    status = 504
    code = "UnknownError"


class FailedDependency(GraphError):
    """424 for a batch request whose dependency failed (learn.microsoft.com/graph/json-batching)."""

    status = 424
    code = "FailedDependency"


class DroppedConnection(GraphError):
    """Raised by the fault layer to close the connection without answering."""

    status = 0
    code = "DroppedConnection"

    def __init__(self) -> None:
        super().__init__("connection dropped by fault injection")
