"""The Pulumi class every Graph resource kind derives its own from, run by one provider.

A kind's class names its `KindSpec` (`class Group(GraphResource[GroupArgs], spec=SPEC)`):
its Pulumi type token, the outputs it registers and the provider it runs on follow from it.
"""

from __future__ import annotations

from dataclasses import fields
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

import pulumi
import pulumi.dynamic

from tenantctl.resources.kind import KindSpec
from tenantctl.resources.provider import GraphProvider
from tenantctl.resources.serialisation import pickler_restored

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

ArgsT = TypeVar("ArgsT", bound="DataclassInstance")

MODULE = "tenantctl"
TYPE_PREFIX = f"pulumi-python:dynamic/{MODULE}:"
"""The type token of every Graph resource, before its kind (`pulumi-python:dynamic/tenantctl:
Group`): the form Pulumi gives a dynamic resource class of module `MODULE`."""


class IdOutput:
    """An output that is the resource's id: the engine knows it in a preview even while the
    object is being updated, so what depends on it is not planned as a change."""

    def __get__(self, instance: pulumi.CustomResource, owner: type) -> pulumi.Output[str]:
        return instance.id


class GraphResource(pulumi.dynamic.Resource, Generic[ArgsT]):
    """A Graph object of the class's kind, managed by the generic provider from typed Args.

    Besides its id, a resource exposes its kind's outputs, not its inputs; those that are the
    id itself are `IdOutput`s of the class, the others are registered with the engine.
    """

    _spec: ClassVar[KindSpec]
    _outputs: ClassVar[tuple[str, ...]]

    def __init_subclass__(cls, spec: KindSpec, **kwargs: Any) -> None:
        super().__init_subclass__(module=MODULE, name=spec.kind, **kwargs)
        cls._spec = spec
        cls._outputs = tuple(
            name for name in spec.outputs if not isinstance(vars(cls).get(name), IdOutput)
        )

    def __init__(
        self, resource_name: str, args: ArgsT, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        inputs = {f.name: getattr(args, f.name) for f in fields(args)}
        with pickler_restored():
            super().__init__(
                GraphProvider(self._spec.kind),
                resource_name,
                {**inputs, **dict.fromkeys(self._outputs)},
                opts,
            )
        # The SDK made an output of every property, each kept until the update ends (about
        # 1 KiB); the inputs' are never read, so they go (docs/engine.md, "Memory").
        for name in inputs.keys() - set(self._outputs):
            del self.__dict__[name]
