"""Check JSON bodies and URL paths against the Microsoft Graph v1.0 schema (OData CSDL).

The schema is read from ``v1.0-cleanMetadata.xml`` in ``$GRAPH_METADATA_DIR`` or, by default,
``<project>/../shared/graph-metadata/``; it is parsed once per process.

    schema = load_schema()
    schema.check("team", body)                  # -> ["channels[0].membershipType: ...", ...]
    schema.check_collection("subscribedSku", page)
    schema.type_for_path("/groups/{id}/team/channels")   # -> ResolvedType("...channel", True)
    schema.check_action_body("/groups/{id}/assignLicense", body)

A violation reads ``<path>: <message>``; the path is ``$`` for the body itself, otherwise
property names joined by dots with ``[i]`` for array items (``channels[0].membershipType``).
"""

from __future__ import annotations

import base64
import binascii
import difflib
import functools
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote

import pytest

NAMESPACE = "microsoft.graph"
METADATA_FILE = "v1.0-cleanMetadata.xml"
_EDM = "{http://docs.oasis-open.org/odata/ns/edm}"
_PROJECT_ROOT = Path(__file__).resolve().parents[2]

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


class GraphSchemaError(ValueError):
    """A type name or path that the schema does not define."""


class GraphPathError(GraphSchemaError):
    """A URL path that does not resolve through the schema."""


class MetadataNotFoundError(FileNotFoundError):
    """The Graph metadata file is not where it was looked for."""


# --------------------------------------------------------------------------- model


@dataclass(frozen=True, slots=True)
class TypeRef:
    """A reference to a type by qualified name, possibly a collection of it."""

    name: str
    is_collection: bool = False

    def __str__(self) -> str:
        return f"Collection({self.name})" if self.is_collection else self.name


@dataclass(frozen=True, slots=True)
class Property:
    """A structural property (or an operation parameter)."""

    name: str
    type: TypeRef
    nullable: bool = True
    optional: bool = False


@dataclass(frozen=True, slots=True)
class NavigationProperty:
    """A navigation property to an entity type or a collection of them."""

    name: str
    type: TypeRef
    nullable: bool = True
    contains_target: bool = False


@dataclass(frozen=True, slots=True)
class StructuredType:
    """An entity or complex type with its own (not inherited) members."""

    name: str
    kind: Literal["entity", "complex"]
    base_type: str | None
    abstract: bool
    open_type: bool
    properties: Mapping[str, Property]
    navigation: Mapping[str, NavigationProperty]


@dataclass(frozen=True, slots=True)
class EnumType:
    """An enumeration; flags enums accept comma-separated members."""

    name: str
    members: frozenset[str]
    is_flags: bool


@dataclass(frozen=True, slots=True)
class Operation:
    """A bound action or function; ``parameters`` excludes the binding parameter."""

    name: str
    kind: Literal["action", "function"]
    binding: TypeRef
    parameters: Mapping[str, Property]
    return_type: TypeRef | None

    @property
    def short_name(self) -> str:
        return self.name.rpartition(".")[2]


@dataclass(frozen=True, slots=True)
class ResolvedType:
    """What a URL path addresses: the body type, and the operation when it ends in one.

    ``type_name`` is None for an action that returns nothing.
    """

    type_name: str | None
    is_collection: bool
    operation: Operation | None = field(default=None, compare=False)

    @property
    def is_action(self) -> bool:
        return self.operation is not None and self.operation.kind == "action"

    @property
    def parameter_names(self) -> tuple[str, ...]:
        return tuple(self.operation.parameters) if self.operation else ()


# --------------------------------------------------------------------------- parsing


def _type_ref(raw: str, aliases: Mapping[str, str]) -> TypeRef:
    is_collection = raw.startswith("Collection(")
    name = raw[len("Collection(") : -1] if is_collection else raw
    prefix, _, short = name.rpartition(".")
    return TypeRef(f"{aliases.get(prefix, prefix)}.{short}", is_collection)


def _nullable(element: ET.Element) -> bool:
    return element.get("Nullable") != "false"


