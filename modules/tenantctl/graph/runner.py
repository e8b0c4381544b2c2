"""Running async Graph code from synchronous callers (Pulumi provider methods, the CLI).

Pulumi calls dynamic provider methods synchronously, from several gRPC threads at once. They
all submit their coroutines to one event loop on a background thread of the provider
process, where the clients live: one client per endpoint and identity, so pacing counts
every resource's requests and connections are reused. Nothing here is pickled: the loop and
the clients are made lazily in the process that needs them.
"""

from __future__ import annotations

import asyncio
import atexit
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

from tenantctl.graph.client import GraphClient
from tenantctl.graph.credentials import credential_key, token_source
from tenantctl.graph.settings import GraphSettings, Lookup

T = TypeVar("T")

_lock = threading.Lock()
_loop: asyncio.AbstractEventLoop | None = None
_clients: dict[tuple[GraphSettings, str], GraphClient] = {}


def _background_loop() -> asyncio.AbstractEventLoop:
    global _loop
    with _lock:
        if _loop is None or _loop.is_closed():
            _loop = asyncio.new_event_loop()
            thread = threading.Thread(target=_loop.run_forever, name="graph-loop", daemon=True)
            thread.start()
            atexit.register(_stop, _loop, thread)
        return _loop


def _stop(loop: asyncio.AbstractEventLoop, thread: threading.Thread) -> None:
    """At exit, stop the shared loop and close it, before the interpreter tears down what it
    holds: a loop collected half torn down prints a traceback on the way out."""
    if loop.is_closed():
        return
    loop.call_soon_threadsafe(loop.stop)
    thread.join(timeout=5)
    if not loop.is_running():
        loop.close()


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run `coroutine` on the shared background loop and wait for its result."""
    return asyncio.run_coroutine_threadsafe(coroutine, _background_loop()).result()


def client_from(lookup: Lookup) -> GraphClient:
    """A new client from configuration and environment, for async callers that own it
    (drift, export, reports): `async with` it, or `await client.aclose()`."""
    settings = GraphSettings.load(lookup)
    return GraphClient(settings, token_source(settings, lookup))


def shared_client(settings: GraphSettings, lookup: Lookup) -> GraphClient:
    """The process's client for these settings and credential, made on first use.

    Call only from coroutines running on the shared loop (via `run`).
    """
    key = (settings, credential_key(settings, lookup))
    if key not in _clients:
        _clients[key] = GraphClient(settings, token_source(settings, lookup))
    return _clients[key]


def close_shared_clients() -> None:
    """Close the process's clients (their connections and credentials) on the shared loop,
    so a provider process that is asked to stop leaves no open session behind to be
    reported as unclosed when the interpreter exits."""
    with _lock:
        loop, clients = _loop, list(_clients.values())
        _clients.clear()
    if loop is None or loop.is_closed() or not clients:
        return

    async def close_all() -> None:
        await asyncio.gather(*(client.aclose() for client in clients), return_exceptions=True)

    asyncio.run_coroutine_threadsafe(close_all(), loop).result()
