"""Reports name a component by the type and name prefix its own module defines."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pulumi
import pytest

from tenantctl import components
from tenantctl.components.labels import COMPONENTS, TENANT, component_label
from tenantctl.jobs.urns import STACK_TYPE


def component_classes() -> list[type[pulumi.ComponentResource]]:
    found = []
    for info in pkgutil.iter_modules(components.__path__, f"{components.__name__}."):
        module = importlib.import_module(info.name)
        found += [
            value
            for value in vars(module).values()
            if inspect.isclass(value)
            and issubclass(value, pulumi.ComponentResource)
            and value.__module__ == module.__name__
        ]
    return found


def test_every_component_class_has_its_type_among_the_known_ones() -> None:
    classes = component_classes()
    assert {cls.component.kind for cls in classes} == set(COMPONENTS)
    assert all(COMPONENTS[cls.component.kind] is cls.component for cls in classes)


@pytest.mark.parametrize("kind", sorted(COMPONENTS))
def test_a_component_is_named_by_its_label_and_model_key(kind: str) -> None:
    component = COMPONENTS[kind]
    urn = f"urn:pulumi:city::m365::{STACK_TYPE}${component.token}::{component.name('drh-équipe')}"
    assert component_label(urn) == f"{component.label} drh-équipe"


def test_a_resource_outside_any_component_belongs_to_the_tenant() -> None:
    assert component_label(f"urn:pulumi:city::m365::{STACK_TYPE}::m365-city") == TENANT
