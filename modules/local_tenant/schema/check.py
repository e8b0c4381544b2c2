"""Walk a JSON value against a Graph type and collect what does not conform.

Each `Violation` carries a path (``channels[0].membershipType``; ``$`` for the value itself),
a detail for a person reading a test failure, and the message Graph answers a request body
with. Graph's body reader is Microsoft.OData.Core's: its messages name the property and the
type ("The property 'x' does not exist on type 'microsoft.graph.team'. ..."), the JSON node it
found where another was expected, or the primitive type it could not convert to
(learn.microsoft.com/graph/errors; docs.oasis-open.org/odata/odata-json-format/v4.01). An
enum value it cannot parse is "Requested value 'wild' was not found." Computed properties,
and the key the service assigns, are refused in a body being written ("Property 'id' is
read-only and cannot be set."). `Violation.kind` and `Violation.name` let a workload word a
refusal its own way (the directory's, `conformance.DIRECTORY_WORDING`).

Types are checked through `GraphSchema.shape`, which merges a type's inherited members once,
so checking a value costs a dictionary lookup per member.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from local_tenant.schema.model import NAMESPACE, EnumType, Operation, Shape, TypeRef
from local_tenant.schema.primitives import PRIMITIVES, is_int

if TYPE_CHECKING:
    from local_tenant.schema.csdl import GraphSchema

# Instance annotations accepted on any object (``@removed`` marks deletions in delta responses),
# and on collection wrappers.
_OBJECT_ANNOTATIONS = frozenset(
    {"odata.type", "odata.id", "odata.etag", "odata.context"}
    | {"odata.nextLink", "odata.deltaLink", "odata.count", "removed"}
)
_COLLECTION_ANNOTATIONS = frozenset(
    {"odata.context", "odata.nextLink", "odata.deltaLink", "odata.count"}
)
# Annotations of a collection-valued navigation property: of its expansion
# (``members@odata.count``), or its changes in a delta response (``members@delta``).
_EXPANDED_ANNOTATIONS = frozenset({"odata.context", "odata.nextLink", "odata.count", "delta"})
_REMOVAL_REASONS = frozenset({"changed", "deleted"})


@dataclass(frozen=True, slots=True)
class Violation:
    """One way a value does not conform."""

    path: str
    detail: str
    message: str
    """What Graph's body reader answers a request body with."""
    kind: str = "value"
    """``unknown`` (no such property), ``value`` (a value of the wrong type or member),
    ``read-only``, or ``other`` (annotations, types, parameters)."""
    name: str = ""
    """The property the violation is about (the last name in its path)."""

    def line(self) -> str:
        return f"{self.path or '$'}: {self.detail}"


