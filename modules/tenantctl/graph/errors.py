"""The errors the Graph client raises: each names what was asked and what Graph answered."""

from __future__ import annotations

from typing import Any


class GraphError(Exception):
    """Graph answered a request with an error status."""

    def __init__(self, method: str, url: str, status: int, code: str, message: str) -> None:
        super().__init__(f"{method} {url}: {status} {code}: {message}".rstrip(": "))
        self.method = method
        self.url = url
        self.status = status
        self.code = code
        self.message = message

    @classmethod
    def from_body(cls, method: str, url: str, status: int, body: Any) -> GraphError:
        """Build the error from Graph's `{"error": {"code", "message"}}` body, or SharePoint's
        `{"odata.error": {"code", "message": {"value"}}}`."""
        if isinstance(body, dict) and isinstance(body.get("error"), dict):
            error = body["error"]
            return cls(
                method, url, status, str(error.get("code", "")), str(error.get("message", ""))
            )
        if isinstance(body, dict) and isinstance(body.get("odata.error"), dict):
            error = body["odata.error"]
            message = error.get("message")
            text = message.get("value", "") if isinstance(message, dict) else message
            return cls(method, url, status, str(error.get("code", "")), str(text or ""))
        return cls(method, url, status, "", str(body or ""))


class TokenError(Exception):
    """The token endpoint refused the credential (`refused`), or could not be reached: the
    endpoint, and the first line of what azure-identity said (`reason`)."""

    def __init__(self, endpoint: str, reason: str, refused: bool) -> None:
        super().__init__(f"{endpoint}: {reason}")
        self.endpoint = endpoint
        self.reason = reason
        self.refused = refused


class RetryBudgetExhausted(GraphError):
    """Graph kept throttling or failing transiently past the retry budget."""

    def __init__(
        self, method: str, url: str, status: int, retries: int, waited: float, budget: float
    ) -> None:
        super().__init__(
            method,
            url,
            status,
            "retryBudgetExhausted",
            f"still {status} after {retries} retries and {waited:.1f}s of waiting "
            f"(budget {budget:.0f}s); Graph is throttling, try again later",
        )
        self.retries = retries
        self.waited = waited


class AsyncOperationFailed(GraphError):
    """A long-running Graph operation (teamsAsyncOperation) failed or never finished."""
