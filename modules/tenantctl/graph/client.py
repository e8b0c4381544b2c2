"""The Graph client: one httpx client behind the layered transports, shared by every caller.

request ─► RetryTransport ─► PacingTransport ─► AuthTransport ─► network (pooled)
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from tenantctl.graph.auth import AuthTransport
from tenantctl.graph.batch import Batcher, BatchItem, BatchResult, BatchShare, split
from tenantctl.graph.clock import Clock, SystemClock
from tenantctl.graph.credentials import TokenSource
from tenantctl.graph.errors import GraphError
from tenantctl.graph.operations import wait_for_operation
from tenantctl.graph.pacing import PacingTransport
from tenantctl.graph.retry import CONSISTENT, RETRY_SAFE, RetryPolicy, RetryTransport
from tenantctl.graph.settings import GraphSettings
from tenantctl.graph.stats import ClientStats


@dataclass(frozen=True)
class Answer:
    """What one request got back, before the client judges it (error, not found, or found)."""

    url: str
    status: int
    headers: Mapping[str, str]
    body: Any


@dataclass(frozen=True)
class GraphResponse:
    """A successful (or, when asked for, not-found) answer."""

    status: int
    headers: Mapping[str, str]
    body: Any

    @property
    def found(self) -> bool:
        return self.status != 404


def build_transport(
    settings: GraphSettings,
    token: TokenSource,
    clock: Clock,
    stats: ClientStats,
    policy: RetryPolicy,
    network: httpx.AsyncBaseTransport | None = None,
) -> tuple[httpx.AsyncBaseTransport, PacingTransport]:
    """Stack the layers over `network` (a pooled HTTP/2-capable transport by default); the
    stack, and its pacing layer."""
    base = network or httpx.AsyncHTTPTransport(http2=True, retries=0)
    authed = AuthTransport(base, token, settings.scope_for)
    paced = PacingTransport(authed, settings.pacing, clock, stats)
    return RetryTransport(paced, policy, clock, stats), paced


class GraphClient:
    """JSON requests, batches and long-running operations against one Graph endpoint."""

    def __init__(
        self,
        settings: GraphSettings,
        token: TokenSource,
        *,
        network: httpx.AsyncBaseTransport | None = None,
        clock: Clock | None = None,
        stats: ClientStats | None = None,
        timeout: float = 60.0,
    ) -> None:
        self.settings = settings
        self.clock = clock or SystemClock()
        self.stats = stats or ClientStats()
        self.policy = RetryPolicy(
            max_retries=settings.max_retries,
            budget=settings.retry_budget,
            consistency_budget=settings.consistency_budget,
            base_delay=settings.retry_base_delay,
        )
        transport, self.pacer = build_transport(
            settings, token, self.clock, self.stats, self.policy, network
        )
        """`pacer`: the pacing layer (`set_limit`, for a budget known only at run time)."""
        self.http = httpx.AsyncClient(
            base_url=settings.base_url + "/", transport=transport, timeout=timeout
        )
        self._batcher = Batcher(
            self._send_batch, self.policy, self.clock, self.stats, BatchShare(settings.pacing)
        )

    async def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        consistent: bool = False,
        retry_safe: bool = False,
        allow_not_found: bool = False,
    ) -> GraphResponse:
        """Send one request; raise `GraphError` for an error status (404 too, unless allowed).

        `consistent` retries 404 while a new object replicates; `retry_safe` marks a POST
        that may be resent after a 503 or 504.
        """
        answer = await self.exchange(
            method,
            path,
            body,
            params=params,
            headers=headers,
            consistent=consistent,
            retry_safe=retry_safe,
        )
        if answer.status == 404 and allow_not_found:
            return GraphResponse(404, answer.headers, None)
        if answer.status >= 400:
            raise GraphError.from_body(method, answer.url, answer.status, answer.body)
        return GraphResponse(answer.status, answer.headers, answer.body)

    async def exchange(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        consistent: bool = False,
        retry_safe: bool = False,
    ) -> Answer:
        """Put one request through the transports (retried and paced) and return what came
        back, error or not: `request` judges it. A subclass may answer some requests another
        way (drift's bulk reads) and leave the judging to `request`."""
        response = await self.http.request(
            method,
            path,
            content=None if body is None else json.dumps(body).encode(),
            params=params,
            headers={"Content-Type": "application/json", **(headers or {})},
            extensions={CONSISTENT: consistent, RETRY_SAFE: retry_safe},
        )
        return Answer(str(response.url), response.status_code, response.headers, _json(response))

    async def get(self, path: str, **options: Any) -> Any:
        """GET a JSON body."""
        return (await self.request("GET", path, **options)).body

    async def find(self, path: str, **options: Any) -> Any:
        """GET a JSON body, or None when Graph says 404."""
        return (await self.request("GET", path, allow_not_found=True, **options)).body

    async def delete(self, path: str) -> None:
        """DELETE; an object already gone counts as deleted."""
        await self.request("DELETE", path, allow_not_found=True)

    async def list_all(self, path: str, **options: Any) -> list[Any]:
        """All items of a collection, following `@odata.nextLink`."""
        items: list[Any] = []
        next_path: str | None = path
        while next_path:
            page = await self.get(next_path, **options)
            items.extend(page.get("value", []))
            next_path = page.get("@odata.nextLink")
            options.pop("params", None)
        return items

    async def batch(self, items: Iterable[BatchItem]) -> dict[str, BatchResult]:
        """Run requests as JSON batches, each within Graph's batch size (see `batch.Batcher`)."""
        return await self._batcher.run(items)

    def batches(self, items: Sequence[BatchItem]) -> list[list[BatchItem]]:
        """The items packed as `batch` sends them (see `batch.split`)."""
        return split(items, self._batcher.share)

    async def _send_batch(self, requests: list[dict[str, Any]]) -> list[dict[str, Any]]:
        answer = await self.request("POST", "$batch", {"requests": requests}, retry_safe=True)
        return list(answer.body.get("responses", []))

    async def post(self, path: str, body: Any, **options: Any) -> Any:
        """POST and return the JSON body."""
        return (await self.request("POST", path, body, **options)).body

    async def wait_for_operation(
        self, location: str, retry_after: str | None = None
    ) -> dict[str, Any]:
        """Poll a teamsAsyncOperation at `location` (after the 202's `retry_after`, if it
        gave one) until it succeeds; raise if it fails."""

        async def fetch(url: str) -> tuple[dict[str, Any], str | None]:
            answer = await self.request("GET", url, consistent=True)
            return dict(answer.body or {}), answer.headers.get("Retry-After")

        return await wait_for_operation(
            fetch, location, self.clock, self.settings.operation_timeout, retry_after
        )

    async def aclose(self) -> None:
        await self.http.aclose()

    async def __aenter__(self) -> GraphClient:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.aclose()


def _json(response: httpx.Response) -> Any:
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return response.text