def _members(
    element: ET.Element, aliases: Mapping[str, str]
) -> tuple[dict[str, Property], dict[str, NavigationProperty]]:
    properties: dict[str, Property] = {}
    navigation: dict[str, NavigationProperty] = {}
    for child in element:
        name, raw_type = child.get("Name", ""), child.get("Type", "")
        if child.tag == f"{_EDM}Property":
            properties[name] = Property(name, _type_ref(raw_type, aliases), _nullable(child))
        elif child.tag == f"{_EDM}NavigationProperty":
            navigation[name] = NavigationProperty(
                name,
                _type_ref(raw_type, aliases),
                _nullable(child),
                child.get("ContainsTarget") == "true",
            )
    return properties, navigation


def _structured(element: ET.Element, namespace: str, aliases: Mapping[str, str]) -> StructuredType:
    properties, navigation = _members(element, aliases)
    base = element.get("BaseType")
    return StructuredType(
        name=f"{namespace}.{element.get('Name')}",
        kind="entity" if element.tag == f"{_EDM}EntityType" else "complex",
        base_type=_type_ref(base, aliases).name if base else None,
        abstract=element.get("Abstract") == "true",
        open_type=element.get("OpenType") == "true",
        properties=properties,
        navigation=navigation,
    )


def _parameter(element: ET.Element, aliases: Mapping[str, str]) -> Property:
    optional = any(
        a.get("Term") == "Org.OData.Core.V1.OptionalParameter"
        for a in element.iter(f"{_EDM}Annotation")
    )
    return Property(
        element.get("Name", ""),
        _type_ref(element.get("Type", ""), aliases),
        _nullable(element),
        optional,
    )


def _operation(element: ET.Element, namespace: str, aliases: Mapping[str, str]) -> Operation:
    binding, *parameters = (_parameter(p, aliases) for p in element.iter(f"{_EDM}Parameter"))
    returns = element.find(f"{_EDM}ReturnType")
    return Operation(
        name=f"{namespace}.{element.get('Name')}",
        kind="action" if element.tag == f"{_EDM}Action" else "function",
        binding=binding.type,
        parameters={p.name: p for p in parameters},
        return_type=_type_ref(returns.get("Type", ""), aliases) if returns is not None else None,
    )


# --------------------------------------------------------------------------- schema


