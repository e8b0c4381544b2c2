"""The parts of the Graph v1.0 schema: types, members, operations and what a path addresses
(OData CSDL, docs.oasis-open.org/odata/odata-csdl-xml/v4.01)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

NAMESPACE = "microsoft.graph"


class GraphSchemaError(ValueError):
    """A type name or path that the schema does not define."""


class GraphPathError(GraphSchemaError):
    """A URL path that does not resolve through the schema."""


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
    """An entity or complex type with its own (not inherited) members.

    `key` names the key properties the type declares itself (an entity type inherits its base
    type's key otherwise); `computed` the properties annotated ``Core.V1.Computed``.
    """

    name: str
    kind: Literal["entity", "complex"]
    base_type: str | None
    abstract: bool
    open_type: bool
    properties: Mapping[str, Property]
    navigation: Mapping[str, NavigationProperty]
    key: tuple[str, ...] = ()
    computed: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Shape:
    """A structured type with everything it inherits merged: what checking a value needs,
    computed once per type."""

    name: str
    kind: Literal["entity", "complex"]
    abstract: bool
    open_type: bool
    properties: Mapping[str, Property]
    navigation: Mapping[str, NavigationProperty]
    key: tuple[str, ...]
    own_key: bool
    """Whether the key is the type's own (``tenantId`` of a partner configuration, named by
    the client), rather than ``entity``'s ``id``, which the service assigns."""
    computed: frozenset[str]


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
