"""Parse the Graph v1.0 metadata (OData CSDL XML, as microsoftgraph/msgraph-metadata publishes
it) into a `GraphSchema`: its types, enums, entity sets, singletons and bound operations, with
each entity's key and the properties annotated ``Org.OData.Core.V1.Computed``
(docs.oasis-open.org/odata/odata-csdl-xml/v4.01, and the Core vocabulary's ``Computed``)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from typing import Any

from local_tenant.schema.check import Checker, lines
from local_tenant.schema.model import (
    NAMESPACE,
    EnumType,
    GraphPathError,
    GraphSchemaError,
    NavigationProperty,
    Operation,
    Property,
    ResolvedType,
    Shape,
    StructuredType,
    TypeRef,
)
from local_tenant.schema.paths import resolve
from local_tenant.schema.primitives import PRIMITIVES

_EDM = "{http://docs.oasis-open.org/odata/ns/edm}"
_COMPUTED = "Org.OData.Core.V1.Computed"
_OPTIONAL = "Org.OData.Core.V1.OptionalParameter"
_ENTITY = f"{NAMESPACE}.entity"


def _type_ref(raw: str, aliases: Mapping[str, str]) -> TypeRef:
    is_collection = raw.startswith("Collection(")
    name = raw[len("Collection(") : -1] if is_collection else raw
    prefix, _, short = name.rpartition(".")
    return TypeRef(f"{aliases.get(prefix, prefix)}.{short}", is_collection)


def _nullable(element: ET.Element) -> bool:
    return element.get("Nullable") != "false"


def _annotated(element: ET.Element, term: str) -> bool:
    return any(
        a.get("Term") == term and a.get("Bool", "true") == "true"
        for a in element.iter(f"{_EDM}Annotation")
    )


def _members(
    element: ET.Element, aliases: Mapping[str, str]
) -> tuple[dict[str, Property], dict[str, NavigationProperty], set[str]]:
    properties: dict[str, Property] = {}
    navigation: dict[str, NavigationProperty] = {}
    computed: set[str] = set()
    for child in element:
        name, raw_type = child.get("Name", ""), child.get("Type", "")
        if child.tag == f"{_EDM}Property":
            properties[name] = Property(name, _type_ref(raw_type, aliases), _nullable(child))
            if _annotated(child, _COMPUTED):
                computed.add(name)
        elif child.tag == f"{_EDM}NavigationProperty":
            navigation[name] = NavigationProperty(
                name,
                _type_ref(raw_type, aliases),
                _nullable(child),
                child.get("ContainsTarget") == "true",
            )
    return properties, navigation, computed


def _structured(element: ET.Element, namespace: str, aliases: Mapping[str, str]) -> StructuredType:
    properties, navigation, computed = _members(element, aliases)
    base = element.get("BaseType")
    key = element.find(f"{_EDM}Key")
    return StructuredType(
        name=f"{namespace}.{element.get('Name')}",
        kind="entity" if element.tag == f"{_EDM}EntityType" else "complex",
        base_type=_type_ref(base, aliases).name if base else None,
        abstract=element.get("Abstract") == "true",
        open_type=element.get("OpenType") == "true",
        properties=properties,
        navigation=navigation,
        key=tuple(r.get("Name", "") for r in key.iter(f"{_EDM}PropertyRef"))
        if key is not None
        else (),
        computed=frozenset(computed),
    )


def _parameter(element: ET.Element, aliases: Mapping[str, str]) -> Property:
    return Property(
        element.get("Name", ""),
        _type_ref(element.get("Type", ""), aliases),
        _nullable(element),
        _annotated(element, _OPTIONAL),
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
        self._computed: dict[str, set[str]] = {}
        self._shapes: dict[str, Shape] = {}
        self._derived: dict[str, list[str]] | None = None
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
            elif tag == "Annotations":
                self._read_annotations(element, aliases)

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

    def _read_annotations(self, element: ET.Element, aliases: Mapping[str, str]) -> None:
        """``<Annotations Target="microsoft.graph.type/property">`` marking it computed."""
        target, _, member = element.get("Target", "").partition("/")
        if member and "(" not in target and _annotated(element, _COMPUTED):
            type_name = _type_ref(target, aliases).name
            self._computed.setdefault(type_name, set()).add(member)

    # ---------------------------------------------------------------- type queries

    def find_type(self, name: str) -> str | None:
        """The qualified name of a structured or enum type, given with or without prefix."""
        for candidate in (name, f"{NAMESPACE}.{name}"):
            if candidate in self.structured_types or candidate in self.enum_types:
                return candidate
        return None

    def qualify(self, name: str) -> str:
        """Like find_type, but an Edm primitive passes and an unknown name raises."""
        if name.startswith("Edm.") and name in PRIMITIVES:
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
        return self.shape(self.qualify(name)).open_type

    def shape(self, name: str) -> Shape:
        """The qualified structured type with its inherited members merged, computed once."""
        found = self._shapes.get(name)
        if found is None:
            found = self._shapes[name] = self._merge(name)
        return found

    def _merge(self, name: str) -> Shape:
        chain = list(self.ancestry(name))
        properties: dict[str, Property] = {}
        navigation: dict[str, NavigationProperty] = {}
        computed: set[str] = set()
        for structured in reversed(chain):
            properties.update(structured.properties)
            navigation.update(structured.navigation)
            computed |= structured.computed | self._computed.get(structured.name, set())
        keyed = next((t for t in chain if t.key), None)
        return Shape(
            name=name,
            kind=chain[0].kind,
            abstract=chain[0].abstract,
            open_type=any(t.open_type for t in chain),
            properties=properties,
            navigation=navigation,
            key=keyed.key if keyed else (),
            own_key=keyed is not None and keyed.name != _ENTITY,
            computed=frozenset(computed),
        )

    def family(self, name: str) -> list[Shape]:
        """The qualified type's shape, then those of every type derived from it."""
        if self._derived is None:
            self._derived = {}
            for structured in self.structured_types.values():
                if structured.base_type is not None:
                    self._derived.setdefault(structured.base_type, []).append(structured.name)
        found, pending = [], [name]
        while pending:
            current = pending.pop()
            found.append(self.shape(current))
            pending.extend(self._derived.get(current, ()))
        return found

    def properties(self, name: str) -> Mapping[str, Property]:
        """Structural properties of a type (name with or without prefix), inherited included."""
        return self.shape(self.qualify(name)).properties

    def navigation(self, name: str) -> Mapping[str, NavigationProperty]:
        """Navigation properties of a type (name with or without prefix), inherited included."""
        return self.shape(self.qualify(name)).navigation

    def bound_operations(self, name: str, is_collection: bool, short_name: str) -> list[Operation]:
        """Operations of that name bound to the type (or a collection of it), nearest first."""
        for structured in self.ancestry(name):
            found = self._operations.get((structured.name, is_collection), {}).get(short_name)
            if found:
                return found
        return []

    # ---------------------------------------------------------------- bodies and paths

    def check(
        self, type_name: str, body: Any, *, context: str = "", strict_open_types: bool = False
    ) -> list[str]:
        """Violations of ``body`` against the type (``"team"``, ``"microsoft.graph.team"``,
        ``"Collection(Edm.String)"``...), one line each; empty when it conforms.

        Open types (team, group, user...) accept unknown properties unless
        ``strict_open_types``, which allows only extension-style dynamic names (containing ``_``).
        ``context`` labels every violation (``"<context>: <path>: <message>"``).
        """
        checker = Checker(self, strict_open_types=strict_open_types)
        checker.value("", self.type_ref(type_name), False, body)
        return lines(checker.violations, context)

    def check_collection(
        self, type_name: str, body: Any, *, context: str = "", strict_open_types: bool = False
    ) -> list[str]:
        """Violations of a collection response ``{"@odata.context", "value": [...], ...}``."""
        checker = Checker(self, strict_open_types=strict_open_types)
        checker.collection(self.type_ref(type_name), body)
        return lines(checker.violations, context)

    def check_action_body(self, path: str, body: Any, *, context: str = "") -> list[str]:
        """Violations of a request body for the bound action that ``path`` ends in.

        Raises GraphPathError when the path does not resolve or ends in no action.
        """
        resolved = self.type_for_path(path)
        if resolved is None or resolved.operation is None or not resolved.is_action:
            raise GraphPathError(f"{path!r} does not end in a bound action")
        checker = Checker(self)
        checker.parameters(resolved.operation, body)
        return lines(checker.violations, context)

    def type_for_path(self, path: str) -> ResolvedType | None:
        """What a v1.0 URL path addresses (see `paths.resolve`)."""
        return resolve(self, path)
