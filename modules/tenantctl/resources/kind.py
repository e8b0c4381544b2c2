"""What a Graph resource kind is, declaratively: its properties, operations and permissions.

A kind's properties are declared once, as the fields of its Args class (`kind_args`, each
field a `prop`): components construct that class, and the kind's `Prop`s are read from it.
Users are given by user principal name or object id (the provider resolves names); an
`adopt_id` makes create read that existing object instead of making one.
The generic provider (`engine.py`) runs every kind from its `KindSpec`: check validates and
normalises the declared properties, diff compares them (replacing where a property says
so), and create/read/update/delete call the kind's `Operations`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import MISSING, dataclass, field, fields
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import pulumi
from pulumi.output import Unknown
from pulumi.runtime.rpc import UNKNOWN
from typing_extensions import dataclass_transform

from tenantctl.m365.reads import Read, permissions

if TYPE_CHECKING:
    from tenantctl.resources.context import Context

Props = dict[str, Any]
Failure = tuple[str, str]
"""A check failure: the property at fault and the reason."""

Validator = Callable[[Props], Iterable[Failure]]

StrInput = pulumi.Input[str]
BoolInput = pulumi.Input[bool]
Users = pulumi.Input[Sequence[pulumi.Input[str]]]
"""Users by user principal name or object id; the provider resolves names to ids."""
Body = pulumi.Input[Mapping[str, Any]]

T = TypeVar("T")


def same(value: Any) -> Any:
    """The identity normaliser."""
    return value


def is_known(value: Any) -> bool:
    """False while Pulumi does not yet know a value (a preview with pending outputs): the
    provider process receives `pulumi.output.Unknown`, the wire form is the UNKNOWN string."""
    if isinstance(value, list | tuple):
        return all(is_known(item) for item in value)
    if isinstance(value, dict):
        return all(is_known(item) for item in value.values())
    return not isinstance(value, Unknown) and bool(value != UNKNOWN)


@dataclass(frozen=True)
class Prop:
    """One input property of a kind.

    `graph`: the Graph property it maps to one-to-one, if any.
    `replace`: a change needs a new object (Graph cannot update it in place).
    `diffed`: False for create-time-only inputs and engine switches (adopt_id).
    `normalise`: maps a value to the form Graph reads back; diff compares normal forms, so
    previews converge on values Graph rewrites (case, order, defaults).
    """

    name: str
    graph: str | None = None
    default: Any = None
    required: bool = False
    replace: bool = False
    diffed: bool = True
    normalise: Callable[[Any], Any] = same


_TRAITS = "tenantctl.prop"
"""The key of a field's metadata holding its `Prop` traits."""


def prop(
    graph: str | None = None,
    *,
    default: Any = MISSING,
    replace: bool = False,
    diffed: bool = True,
    normalise: Callable[[Any], Any] = same,
) -> Any:
    """A property of a kind, declared as a field of its Args (see `Prop` for the traits).
    Without a `default` the property is required: Args cannot be built without it, and
    check refuses an empty value."""
    traits = {"graph": graph, "replace": replace, "diffed": diffed, "normalise": normalise}
    return field(default=default, metadata={_TRAITS: traits})


@dataclass_transform(frozen_default=True, field_specifiers=(prop,))
def kind_args(cls: type[T]) -> type[T]:
    """Make `cls` a kind's Args: a frozen dataclass whose fields are the kind's properties,
    each a Pulumi input; a field given without `prop` has the default traits."""
    return dataclass(frozen=True)(cls)


def props_of(args: type[Any]) -> tuple[Prop, ...]:
    """The properties a kind's Args class declares, in field order."""
    return tuple(
        Prop(
            f.name,
            default=None if f.default is MISSING else f.default,
            required=f.default is MISSING,
            **f.metadata.get(_TRAITS, {}),
        )
        for f in fields(args)
    )


class Operations(Protocol):
    """The Graph calls of one kind. Props given here are checked and normalised."""

    async def find(self, ctx: Context, props: Props) -> str | None:
        """The id of an object these props would create, if one exists already."""

    async def create(self, ctx: Context, props: Props) -> tuple[str, Props]:
        """Create the object: its id and output properties."""

    async def read(self, ctx: Context, id_: str, props: Props) -> Props | None:
        """The object's properties as Graph has them (inputs and outputs); None if gone."""

    async def update(self, ctx: Context, id_: str, olds: Props, news: Props) -> Props:
        """Bring the object from `olds` to `news`: its output properties."""

    async def delete(self, ctx: Context, id_: str, props: Props) -> None:
        """Delete the object (not called when it is retained)."""


@dataclass(frozen=True)
class Item:
    """An object as drift names one the stack does not declare: its id, its name, when it was
    created (if Graph says) and a detail (a channel's membership type)."""

    id: str
    name: str
    created: str | None = None
    detail: str = ""


Declared = Callable[[str], bool]
"""Whether the stack declares the object of this id."""


@dataclass(frozen=True)
class Contents:
    """Objects of kind `kind` inside each object of a kind, every one of which is the stack's:
    the ones it declares are resources of `kind`, any other was added by hand.
    `added(ctx, id, props, declared)` reads the live object's and returns the others."""

    kind: str
    added: Callable[[Context, str, Props, Declared], Awaitable[list[Item]]]


@dataclass(frozen=True)
class KindSpec:
    """A Graph resource kind.

    `args`: its Args class (`kind_args`), which declares its properties (`props`).
    `permissions`: least Graph application permissions of its operations (from the
    permission tables of the `endpoints`' reference pages). `read_calls`: the calls of its
    `read` alone (what `pulumi refresh` and drift call), each with its least permission, for a
    read-only identity; `reads`, their permissions.
    `retain_by_default`: whether
    deleting the resource keeps the object when `retain_on_delete` is not given. `label`:
    how check failures name the object (e.g. its display name). `replaces_when`: a
    replacement decided by the values themselves (GraphObject's `replace_on_changes`).
    `deletes`: what delete does, in words (for the docs and previews). `contents`: the
    objects inside one of this kind that the stack owns (a team's channels). `owns_all`:
    every object of this kind in the tenant, read when a stack declares one: such a stack
    owns them all (the cross-tenant partners).
    """

    kind: str
    args: type[Any]
    ops: Operations
    permissions: tuple[str, ...]
    endpoints: tuple[str, ...]
    deletes: str
    read_calls: tuple[Read, ...] = ()
    outputs: tuple[str, ...] = ()
    validators: tuple[Validator, ...] = ()
    retain_by_default: Callable[[Props], bool] = field(default=lambda props: False)
    label: Callable[[Props], str] = field(default=lambda props: "")
    replaces_when: Callable[[Props, Props], bool] = field(default=lambda olds, news: False)
    contents: tuple[Contents, ...] = ()
    owns_all: Callable[[Context], Awaitable[list[Item]]] | None = None

    @cached_property
    def props(self) -> tuple[Prop, ...]:
        """The kind's properties, as its Args class declares them."""
        return props_of(self.args)

    @property
    def reads(self) -> tuple[str, ...]:
        """The least permissions of the kind's read."""
        return permissions(self.read_calls)

    def prop(self, name: str) -> Prop | None:
        return next((prop for prop in self.props if prop.name == name), None)

    def normalise(self, props: Props) -> Props:
        """Declared properties in their normal form, for comparison (unknowns left alone)."""
        out = {}
        for prop in self.props:
            value = props.get(prop.name)
            out[prop.name] = prop.normalise(value) if is_known(value) else value
        return out
