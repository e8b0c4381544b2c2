"""The Pulumi dynamic provider: one class for every kind, holding only the kind's name.

Pulumi pickles the provider (with dill) into each resource's state. It therefore holds the
kind only; configuration arrives through `configure` in the provider process (stack config
such as `m365-tenant:graphBaseUrl`, with the environment as fallback) and is never pickled;
clients are built lazily, per call, on the shared background loop (`tenantctl.graph.runner`).
"""

from __future__ import annotations

from typing import Any

from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)

from tenantctl.graph import GraphSettings, lookup_from, run, shared_client
from tenantctl.graph.settings import ENVIRONMENT
from tenantctl.resources import engine
from tenantctl.resources.context import Context
from tenantctl.resources.kind import KindSpec
from tenantctl.resources.registry import spec_of
from tenantctl.resources.waits import report_waits


class GraphProvider(ResourceProvider):
    """Runs the spec of `kind` through the generic engine."""

    serialize_as_secret_always = False

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind
        self._config: dict[str, Any] = {}

    def __getstate__(self) -> dict[str, Any]:
        return {"kind": self.kind}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.kind = state["kind"]
        self._config = {}

    def configure(self, req: ConfigureRequest) -> None:
        found = {name: req.config.get(name) for name in ENVIRONMENT}
        self._config = {name: value for name, value in found.items() if value is not None}

    @property
    def spec(self) -> KindSpec:
        return spec_of(self.kind)

    def _call(self, step: Any, *args: Any) -> Any:
        """Run an engine step with a context on the shared loop."""

        async def call() -> Any:
            lookup = lookup_from(self._config)
            ctx = Context(shared_client(GraphSettings.load(lookup), lookup))
            report_waits(ctx.client)
            return await step(self.spec, ctx, *args)

        return run(call())

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        props, failures = engine.check(self.spec, news)
        return CheckResult(props, [CheckFailure(name, reason) for name, reason in failures])

    def diff(self, _id: str, _olds: dict[str, Any], _news: dict[str, Any]) -> DiffResult:
        found = engine.diff(self.spec, _olds, _news)
        return DiffResult(
            changes=bool(found.changes),
            replaces=list(found.replaces),
            delete_before_replace=True,
        )

    def create(self, props: dict[str, Any]) -> CreateResult:
        id_, outs = self._call(engine.create, props)
        return CreateResult(id_, outs)

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        outs = self._call(engine.read, id_, props)
        if outs is None:
            return ReadResult("", {})
        inputs = {prop.name: outs.get(prop.name) for prop in self.spec.props}
        return ReadResult(id_, outs, inputs)

    def update(self, _id: str, _olds: dict[str, Any], _news: dict[str, Any]) -> UpdateResult:
        return UpdateResult(self._call(engine.update, _id, _olds, _news))

    def delete(self, _id: str, _props: dict[str, Any]) -> None:
        self._call(engine.delete, _id, _props)
