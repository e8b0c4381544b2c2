"""The resources a stack declares, from `pulumi stack export` (deployment v3).

The export holds `deployment.resources`, each with `urn`, `type`, `id`, `inputs`,
`outputs` and `parent`. Only the toolkit's Graph resource kinds are compared; other
resources (pulumi-azuread's) are counted as not checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tenantctl.jobs.pulumi_cli import JobError
from tenantctl.jobs.urns import component_label, kind_of, name_of, visible
from tenantctl.resources.registry import SPECS

GRAPH_TYPE = "pulumi-python:dynamic/tenantctl:"


@dataclass(frozen=True)
class Declared:
    """One Graph resource of the stack, as its last deployment left it."""

    urn: str
    kind: str
    id: str
    inputs: dict[str, Any]
    outputs: dict[str, Any]

    @property
    def name(self) -> str:
        return name_of(self.urn)

    @property
    def props(self) -> dict[str, Any]:
        """What a provider's read is given: the outputs (a superset of the inputs)."""
        return {**self.inputs, **self.outputs}


@dataclass(frozen=True)
class StackState:
    """The declared Graph resources, their components, and how many others were skipped."""

    resources: tuple[Declared, ...]
    components: dict[str, str]
    skipped: int

    def component(self, resource: Declared) -> str:
        return self.components.get(resource.urn, component_label(None))


def parse_export(export: dict[str, Any]) -> StackState:
    """The stack state in an export document."""
    deployment = export.get("deployment")
    if not isinstance(deployment, dict):
        raise JobError("not a `pulumi stack export` document (no deployment)")
    declared, components, skipped = [], {}, 0
    for resource in deployment.get("resources") or ():
        type_ = str(resource.get("type", ""))
        if not resource.get("custom") or type_.startswith("pulumi:providers:"):
            continue
        kind = kind_of(type_)
        if not type_.startswith(GRAPH_TYPE) or kind not in SPECS or not resource.get("id"):
            skipped += 1
            continue
        urn = str(resource["urn"])
        declared.append(
            Declared(
                urn=urn,
                kind=kind,
                id=str(resource["id"]),
                inputs=visible(resource.get("inputs")),
                outputs=visible(resource.get("outputs")),
            )
        )
        components[urn] = component_label(resource.get("parent"))
    return StackState(tuple(declared), components, skipped)