def lines(violations: list[Violation], context: str = "") -> list[str]:
    """Violations one line each, labelled with ``context`` when given."""
    return [f"{context}: {v.line()}" if context else v.line() for v in violations]


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:57]}..."


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _suggest(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _node(value: Any) -> str:
    """The JSON reader's name for the node a value starts with."""
    if isinstance(value, list):
        return "StartArray"
    if isinstance(value, dict):
        return "StartObject"
    return "PrimitiveValue"


def _unexpected(found: Any, expected: str) -> str:
    return (
        f"An unexpected '{_node(found)}' node was found when reading from the JSON reader. "
        f"A '{expected}' node was expected."
    )


def does_not_exist(name: str, type_name: str) -> str:
    """The OData reader's message for a property a closed type does not declare."""
    return (
        f"The property '{name}' does not exist on type '{type_name}'. Make sure to only use "
        "property names that are defined by the type or mark the type as open type."
    )


class Checker:
    """Collects violations while walking one value.

    ``strict_open_types`` lets open types take only extension-style dynamic names (with
    ``_``); ``writing`` refuses computed properties, and keys the service assigns, as a
    request body must.
    """

    def __init__(
        self, schema: GraphSchema, *, strict_open_types: bool = False, writing: bool = False
    ) -> None:
        self.schema = schema
        self.strict_open_types = strict_open_types
        self.writing = writing
        self.violations: list[Violation] = []

    def report(self, path: str, detail: str, message: str = "", kind: str = "other") -> None:
        name = path.partition("@")[0].rpartition(".")[2].partition("[")[0]
        self.violations.append(Violation(path, detail, message or detail, kind, name))

    def value(self, path: str, type_ref: TypeRef, nullable: bool, value: Any) -> None:
        if value is None:
            if not nullable:
                name = path.rpartition(".")[2] or path
                expected = f"{type_ref}[Nullable=False]"
                self.report(
                    path,
                    "must not be null",
                    f"A null value was found for the property named '{name}', which has the "
                    f"expected type '{expected}'. The expected type '{expected}' does not "
                    "allow null values.",
                    "value",
                )
        elif not type_ref.is_collection:
            self.single(path, type_ref.name, value)
        elif not isinstance(value, list):
            self.report(
                path,
                f"expected an array ({type_ref}), got {_show(value)}",
                _unexpected(value, "StartArray"),
                "value",
            )
        else:
            item = TypeRef(type_ref.name)
            for index, element in enumerate(value):
                self.value(f"{path}[{index}]", item, nullable, element)

    def single(self, path: str, type_name: str, value: Any) -> None:
        primitive = PRIMITIVES.get(type_name)
        if primitive is not None:
            if not primitive(value):
                self.primitive(path, type_name, value)
        elif type_name in self.schema.enum_types:
            self.enum(path, self.schema.enum_types[type_name], value)
        else:
            self.structured(path, type_name, value)

    def primitive(self, path: str, type_name: str, value: Any) -> None:
        message = (
            _unexpected(value, "PrimitiveValue")
            if isinstance(value, list | dict)
            else f"Cannot convert a primitive value to the expected type '{type_name}'. "
            "See the inner exception for more details."
        )
        self.report(path, f"{_show(value)} is not a valid {type_name}", message, "value")

    def enum(self, path: str, enum: EnumType, value: Any) -> None:
        if not isinstance(value, str):
            self.report(
                path,
                f"{_show(value)} is not a member of {enum.name}",
                _unexpected(value, "PrimitiveValue")
                if isinstance(value, list | dict)
                else f"Cannot convert a primitive value to the expected type '{enum.name}'. "
                "See the inner exception for more details.",
                "value",
            )
            return
        parts = value.split(",") if enum.is_flags else [value]
        for part in parts:
            if part.strip() not in enum.members:
                self.report(
                    path,
                    f"{_show(part)} is not a member of {enum.name}",
                    f"Requested value '{part.strip()}' was not found.",
                    "value",
                )

    def structured(self, path: str, declared: str, value: Any) -> None:
        if not isinstance(value, dict):
            self.report(
                path,
                f"expected an object ({declared}), got {_show(value)}",
                _unexpected(value, "StartObject"),
                "value",
            )
            return
        actual = self.actual_type(path, declared, value.get("@odata.type"))
        if actual is None:
            return
        shape = self.schema.shape(actual)
        for key, item in value.items():
            if "@" in key:
                self.annotation(_join(path, key), shape, key, item)
            else:
                self.member(_join(path, key), shape, key, item)

    def actual_type(self, path: str, declared: str, odata_type: Any) -> str | None:
        """The type named by ``@odata.type`` (or the declared one), None if unusable."""
        where = _join(path, "@odata.type")
        if odata_type is None:
            actual = declared
        elif not isinstance(odata_type, str):
            self.report(where, f"{_show(odata_type)} is not a type name")
            return None
        else:
            found = self.schema.find_type(odata_type.removeprefix("#"))
            if found is None or found not in self.schema.structured_types:
                self.report(
                    where,
                    f"{odata_type!r} is not a type in the Graph v1.0 schema",
                    f"A type named '{odata_type.removeprefix('#')}' could not be resolved by "
                    "the model. When a model is available, each type name must resolve to a "
                    "valid type.",
                )
                return None
            if not self.schema.is_subtype(found, declared):
                self.report(
                    where,
                    f"{found} is not {declared} or a subtype of it",
                    f"A resource with type '{found}' was found, but it is not assignable to "
                    f"the expected type '{declared}'. The type specified in the resource must "
                    "be equal to either the expected type or a derived type.",
                )
                return None
            actual = found
        if self.schema.structured_types[actual].abstract:
            self.report(
                where,
                f"{actual} is abstract; name a concrete subtype",
                f"An instance of the abstract type '{actual}' was found. Name a concrete type "
                "derived from it in '@odata.type'.",
            )
        return actual

    def member(self, path: str, shape: Shape, key: str, item: Any) -> None:
        prop = shape.properties.get(key)
        if prop is not None:
            if self.writing and self.read_only(shape, key):
                self.report(
                    path,
                    f"{key!r} is read-only on {shape.name}",
                    f"Property '{key}' is read-only and cannot be set.",
                    "read-only",
                )
                return
            self.value(path, prop.type, prop.nullable, item)
            return
        nav = shape.navigation.get(key)
        if nav is not None:
            self.value(path, nav.type, nav.nullable and not nav.type.is_collection, item)
        elif not self.allows_dynamic(shape, key):
            known = [*shape.properties, *shape.navigation]
            detail = f"not a property of {shape.name}{_suggest(key, known)}"
            self.report(path, detail, does_not_exist(key, shape.name), "unknown")

    def read_only(self, shape: Shape, key: str) -> bool:
        """Computed, or the key the service assigns (``id``); a key the type declares itself
        (a partner configuration's ``tenantId``) is the client's to name."""
        return key in shape.computed or (key in shape.key and not shape.own_key)

    def allows_dynamic(self, shape: Shape, key: str) -> bool:
        if not shape.open_type:
            return False
        return "_" in key or not self.strict_open_types

    def annotation(self, path: str, shape: Shape, key: str, item: Any) -> None:
        target, _, term = key.partition("@")
        if term.startswith(f"{NAMESPACE}."):
            return
        if not target:
            self.object_annotation(path, term, item)
        elif term == "odata.bind":
            self.bind(path, shape, target, item)
        elif term == "odata.type":
            self.property_type_hint(path, shape, target, item)
        elif term in _EXPANDED_ANNOTATIONS:
            self.expanded_annotation(path, shape, target, term, item)
        else:
            self.unknown_annotation(path)

    def unknown_annotation(self, path: str) -> None:
        self.report(path, "unknown annotation", f"The annotation '{path}' is not supported.")

    def object_annotation(self, path: str, term: str, item: Any) -> None:
        if term not in _OBJECT_ANNOTATIONS:
            self.unknown_annotation(path)
        elif term == "odata.count":
            if not is_int(item, 64):
                self.report(path, f"{_show(item)} is not a count")
        elif term == "removed":
            if not (isinstance(item, dict) and item.get("reason") in _REMOVAL_REASONS):
                self.report(
                    path, f"expected {{'reason': 'changed' or 'deleted'}}, got {_show(item)}"
                )
        elif not isinstance(item, str):
            self.report(path, f"{_show(item)} is not a string")

    def wrapper_annotation(self, key: str, item: Any) -> None:
        term = key.removeprefix("@")
        if key.startswith("@") and term in _COLLECTION_ANNOTATIONS:
            self.object_annotation(key, term, item)
        elif not key.startswith(f"@{NAMESPACE}."):
            self.report(key, "not allowed in a collection response")

    def collection(self, item_type: TypeRef, body: Any) -> None:
        """A collection response ``{"@odata.context", "value": [...], ...}``."""
        if not isinstance(body, dict):
            self.report("", f"expected an object with 'value', got {_show(body)}")
        elif "value" not in body:
            self.report("", "missing 'value'")
        else:
            for key, item in body.items():
                if key == "value":
                    self.value("value", TypeRef(item_type.name, True), False, item)
                else:
                    self.wrapper_annotation(key, item)

    def bind(self, path: str, shape: Shape, target: str, item: Any) -> None:
        nav = shape.navigation.get(target)
        if nav is None:
            self.report(
                path,
                f"{target!r} is not a navigation property of {shape.name}",
                does_not_exist(target, shape.name),
                "unknown",
            )
        elif nav.type.is_collection:
            if not (isinstance(item, list) and all(_is_reference(u) for u in item)):
                self.report(
                    path,
                    f"expected an array of URLs, got {_show(item)}",
                    f"The value of the 'odata.bind' annotation of the collection-valued "
                    f"navigation property '{target}' must be an array of entity URLs.",
                    "value",
                )
        elif not _is_reference(item):
            self.report(
                path,
                f"expected a URL, got {_show(item)}",
                f"The value of the 'odata.bind' annotation of the single-valued navigation "
                f"property '{target}' must be an entity URL.",
                "value",
            )

    def property_type_hint(self, path: str, shape: Shape, target: str, item: Any) -> None:
        known = target in shape.properties or target in shape.navigation
        if not (known or self.allows_dynamic(shape, target)):
            detail = f"{target!r} is not a property of {shape.name}"
            self.report(path, detail, does_not_exist(target, shape.name), "unknown")
        elif not isinstance(item, str):
            self.report(path, f"{_show(item)} is not a type name")

    def expanded_annotation(
        self, path: str, shape: Shape, target: str, term: str, item: Any
    ) -> None:
        nav = shape.navigation.get(target)
        if nav is None or not nav.type.is_collection:
            self.report(
                path, f"{target!r} is not a collection-valued navigation property of {shape.name}"
            )
        elif term == "delta":
            self.value(path, nav.type, False, item)
        else:
            self.object_annotation(path, term, item)

    def parameters(self, operation: Operation, body: Any) -> None:
        """An action's body: an object of its parameters."""
        if not isinstance(body, dict):
            self.report(
                "",
                f"expected an object of parameters, got {_show(body)}",
                _unexpected(body, "StartObject"),
            )
            return
        declared: Mapping[str, Any] = operation.parameters
        for key, item in body.items():
            parameter = operation.parameters.get(key)
            if parameter is None:
                self.report(
                    key,
                    f"not a parameter of {operation.name}{_suggest(key, list(declared))}",
                    f"The parameter '{key}' in the request payload is not a valid parameter "
                    f"for the operation '{operation.short_name}'.",
                )
            else:
                self.value(key, parameter.type, parameter.nullable, item)


def _is_reference(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())
