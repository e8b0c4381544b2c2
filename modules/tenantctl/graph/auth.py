"""Auth layer: adds a bearer token for the request's host to every request."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from tenantctl.graph.credentials import TokenSource


class AuthTransport(httpx.AsyncBaseTransport):
    """Sets `Authorization: Bearer ...` from a token source, with the scope of the URL's host."""

    def __init__(
        self, inner: httpx.AsyncBaseTransport, source: TokenSource, scope_for: Callable[[str], str]
    ) -> None:
        self._inner = inner
        self._source = source
        self._scope_for = scope_for

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        token = await self._source.token(self._scope_for(str(request.url)))
        request.headers["Authorization"] = f"Bearer {token}"
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._source.close()
        await self._inner.aclose()
