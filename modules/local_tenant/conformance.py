"""Refuse what Graph refuses, before a route's handler runs.

One layer of the Graph dispatcher, driven by the Graph v1.0 schema and the entity type each
route addresses (its pattern resolved through the schema once, `local_tenant.schema.paths`),
not by code in handlers:

- a POST, PATCH or PUT body is checked against that type (`local_tenant.schema.check`):
  unknown properties, enum members, primitive types, collections, nested complex types,
  ``@odata.type``, navigation binds, and the computed and service-assigned key properties a
  body may not set; an action's body against its parameters; a ``$ref`` body is a reference.
  The first violation is Graph's 400 (learn.microsoft.com/graph/errors).
- query options follow `queries.RULES`.

Without the metadata (`schema.source.missing`) bodies and names are not checked; the rules
that need no schema still apply.
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any

from local_tenant.errors import BadRequest, GraphError
from local_tenant.protocol import Request
from local_tenant.queries import Names, QueryContext, enforce
from local_tenant.router import Route
from local_tenant.schema.check import Checker, Violation
from local_tenant.schema.csdl import GraphSchema
from local_tenant.schema.model import GraphSchemaError, ResolvedType, TypeRef
from local_tenant.schema.source import load_schema, missing

log = logging.getLogger(__name__)

WRITES = frozenset({"POST", "PATCH", "PUT"})
DIRECTORY_WORDING = {
    "unknown": "Property '{name}' does not exist as a declared property or extension property.",
    "value": "Invalid value specified for property '{name}' of resource '{resource}'.",
}
"""How the directory (Entra ID) words a refused property, with ``Request_BadRequest``; other
workloads answer the body reader's message with ``BadRequest``."""
_REFERENCE_KEYS = frozenset({"@odata.id", "@odata.context"})
_UNREAD = frozenset({"$skiptoken", "$deltatoken"})
"""Query options no rule reads (they differ on every page)."""
VERDICTS_KEPT = 4096
"""Verdicts on query options kept, by route and options, before the cache starts afresh."""


@dataclass(frozen=True)
class Target:
    """What a route addresses in the schema: the resolved type, or a ``$ref`` (None)."""

    resolved: ResolvedType | None


class Conformance:
    """The schema checks and query rules of one dispatcher; the schema is parsed on first use."""

    def __init__(self) -> None:
        self._schema: GraphSchema | None = None
        self._loaded = False
        self._targets: dict[str, Target | None] = {}
        self._names: dict[str, Names] = {}
        self._verdicts: dict[tuple[object, ...], GraphError | tuple[str, ...]] = {}

    @property
    def schema(self) -> GraphSchema | None:
        """The schema, parsed on first use; None without the metadata (`source.missing`), or
        when it cannot be parsed (said once)."""
        if not self._loaded:
            self._loaded = True
            if missing() is None:
                try:
                    self._schema = load_schema()
                except (ET.ParseError, OSError) as broken:
                    log.warning("local tenant: the Graph metadata cannot be read (%s)", broken)
        return self._schema

    def target(self, route: Route) -> Target | None:
        """What the route's pattern resolves to (None when the schema cannot resolve it)."""
        if route.name not in self._targets:
            self._targets[route.name] = self._resolve(route)
        return self._targets[route.name]

    def _resolve(self, route: Route) -> Target | None:
        schema = self.schema
        if schema is None:
            return None
        path = route.pattern.replace("{", "").replace("}", "")
        try:
            return Target(schema.type_for_path(path))
        except GraphSchemaError:
            return None

    def check(self, request: Request, route: Route) -> None:
        """Raise Graph's error for a request Graph refuses; may drop options Graph ignores."""
        target = self.target(route)
        if request.method in WRITES and request.body:
            self._check_body(request, route, target)
        count_segment = route.pattern.endswith("/$count")
        if request.query or count_segment:
            verdict = self._verdict(request, route, target, count_segment)
            if isinstance(verdict, GraphError):
                raise verdict.with_traceback(None)  # a kept verdict: no earlier traceback
            for option in verdict:
                request.query.pop(option, None)

    def _verdict(
        self, request: Request, route: Route, target: Target | None, count_segment: bool
    ) -> GraphError | tuple[str, ...]:
        """What `queries.RULES` say of the request's options: Graph's error, or the options to
        ignore. The same options on the same route get the same verdict, so it is kept (paging
        tokens aside, which no rule reads)."""
        key = (
            route.name,
            request.header("consistencylevel").lower(),
            *(item for item in request.query.items() if item[0] not in _UNREAD),
        )
        found = self._verdicts.get(key)
        if found is None:
            ctx = QueryContext(
                request,
                directory=route.workload == "directory",
                count_segment=count_segment,
                names=self._names_of(target),
            )
            try:
                enforce(ctx)
                found = tuple(ctx.ignored)
            except GraphError as refused:
                found = refused
            if len(self._verdicts) >= VERDICTS_KEPT:
                self._verdicts.clear()
            self._verdicts[key] = found
        return found

    def _names_of(self, target: Target | None) -> Names | None:
        """What query options may name on the target's type, computed once per type."""
        schema = self.schema
        if schema is None or target is None or target.resolved is None:
            return None
        name = target.resolved.type_name
        if name is None or name not in schema.structured_types:
            return None
        found = self._names.get(name)
        if found is None:
            family = schema.family(name)
            found = self._names[name] = Names(
                name,
                frozenset(p.lower() for shape in family for p in shape.properties),
                frozenset(n.lower() for shape in family for n in shape.navigation),
                family[0].open_type,
            )
        return found

    def _check_body(self, request: Request, route: Route, target: Target | None) -> None:
        schema = self.schema
        if schema is None or target is None:
            return
        body = request.json()
        resolved = target.resolved
        if resolved is None:
            _check_reference(body)
            return
        checker = Checker(schema, strict_open_types=True, writing=True)
        operation = resolved.operation
        if operation is not None:
            if not resolved.is_action:
                return
            checker.parameters(operation, body)
            type_name = operation.binding.name
        elif resolved.type_name in schema.structured_types:
            type_name = resolved.type_name
            checker.value("", TypeRef(type_name), False, body)
        else:
            return
        if checker.violations:
            raise _refusal(checker.violations[0], route, type_name)


def _check_reference(body: dict[str, Any]) -> None:
    """A ``$ref`` body: ``{"@odata.id": "<entity URL>"}`` (learn.microsoft.com/graph/api/
    group-post-members)."""
    for key in body:
        if key not in _REFERENCE_KEYS:
            raise BadRequest(
                f"The property '{key}' does not exist in an entity reference; send only "
                "'@odata.id'."
            )
    if not isinstance(body.get("@odata.id"), str) or not body["@odata.id"].strip():
        raise BadRequest("An entity reference needs '@odata.id', the URL of the entity.")


def _refusal(violation: Violation, route: Route, type_name: str) -> GraphError:
    if route.workload != "directory":
        return GraphError(violation.message, code="BadRequest")
    wording = DIRECTORY_WORDING.get(violation.kind)
    resource = type_name.rpartition(".")[2]
    message = (
        wording.format(name=violation.name, resource=resource[:1].upper() + resource[1:])
        if wording and violation.name
        else violation.message
    )
    return GraphError(message, code="Request_BadRequest")
