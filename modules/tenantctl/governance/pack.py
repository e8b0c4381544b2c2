"""The Pulumi policy pack front end: each rule as a stack validation policy.

The engine hands the pack every planned resource. The pack finds the stack's description
(`m365-tenant:description`, which the engine passes to the Python provider), loads it and
`stacks/<description>/governance.yaml`, and runs the same rules as `tenantctl check`.
A policy's level is its rule's default, or what `--policy-pack-config` says (write it with
`tenantctl check STACK --policy-config`); parameters given there override the file's.
Pulumi's Python policy SDK never sees deletes, so the delete and replace gate is the
resources' `protect` flag, which `content-protected` checks is in place.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

from pulumi_policy import (
    EnforcementLevel,
    PolicyConfigSchema,
    PolicyPack,
    PolicyResource,
    ReportViolation,
    StackValidationArgs,
    StackValidationPolicy,
)
from pulumi_policy.proxy import UnknownValueError

from tenantctl.components.labels import COMPONENTS
from tenantctl.governance.catalogue import RULES
from tenantctl.governance.config import GovernanceConfig, load_config
from tenantctl.governance.rule import Rule
from tenantctl.governance.subject import PlannedResource, Subject
from tenantctl.jobs.urns import kind_of, name_of, type_of
from tenantctl.model import Tenant
from tenantctl.stack.description import load_valid_stack
from tenantctl.stack.project import stack_folder

PACK_NAME = "tenantctl-governance"
PYTHON_PROVIDER = "pulumi:providers:pulumi-python"
DESCRIPTION_KEY = "m365-tenant:description"
LEVELS = {"mandatory": EnforcementLevel.MANDATORY, "advisory": EnforcementLevel.ADVISORY}
SCHEMA_TYPES = {bool: "boolean", int: "integer", str: "string", list: "array", dict: "object"}


def known(value: Any) -> Any:
    """A plain copy of policy props, leaving out what the preview does not know yet."""
    if isinstance(value, Mapping):
        out = {}
        for key in value:
            try:
                out[key] = known(value[key])
            except UnknownValueError:
                continue
        return out
    if isinstance(value, list | tuple):
        items = []
        for position in range(len(value)):
            try:
                items.append(known(value[position]))
            except UnknownValueError:
                continue
        return items
    return value


def planned(resource: PolicyResource) -> PlannedResource:
    """A resource of the engine's plan as the rules read it."""
    parent = resource.parent
    component = kind_of(type_of(parent.urn)) if parent is not None else None
    in_component = component in COMPONENTS
    return PlannedResource(
        kind=kind_of(resource.resource_type),
        name=resource.name,
        props=known(resource.props),
        component=component if in_component else None,
        component_name=name_of(parent.urn) if parent is not None and in_component else None,
        protect=bool(resource.opts.protect),
    )


def description_of(resources: list[PolicyResource]) -> str:
    """The stack's description name, from the configuration the Python provider receives."""
    for resource in resources:
        if resource.resource_type == PYTHON_PROVIDER:
            name = known(resource.props).get(DESCRIPTION_KEY)
            if name:
                return str(name)
    raise LookupError(f"the stack sets no {DESCRIPTION_KEY}; the governance pack needs it")


@cache
def _description(name: str) -> tuple[Tenant, GovernanceConfig]:
    return load_valid_stack(name).tenant, load_config(stack_folder(name))


Validate = Callable[[StackValidationArgs, ReportViolation], None]


def _validate(rule: Rule) -> Validate:
    def validate(args: StackValidationArgs, report_violation: ReportViolation) -> None:
        tenant, config = _description(description_of(args.resources))
        settings = config.settings(rule)
        if not settings.enabled:
            args.not_applicable(f"{rule.id} is disabled in the stack's governance.yaml")
        params = {**settings.params, **dict(args.get_config())}
        plan = [planned(r) for r in args.resources if r.resource_type != PYTHON_PROVIDER]
        urns = {r.name: r.urn for r in args.resources}
        for breach in rule.check(Subject(tenant, tuple(plan)), params):
            report_violation(
                f"{breach.subject}: {breach.message} (fix: {breach.fix})",
                urns.get(breach.subject),
            )

    return validate


def _schema(rule: Rule) -> PolicyConfigSchema | None:
    if not rule.defaults:
        return None
    properties = {
        name: {"type": SCHEMA_TYPES[type(value)]} for name, value in rule.defaults.items()
    }
    return PolicyConfigSchema(properties)


def policy_pack() -> PolicyPack:
    """The pack: one mandatory or advisory stack policy per rule."""
    return PolicyPack(
        name=PACK_NAME,
        enforcement_level=EnforcementLevel.MANDATORY,
        policies=[
            StackValidationPolicy(
                name=rule.id,
                description=rule.title,
                enforcement_level=LEVELS[rule.level.value],
                validate=_validate(rule),
                config_schema=_schema(rule),
            )
            for rule in RULES.values()
        ],
    )
