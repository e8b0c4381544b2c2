"""The dynamic provider host: Pulumi's dynamic provider servicer on more worker threads.

The engine runs Python dynamic providers through `pulumi-resource-pulumi-python`. The SDK's
version of that launcher runs `python -m pulumi.dynamic`, whose gRPC server has 4 worker
threads, so at most 4 creates, reads, updates or deletes run at once, whatever `pulumi up
--parallel` allows. The project installs its own launcher (scripts/pulumi-resource-pulumi-python,
see docs/engine.md) that runs this module instead: the same servicer, the same protocol, with
`TENANTCTL_PROVIDER_WORKERS` threads (32 by default).

More threads are safe for the toolkit's provider: each call only waits, in its gRPC thread,
for a coroutine that runs on the one shared event loop of the process
(`tenantctl.graph.runner`), where the shared clients, their pacing budgets and the user id
cache live. More threads mean more calls waiting on that loop at once, not more loops,
clients or budgets. The servicer itself guards its provider cache with a lock and gives
each call its own event loop for serialising outputs.

The host exits as soon as the engine that started it is gone. The engine gives each plugin
a pipe as its standard input and never writes to it (pkg/resource/plugin/plugin.go,
`ExecPlugin`); only the engine holds its write end, so when the engine dies — even by
SIGKILL, which leaves it no chance to stop its plugins — the pipe reads end-of-file. A host
left running would go on calling Graph (creates, retries, waiting for teams to provision)
for an update nobody records any more. The watch reads end-of-file on a pipe only, so a host
started by hand (standard input a terminal or /dev/null) is left alone. Not
`PR_SET_PDEATHSIG`: it fires when the *thread* that started the process exits, and the
engine is a Go program whose threads may come and go.

The SDK defines `DynamicResourceProviderServicer` in `pulumi/dynamic/__main__.py`, which
ends by calling `main()` (serve on 4 threads, forever), so importing it never returns. No
other module exports the servicer. `sdk_host_module` therefore compiles that file without
its final `main()` statement, under its own name and file name (tracebacks point at the
SDK's lines), and refuses to run if the file no longer ends that way.

Errors: the SDK's servicer answers any exception of a provider call by aborting the call
with `traceback.format_exc()` as the gRPC status details (its `_abort_with_traceback`), and
the engine prints those details under the resource: a Python traceback above the message.
The host hands each resource call a context whose `abort` puts one line in its place
instead: the resource, the call, and the error as `tenantctl.jobs.failures.explain` says it (for
a Graph error: the request, Graph's status, code and message, and the fix where known).
`TENANTCTL_TRACEBACK=1` keeps the SDK's traceback.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import stat
import sys
from collections.abc import Mapping
from concurrent import futures
from pathlib import Path
from threading import Event, Thread
from types import ModuleType
from typing import Any

import grpc
from pulumi.runtime._grpc_settings import _GRPC_CHANNEL_OPTIONS
from pulumi.runtime.proto import provider_pb2_grpc

from tenantctl.graph.runner import close_shared_clients
from tenantctl.jobs.failures import explain, show_traceback
from tenantctl.jobs.urns import kind_of, name_of, type_of

SDK_HOST = "pulumi.dynamic.__main__"
WORKERS_VARIABLE = "TENANTCTL_PROVIDER_WORKERS"
DEFAULT_WORKERS = 32
"""Enough for `pulumi up --parallel` up to 32; the engine's own default is 4 per CPU."""
ENGINE_GONE_EXIT = 3
"""The host's exit status when the engine's pipe closed under it."""
RESOURCE_CALLS = {
    "Check": "check",
    "Diff": "diff",
    "Create": "create",
    "Read": "read",
    "Update": "update",
    "Delete": "delete",
}
"""The servicer's calls about one resource (each request names it by URN), and their verbs."""


def worker_count(environ: Mapping[str, str]) -> int:
    """The number of gRPC worker threads: `TENANTCTL_PROVIDER_WORKERS`, or the default."""
    given = environ.get(WORKERS_VARIABLE, "").strip()
    if not given:
        return DEFAULT_WORKERS
    if not given.isdigit() or int(given) < 1:
        raise ValueError(f"{WORKERS_VARIABLE} must be a positive whole number, not {given!r}")
    return int(given)