class GraphSchema:
    """The Graph v1.0 schema: types, the entity container and bound operations."""

    def __init__(self, root: ET.Element) -> None:
        schemas = list(root.iter(f"{_EDM}Schema"))
        aliases = {s.get("Alias", ""): s.get("Namespace", "") for s in schemas if s.get("Alias")}
        self.structured_types: dict[str, StructuredType] = {}
        self.enum_types: dict[str, EnumType] = {}
        self.entity_sets: dict[str, str] = {}
        self.singletons: dict[str, str] = {}
        self._operations: dict[tuple[str, bool], dict[str, list[Operation]]] = {}
        self._properties: dict[str, Mapping[str, Property]] = {}
        self._navigation: dict[str, Mapping[str, NavigationProperty]] = {}
        for schema in schemas:
            self._read_schema(schema, schema.get("Namespace", ""), aliases)

    def _read_schema(self, schema: ET.Element, namespace: str, aliases: Mapping[str, str]) -> None:
        for element in schema:
            tag = element.tag.removeprefix(_EDM)
            if tag in ("EntityType", "ComplexType"):
                structured = _structured(element, namespace, aliases)
                self.structured_types[structured.name] = structured
            elif tag == "EnumType":
                self._read_enum(element, namespace)
            elif tag in ("Action", "Function") and element.get("IsBound") == "true":
                operation = _operation(element, namespace, aliases)
                key = (operation.binding.name, operation.binding.is_collection)
                by_name = self._operations.setdefault(key, {})
                by_name.setdefault(operation.short_name, []).append(operation)
            elif tag == "EntityContainer":
                self._read_container(element, aliases)

    def _read_enum(self, element: ET.Element, namespace: str) -> None:
        name = f"{namespace}.{element.get('Name')}"
        members = frozenset(m.get("Name", "") for m in element.iter(f"{_EDM}Member"))
        self.enum_types[name] = EnumType(name, members, element.get("IsFlags") == "true")

    def _read_container(self, container: ET.Element, aliases: Mapping[str, str]) -> None:
        for element in container:
            if element.tag == f"{_EDM}EntitySet":
                type_name = element.get("EntityType", "")
                self.entity_sets[element.get("Name", "")] = _type_ref(type_name, aliases).name
            elif element.tag == f"{_EDM}Singleton":
                type_name = element.get("Type", "")
                self.singletons[element.get("Name", "")] = _type_ref(type_name, aliases).name

    # ---------------------------------------------------------------- type queries

    def find_type(self, name: str) -> str | None:
        """The qualified name of a structured or enum type, given with or without prefix."""
        for candidate in (name, f"{NAMESPACE}.{name}"):
            if candidate in self.structured_types or candidate in self.enum_types:
                return candidate
        return None

    def qualify(self, name: str) -> str:
        """Like find_type, but an Edm primitive passes and an unknown name raises."""
        if name.startswith("Edm.") and name in _PRIMITIVES:
            return name
        found = self.find_type(name)
        if found is None:
            raise GraphSchemaError(f"{name!r} is not a type in the Graph v1.0 schema")
        return found

    def type_ref(self, type_name: str) -> TypeRef:
        """A qualified reference for ``"team"``, ``"Collection(Edm.Guid)"`` and the like."""
        is_collection = type_name.startswith("Collection(") and type_name.endswith(")")
        inner = type_name[len("Collection(") : -1] if is_collection else type_name
        return TypeRef(self.qualify(inner), is_collection)

    def ancestry(self, name: str) -> Iterator[StructuredType]:
        """The (qualified) type itself, then its base types up to the root."""
        current: str | None = name
        while current is not None:
            structured = self.structured_types[current]
            yield structured
            current = structured.base_type

    def is_subtype(self, name: str, ancestor: str) -> bool:
        """Whether qualified ``name`` is ``ancestor`` or derives from it."""
        return any(t.name == ancestor for t in self.ancestry(name))

    def is_open(self, name: str) -> bool:
        return any(t.open_type for t in self.ancestry(name))

    def properties(self, name: str) -> Mapping[str, Property]:
        """Structural properties of a type (name with or without prefix), inherited included."""
        if name not in self._properties:
            merged: dict[str, Property] = {}
            for structured in reversed(list(self.ancestry(self.qualify(name)))):
                merged.update(structured.properties)
            self._properties[name] = merged
        return self._properties[name]

    def navigation(self, name: str) -> Mapping[str, NavigationProperty]:
        """Navigation properties of a type (name with or without prefix), inherited included."""
        if name not in self._navigation:
            merged: dict[str, NavigationProperty] = {}
            for structured in reversed(list(self.ancestry(self.qualify(name)))):
                merged.update(structured.navigation)
            self._navigation[name] = merged
        return self._navigation[name]

    def bound_operations(self, name: str, is_collection: bool, short_name: str) -> list[Operation]:
        """Operations of that name bound to the type (or a collection of it), nearest first."""
        for structured in self.ancestry(name):
            found = self._operations.get((structured.name, is_collection), {}).get(short_name)
            if found:
                return found
        return []

    # ---------------------------------------------------------------- body checks

    def check(
        self, type_name: str, body: Any, *, context: str = "", strict_open_types: bool = False
    ) -> list[str]:
        """Violations of ``body`` against the type (``"team"``, ``"microsoft.graph.team"``,
        ``"Collection(Edm.String)"``...); empty when it conforms.

        Open types (team, group, user...) accept unknown properties unless
        ``strict_open_types``, which allows only extension-style dynamic names (containing ``_``).
        ``context`` labels every violation (``"<context>: <path>: <message>"``).
        """
        checker = _Checker(self, strict_open_types)
        checker.value("", self.type_ref(type_name), False, body)
        return checker.violations_in(context)

    def check_collection(
        self, type_name: str, body: Any, *, context: str = "", strict_open_types: bool = False
    ) -> list[str]:
        """Violations of a collection response ``{"@odata.context", "value": [...], ...}``."""
        checker = _Checker(self, strict_open_types)
        item_type = self.type_ref(type_name)
        if not isinstance(body, dict):
            checker.report("", f"expected an object with 'value', got {_show(body)}")
        elif "value" not in body:
            checker.report("", "missing 'value'")
        else:
            for key, item in body.items():
                if key == "value":
                    checker.value("value", TypeRef(item_type.name, True), False, item)
                else:
                    checker.wrapper_annotation(key, item)
        return checker.violations_in(context)

    def check_action_body(self, path: str, body: Any, *, context: str = "") -> list[str]:
        """Violations of a request body for the bound action that ``path`` ends in.

        Raises GraphPathError when the path does not resolve or ends in no action.
        """
        resolved = self.type_for_path(path)
        if resolved is None or resolved.operation is None or not resolved.is_action:
            raise GraphPathError(f"{path!r} does not end in a bound action")
        checker = _Checker(self, strict_open_types=False)
        checker.parameters(resolved.operation, body)
        return checker.violations_in(context)

    # ---------------------------------------------------------------- paths

    def type_for_path(self, path: str) -> ResolvedType | None:
        """Resolve a v1.0 URL path (no ``/v1.0`` prefix, query string allowed).

        Path-based addressing (``/sites/{host}:/sites/finance``, ``/drives/{id}/root:/a/b:``)
        addresses an item of the type before the colon.

        Returns None for ``$ref`` paths, which carry references rather than typed bodies.
        """
        addressed = _ITEM_PATH_RE.sub("", path.partition("?")[0])
        segments = [unquote(s) for s in addressed.split("/") if s]
        if not segments:
            raise GraphPathError("empty path")
        resolved: ResolvedType | None = self._root(path, segments[0])
        for index, segment in enumerate(segments[1:], start=1):
            if resolved is None:
                raise GraphPathError(f"{path!r}: nothing may follow $ref")
            resolved = _PathStep(self, path, "/".join(segments[:index])).next(resolved, segment)
        return resolved

    def _root(self, path: str, segment: str) -> ResolvedType:
        name, args = _split_call(segment)
        if name in self.entity_sets:
            return ResolvedType(self.entity_sets[name], is_collection=args is None)
        if name in self.singletons and args is None:
            return ResolvedType(self.singletons[name], is_collection=False)
        raise GraphPathError(
            f"{path!r}: {segment!r} is not an entity set or singleton of Graph v1.0"
        )


