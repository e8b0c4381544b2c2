"""Resolve a v1.0 URL path through the schema to the type it addresses: entity sets and
singletons, keys, navigation and structural properties, casts, bound actions and functions,
``$count`` and ``$ref`` (OData URL conventions, docs.oasis-open.org/odata/odata/v4.01,
part 2, "Resource Path")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import unquote

from local_tenant.schema.model import GraphPathError, ResolvedType

if TYPE_CHECKING:
    from local_tenant.schema.csdl import GraphSchema

_ITEM_PATH_RE = re.compile(r":/[^:]*(:|$)")
_CALL_RE = re.compile(r"(?P<name>[^()]+)\((?P<args>.*)\)")
_ARG_NAME_RE = re.compile(r"(\w+)\s*=\s*(?:'(?:[^']|'')*'|[^,]*)")


def resolve(schema: GraphSchema, path: str) -> ResolvedType | None:
    """Resolve a v1.0 URL path (no ``/v1.0`` prefix, query string allowed).

    Path-based addressing (``/sites/{host}:/sites/finance``, ``/drives/{id}/root:/a/b:``)
    addresses an item of the type before the colon.

    Returns None for ``$ref`` paths, which carry references rather than typed bodies; raises
    GraphPathError for a path the schema does not define.
    """
    addressed = _ITEM_PATH_RE.sub("", path.partition("?")[0])
    segments = [unquote(s) for s in addressed.split("/") if s]
    if not segments:
        raise GraphPathError("empty path")
    resolved: ResolvedType | None = _root(schema, path, segments[0])
    for index, segment in enumerate(segments[1:], start=1):
        if resolved is None:
            raise GraphPathError(f"{path!r}: nothing may follow $ref")
        resolved = _Step(schema, path, "/".join(segments[:index])).next(resolved, segment)
    return resolved


def _split_call(segment: str) -> tuple[str, str | None]:
    """``"delta()"`` -> ``("delta", "")``; ``"groups"`` -> ``("groups", None)``."""
    match = _CALL_RE.fullmatch(segment)
    return (match["name"], match["args"]) if match else (segment, None)


def _root(schema: GraphSchema, path: str, segment: str) -> ResolvedType:
    name, args = _split_call(segment)
    if name in schema.entity_sets:
        return ResolvedType(schema.entity_sets[name], is_collection=args is None)
    if name in schema.singletons and args is None:
        return ResolvedType(schema.singletons[name], is_collection=False)
    raise GraphPathError(f"{path!r}: {segment!r} is not an entity set or singleton of Graph v1.0")


@dataclass(frozen=True, slots=True)
class _Step:
    """One step of path resolution, with what is needed for a clear error."""

    schema: GraphSchema
    path: str
    so_far: str

    def fail(self, message: str) -> GraphPathError:
        return GraphPathError(f"{self.path!r}: after /{self.so_far}: {message}")

    def next(self, at: ResolvedType, segment: str) -> ResolvedType | None:
        if at.is_action:
            raise self.fail("nothing may follow an action")
        if at.type_name not in self.schema.structured_types:
            raise self.fail(f"cannot navigate into {at.type_name}")
        if segment == "$ref":
            return None
        if segment == "$count":
            if not at.is_collection:
                raise self.fail("$count needs a collection")
            return ResolvedType("Edm.Int32", is_collection=False)
        cast = self.schema.find_type(segment) if "." in segment else None
        if cast is not None:
            return self.cast(at, at.type_name, cast)
        if not at.is_collection:
            member = self.member(at.type_name, segment)
            if member is not None:
                return member
        operation = self.operation(at, at.type_name, segment)
        if operation is not None:
            return operation
        if at.is_collection:
            return ResolvedType(at.type_name, is_collection=False)
        raise self.fail(
            f"{segment!r} is not a property, navigation property or bound operation of"
            f" {at.type_name}"
        )

    def cast(self, at: ResolvedType, current: str, cast: str) -> ResolvedType:
        if cast not in self.schema.structured_types or not self.schema.is_subtype(cast, current):
            raise self.fail(f"cannot cast {current} to {cast}")
        return ResolvedType(cast, at.is_collection)

    def member(self, type_name: str, segment: str) -> ResolvedType | None:
        name, key = _split_call(segment)
        nav = self.schema.navigation(type_name).get(name)
        if nav is not None:
            return ResolvedType(nav.type.name, nav.type.is_collection and key is None)
        prop = self.schema.properties(type_name).get(segment)
        if prop is not None:
            return ResolvedType(prop.type.name, prop.type.is_collection)
        return None

    def operation(self, at: ResolvedType, type_name: str, segment: str) -> ResolvedType | None:
        name, args = _split_call(segment)
        short_name = name.rpartition(".")[2]
        candidates = [
            op
            for op in self.schema.bound_operations(type_name, at.is_collection, short_name)
            if op.name == name or short_name == name
        ]
        if not candidates:
            return None
        given = frozenset(_ARG_NAME_RE.findall(args or ""))
        for op in candidates:
            if op.kind == "action" and args is not None:
                raise self.fail(f"action {op.name} takes its parameters in the body")
            required = {p.name for p in op.parameters.values() if not p.optional}
            if op.kind == "action" or required <= given <= set(op.parameters):
                returns = op.return_type
                if returns is None:
                    return ResolvedType(None, is_collection=False, operation=op)
                return ResolvedType(returns.name, returns.is_collection, operation=op)
        raise self.fail(f"no overload of {candidates[0].name} takes ({', '.join(sorted(given))})")