def _is_main_call(statement: ast.stmt) -> bool:
    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Call)
        and isinstance(statement.value.func, ast.Name)
        and statement.value.func.id == "main"
        and not statement.value.args
        and not statement.value.keywords
    )


def sdk_host_module() -> ModuleType:
    """`pulumi.dynamic.__main__` as the SDK ships it, minus its closing `main()` call."""
    spec = importlib.util.find_spec(SDK_HOST)
    if spec is None or spec.origin is None:
        raise RuntimeError(f"the Pulumi SDK has no {SDK_HOST}")
    source = Path(spec.origin).read_text(encoding="utf-8")
    tree = ast.parse(source, spec.origin)
    if not tree.body or not _is_main_call(tree.body[-1]):
        raise RuntimeError(
            f"{spec.origin} no longer ends with `main()`: check the provider host against "
            "the pinned Pulumi SDK"
        )
    tree.body.pop()
    module = importlib.util.module_from_spec(spec)
    sys.modules[SDK_HOST] = module  # a later import finds it instead of starting a server
    exec(compile(tree, spec.origin, "exec"), module.__dict__)
    return module


def exit_with_engine(stdin: int = 0) -> Thread | None:
    """Watch the engine's pipe on STDIN in a daemon thread and end the process, without any
    cleanup, once it closes; nothing to watch (None) when STDIN is not a pipe."""
    if not stat.S_ISFIFO(os.fstat(stdin).st_mode):
        return None

    def watch() -> None:
        while os.read(stdin, 4096):
            pass
        os._exit(ENGINE_GONE_EXIT)

    watcher = Thread(target=watch, name="engine-watch", daemon=True)
    watcher.start()
    return watcher


def failure_line(urn: str, verb: str, error: BaseException) -> str:
    """One line for a failed call about the resource at `urn`."""
    kind = kind_of(type_of(urn)) if urn.count("::") >= 3 else "resource"
    return f"{kind} {name_of(urn)}: {verb} failed: {explain(error, kinds=kind)}"


class OneLineAbort:
    """A servicer context whose `abort`, called while an exception is handled, reports that
    exception as its `failure_line` (the rest is the engine's context, unchanged)."""

    def __init__(self, context: grpc.ServicerContext, urn: str, verb: str) -> None:
        self._context = context
        self._urn = urn
        self._verb = verb

    def abort(self, code: grpc.StatusCode, details: str) -> None:
        error = sys.exc_info()[1]
        if error is not None and not show_traceback():
            details = failure_line(self._urn, self._verb, error)
        self._context.abort(code, details)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._context, name)


def one_line_servicer(base: type) -> type:
    """A subclass of the SDK's servicer whose resource calls report errors in one line."""

    def wrapped(name: str, verb: str) -> Any:
        inherited = getattr(base, name)

        def call(self: Any, request: Any, context: grpc.ServicerContext) -> Any:
            return inherited(self, request, OneLineAbort(context, str(request.urn), verb))

        call.__name__ = name
        return call

    methods = {name: wrapped(name, verb) for name, verb in RESOURCE_CALLS.items()}
    return type(f"OneLine{base.__name__}", (base,), methods)


def serve(workers: int) -> None:
    """Serve the dynamic provider protocol on 127.0.0.1 until interrupted or until the engine
    is gone; the port goes to stdout, where the engine reads it."""
    exit_with_engine()
    servicer = one_line_servicer(sdk_host_module().DynamicResourceProviderServicer)()
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=workers, thread_name_prefix="provider"),
        options=_GRPC_CHANNEL_OPTIONS,
    )
    provider_pb2_grpc.add_ResourceProviderServicer_to_server(servicer, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    sys.stdout.write(f"{port}\n")
    sys.stdout.flush()
    try:
        Event().wait()
    except KeyboardInterrupt:  # how the engine asks a plugin to stop (SIGINT)
        server.stop(0)
        close_shared_clients()


if __name__ == "__main__":
    serve(worker_count(os.environ))