# --------------------------------------------------------------------------- primitives


_DATE = r"\d{4}-\d{2}-\d{2}"
_TIME = r"\d{2}:\d{2}(:\d{2}(\.\d{1,12})?)?"
_DATETIME_RE = re.compile(rf"{_DATE}T{_TIME}(Z|[+-]\d{{2}}:\d{{2}})")
_DATE_RE = re.compile(_DATE)
_TIME_RE = re.compile(_TIME)
_GUID_RE = re.compile(r"[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")
_DURATION_RE = re.compile(
    r"-?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?"
)
_FLOAT_KEYWORDS = frozenset({"NaN", "INF", "-INF"})


def _is_int(value: Any, bits: int, signed: bool = True) -> bool:
    if not isinstance(value, int) or isinstance(value, bool):
        return False
    low, high = (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1) if signed else (0, 2**bits - 1)
    return bool(low <= value <= high)


def _is_number(value: Any) -> bool:
    if isinstance(value, str):
        return value in _FLOAT_KEYWORDS
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_datetime(value: Any) -> bool:
    if not isinstance(value, str) or not _DATETIME_RE.fullmatch(value):
        return False
    try:
        datetime.fromisoformat(value[:19])
    except ValueError:
        return False
    return True


def _is_date(value: Any) -> bool:
    if not isinstance(value, str) or not _DATE_RE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_binary(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    standard = value.replace("-", "+").replace("_", "/")
    try:
        base64.b64decode(standard + "=" * (-len(standard) % 4), validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


def _matches(pattern: re.Pattern[str]) -> Callable[[Any], bool]:
    return lambda value: isinstance(value, str) and pattern.fullmatch(value) is not None


_PRIMITIVES: dict[str, Callable[[Any], bool]] = {
    "Edm.String": lambda value: isinstance(value, str),
    "Edm.Boolean": lambda value: isinstance(value, bool),
    "Edm.Byte": lambda value: _is_int(value, 8, signed=False),
    "Edm.SByte": lambda value: _is_int(value, 8),
    "Edm.Int16": lambda value: _is_int(value, 16),
    "Edm.Int32": lambda value: _is_int(value, 32),
    "Edm.Int64": lambda value: _is_int(value, 64),
    "Edm.Single": _is_number,
    "Edm.Double": _is_number,
    "Edm.Decimal": _is_number,
    "Edm.DateTimeOffset": _is_datetime,
    "Edm.Date": _is_date,
    "Edm.TimeOfDay": _matches(_TIME_RE),
    "Edm.Guid": _matches(_GUID_RE),
    "Edm.Duration": _matches(_DURATION_RE),
    "Edm.Binary": _is_binary,
    "Edm.Stream": lambda value: isinstance(value, str),
    "Edm.Untyped": lambda value: True,
}


# --------------------------------------------------------------------------- checking


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:57]}..."


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _suggest(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


class _Checker:
    """Collects violations while walking one body."""

    def __init__(self, schema: GraphSchema, strict_open_types: bool) -> None:
        self.schema = schema
        self.strict_open_types = strict_open_types
        self.violations: list[str] = []

    def report(self, path: str, message: str) -> None:
        self.violations.append(f"{path or '$'}: {message}")

    def violations_in(self, context: str) -> list[str]:
        return [f"{context}: {v}" for v in self.violations] if context else self.violations

    def value(self, path: str, type_ref: TypeRef, nullable: bool, value: Any) -> None:
        if value is None:
            if not nullable:
                self.report(path, "must not be null")
        elif not type_ref.is_collection:
            self.single(path, type_ref.name, value)
        elif not isinstance(value, list):
            self.report(path, f"expected an array ({type_ref}), got {_show(value)}")
        else:
            for index, item in enumerate(value):
                self.value(f"{path}[{index}]", TypeRef(type_ref.name), nullable, item)

    def single(self, path: str, type_name: str, value: Any) -> None:
        if type_name in _PRIMITIVES:
            if not _PRIMITIVES[type_name](value):
                self.report(path, f"{_show(value)} is not a valid {type_name}")
        elif type_name in self.schema.enum_types:
            self.enum(path, self.schema.enum_types[type_name], value)
        else:
            self.structured(path, type_name, value)

    def enum(self, path: str, enum: EnumType, value: Any) -> None:
        parts = value.split(",") if isinstance(value, str) and enum.is_flags else [value]
        for part in parts:
            member = part.strip() if isinstance(part, str) else part
            if member not in enum.members:
                self.report(path, f"{_show(part)} is not a member of {enum.name}")

    def structured(self, path: str, declared: str, value: Any) -> None:
        if not isinstance(value, dict):
            self.report(path, f"expected an object ({declared}), got {_show(value)}")
            return
        actual = self.actual_type(path, declared, value.get("@odata.type"))
        if actual is None:
            return
        for key, item in value.items():
            if "@" in key:
                self.annotation(_join(path, key), actual, key, item)
            else:
                self.member(_join(path, key), actual, key, item)

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
                self.report(where, f"{odata_type!r} is not a type in the Graph v1.0 schema")
                return None
            if not self.schema.is_subtype(found, declared):
                self.report(where, f"{found} is not {declared} or a subtype of it")
                return None
            actual = found
        if self.schema.structured_types[actual].abstract:
            self.report(where, f"{actual} is abstract; name a concrete subtype")
        return actual

    def member(self, path: str, type_name: str, key: str, item: Any) -> None:
        properties = self.schema.properties(type_name)
        navigation = self.schema.navigation(type_name)
        if key in properties:
            prop = properties[key]
            self.value(path, prop.type, prop.nullable, item)
        elif key in navigation:
            nav = navigation[key]
            self.value(path, nav.type, nav.nullable and not nav.type.is_collection, item)
        elif not self.allows_dynamic(type_name, key):
            known = [*properties, *navigation]
            self.report(path, f"not a property of {type_name}{_suggest(key, known)}")

    def allows_dynamic(self, type_name: str, key: str) -> bool:
        if not self.schema.is_open(type_name):
            return False
        return "_" in key or not self.strict_open_types

    def annotation(self, path: str, type_name: str, key: str, item: Any) -> None:
        target, _, term = key.partition("@")
        if term.startswith(f"{NAMESPACE}."):
            return
        if not target:
            self.object_annotation(path, term, item)
        elif term == "odata.bind":
            self.bind(path, type_name, target, item)
        elif term == "odata.type":
            self.property_type_hint(path, type_name, target, item)
        elif term in _EXPANDED_ANNOTATIONS:
            self.expanded_annotation(path, type_name, target, term, item)
        else:
            self.report(path, "unknown annotation")

    def object_annotation(self, path: str, term: str, item: Any) -> None:
        if term not in _OBJECT_ANNOTATIONS:
            self.report(path, "unknown annotation")
        elif term == "odata.count":
            if not _is_int(item, 64):
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

    def bind(self, path: str, type_name: str, target: str, item: Any) -> None:
        nav = self.schema.navigation(type_name).get(target)
        if nav is None:
            self.report(path, f"{target!r} is not a navigation property of {type_name}")
        elif nav.type.is_collection:
            if not (isinstance(item, list) and all(_is_reference(u) for u in item)):
                self.report(path, f"expected an array of URLs, got {_show(item)}")
        elif not _is_reference(item):
            self.report(path, f"expected a URL, got {_show(item)}")

    def property_type_hint(self, path: str, type_name: str, target: str, item: Any) -> None:
        known = target in self.schema.properties(type_name) or target in self.schema.navigation(
            type_name
        )
        if not (known or self.allows_dynamic(type_name, target)):
            self.report(path, f"{target!r} is not a property of {type_name}")
        elif not isinstance(item, str):
            self.report(path, f"{_show(item)} is not a type name")

    def expanded_annotation(
        self, path: str, type_name: str, target: str, term: str, item: Any
    ) -> None:
        nav = self.schema.navigation(type_name).get(target)
        if nav is None or not nav.type.is_collection:
            self.report(
                path, f"{target!r} is not a collection-valued navigation property of {type_name}"
            )
        elif term == "delta":
            self.value(path, nav.type, False, item)
        else:
            self.object_annotation(path, term, item)

    def parameters(self, operation: Operation, body: Any) -> None:
        if not isinstance(body, dict):
            self.report("", f"expected an object of parameters, got {_show(body)}")
            return
        for key, item in body.items():
            parameter = operation.parameters.get(key)
            if parameter is None:
                suggestion = _suggest(key, list(operation.parameters))
                self.report(key, f"not a parameter of {operation.name}{suggestion}")
            else:
                self.value(key, parameter.type, parameter.nullable, item)


def _is_reference(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


# --------------------------------------------------------------------------- path steps


_ITEM_PATH_RE = re.compile(r":/[^:]*(:|$)")
_CALL_RE = re.compile(r"(?P<name>[^()]+)\((?P<args>.*)\)")
_ARG_NAME_RE = re.compile(r"(\w+)\s*=\s*(?:'(?:[^']|'')*'|[^,]*)")


def _split_call(segment: str) -> tuple[str, str | None]:
    """``"delta()"`` -> ``("delta", "")``; ``"groups"`` -> ``("groups", None)``."""
    match = _CALL_RE.fullmatch(segment)
    return (match["name"], match["args"]) if match else (segment, None)


@dataclass(frozen=True, slots=True)
class _PathStep:
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


# --------------------------------------------------------------------------- loading


def metadata_dir() -> Path:
    """``$GRAPH_METADATA_DIR``, else ``<project>/../shared/graph-metadata``."""
    configured = os.environ.get("GRAPH_METADATA_DIR")
    return Path(configured) if configured else _PROJECT_ROOT.parent / "shared" / "graph-metadata"


def load_schema(directory: Path | None = None) -> GraphSchema:
    """The schema from ``directory`` (default: metadata_dir()), parsed once per process."""
    return _parse((directory or metadata_dir()) / METADATA_FILE)


@functools.cache
def _parse(path: Path) -> GraphSchema:
    if not path.is_file():
        raise MetadataNotFoundError(
            f"Graph v1.0 metadata not found at {path}; set GRAPH_METADATA_DIR to the folder"
            f" holding {METADATA_FILE}"
        )
    return GraphSchema(ET.parse(path).getroot())


def require_schema() -> GraphSchema:
    """load_schema(), or skip the calling test when the metadata is absent (an error on CI)."""
    try:
        return load_schema()
    except MetadataNotFoundError as missing:
        if os.environ.get("CI", "").lower() == "true":
            raise
        pytest.skip(str(missing))


@pytest.fixture(scope="session")
def graph_schema() -> GraphSchema:
    """The Graph v1.0 schema; skips when the metadata is absent, fails under CI=true."""
    return require_schema()
