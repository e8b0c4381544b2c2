"""Test doubles for the Graph client layers: a clock that does not wait, scripted servers."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

import httpx

from tenantctl.graph import ClientStats, GraphClient, GraphSettings, StaticToken


class FakeClock:
    """Time that only moves when something sleeps; records every sleep."""

    def __init__(self) -> None:
        self.time = 0.0
        self.sleeps: list[float] = []

    def now(self) -> float:
        return self.time

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.time += seconds


def reply(status: int, body: Any = None, headers: dict[str, str] | None = None) -> httpx.Response:
    """A JSON response."""
    content = b"" if body is None else json.dumps(body).encode()
    kind = {"Content-Type": "application/json"} if body is not None else {}
    return httpx.Response(status, content=content, headers={**kind, **(headers or {})})


class Script:
    """A transport answering requests from a list of responses, recording the requests."""

    def __init__(self, responses: Iterable[httpx.Response | Exception]) -> None:
        self.responses = list(responses)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.responses.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)


def client_on(
    handler: Callable[[httpx.Request], httpx.Response],
    clock: FakeClock | None = None,
    **settings: Any,
) -> GraphClient:
    """A GraphClient over a mock network, with a static token and a fake clock."""
    return GraphClient(
        GraphSettings(**{"base_url": "https://graph.test/v1.0", **settings}),
        StaticToken("token-1"),
        network=httpx.MockTransport(handler),
        clock=clock or FakeClock(),
        stats=ClientStats(),
    )
