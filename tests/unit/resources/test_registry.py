"""A resource kind is one module of `resources/specs/`: the registry finds every such module,
and the Args class, the spec's properties and the Pulumi class all follow from it."""

from __future__ import annotations

import importlib
import inspect
import re
import typing
from dataclasses import MISSING, fields
from pathlib import Path
from types import ModuleType

import pytest

from tenantctl.resources import specs
from tenantctl.resources.kind import KindSpec
from tenantctl.resources.registry import SPECS, spec_of
from tenantctl.resources.resource import TYPE_PREFIX, GraphResource, IdOutput

SECRET_WORDS = ("secret", "password", "token", "certificate", "credential", "key")


def kind_modules() -> dict[str, ModuleType]:
    """The modules of `specs/` that declare a kind, found from the files themselves."""
    found = {}
    for path in sorted(Path(specs.__file__).parent.glob("*.py")):
        module = importlib.import_module(f"{specs.__name__}.{path.stem}")
        declared = [v for v in vars(module).values() if isinstance(v, KindSpec)]
        classes = [c for c in vars(module).values() if _resource_class(c, module)]
        if declared or classes:
            found[path.stem] = module
    return found


def _resource_class(value: object, module: ModuleType) -> bool:
    return (
        inspect.isclass(value)
        and issubclass(value, GraphResource)
        and value.__module__ == module.__name__
    )


def resource_class(module: ModuleType) -> type[GraphResource[typing.Any]]:
    (cls,) = [c for c in vars(module).values() if _resource_class(c, module)]
    return cls


KINDS = kind_modules()


def test_the_registry_holds_every_kind_module_and_nothing_else() -> None:
    assert sorted(module.SPEC.kind for module in KINDS.values()) == sorted(SPECS)
    assert all(SPECS[module.SPEC.kind] is module.SPEC for module in KINDS.values())


def test_an_unknown_kind_is_named_with_the_known_ones() -> None:
    with pytest.raises(
        KeyError, match=r"unknown Graph resource kind 'Gruop'; known: AdministrativeUnit, "
    ):
        spec_of("Gruop")


@pytest.mark.parametrize("name", sorted(KINDS))
def test_a_kind_module_declares_one_spec_one_args_class_and_one_resource_class(name: str) -> None:
    module = KINDS[name]
    cls = resource_class(module)
    assert cls._spec is module.SPEC
    assert typing.get_args(cls.__orig_bases__[0]) == (module.SPEC.args,)
    assert getattr(module, f"{module.SPEC.kind}Args") is module.SPEC.args


@pytest.mark.parametrize("name", sorted(KINDS))
def test_the_args_fields_are_the_declared_properties(name: str) -> None:
    spec = KINDS[name].SPEC
    args = fields(spec.args)
    assert [f.name for f in args] == [p.name for p in spec.props]
    for field, prop in zip(args, spec.props, strict=True):
        required = field.default is MISSING
        assert prop.required == required, field.name
        assert prop.default == (None if required else field.default), field.name


@pytest.mark.parametrize("name", sorted(KINDS))
def test_an_input_may_be_none_exactly_when_it_defaults_to_none(name: str) -> None:
    for field in fields(KINDS[name].SPEC.args):
        optional = str(field.type).replace(" ", "").endswith("|None")
        assert optional == (field.default is None), field.name


@pytest.mark.parametrize("name", sorted(KINDS))
def test_no_kind_takes_a_secret_input(name: str) -> None:
    """Inputs are stored in the stack's state as given: a kind that ever takes a secret must
    mark it secret for Pulumi first, and this test must then check that marking."""
    for prop in KINDS[name].SPEC.props:
        assert not any(word in prop.name.split("_") for word in SECRET_WORDS), prop.name


@pytest.mark.parametrize("name", sorted(KINDS))
def test_the_type_token_is_derived_from_the_kind(name: str) -> None:
    cls = resource_class(KINDS[name])
    assert f"pulumi-python:{cls._resource_type_name}" == TYPE_PREFIX + cls._spec.kind


@pytest.mark.parametrize("name", sorted(KINDS))
def test_every_output_of_the_spec_is_a_typed_attribute_of_the_class(name: str) -> None:
    cls = resource_class(KINDS[name])
    ids = {n for n, value in vars(cls).items() if isinstance(value, IdOutput)}
    assert ids | set(cls._outputs) == set(cls._spec.outputs)
    assert not ids & set(cls._outputs)
    typed = {n for n, hint in cls.__annotations__.items() if "pulumi.Output[" in str(hint)}
    assert typed == set(cls._outputs)


def test_every_kind_has_a_row_in_the_graph_layer_page() -> None:
    page = (Path(__file__).resolve().parents[3] / "docs" / "graph-layer.md").read_text("utf-8")
    table = page.split("### Kinds", 1)[1].split("\n\n", 2)[1]
    rows = set(re.findall(r"^\| `(\w+)` \|", table, flags=re.MULTILINE))
    assert rows == set(SPECS)


@pytest.mark.parametrize("kind", sorted(SPECS))
def test_every_property_normalises_an_absent_value(kind: str) -> None:
    """A preview's old or new inputs may lack a property (a create, a default left out); the
    engine's documents are read through the same normalisers, which never refuse absence."""
    for prop in SPECS[kind].props:
        prop.normalise(None)


def test_a_whole_number_the_engine_sends_as_a_float_normalises_as_the_number() -> None:
    lifetime = next(p for p in SPECS["GroupLifecyclePolicy"].props if p.name == "lifetime_days")
    assert lifetime.normalise(365.0) == lifetime.normalise(365) == 365
    assert lifetime.normalise(None) == 0
