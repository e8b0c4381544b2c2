"""The policy pack judges a plan alike whichever the stack's `groupProvider`: it is handed the
resources as the engine hands them (pulumi-azuread's with their schema's camelCase property
names, from provider/cmd/pulumi-resource-azuread/schema.json; the Graph layer's as the
program gave them)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pulumi_policy import (
    PolicyCustomTimeouts,
    PolicyResource,
    PolicyResourceOptions,
    StackValidationArgs,
)

from tenantctl.components.directory import GroupProvider
from tenantctl.governance.catalogue import RULES
from tenantctl.governance.pack import DESCRIPTION_KEY, PYTHON_PROVIDER, _validate
from tenantctl.governance.plan import plan_resources
from tenantctl.governance.subject import PlannedResource
from tenantctl.stack.description import load_valid_stack
from tests.unit.governance.test_plan_group_providers import DIRECTORY_KINDS, PROVIDERS


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def _policy_resources(planned: tuple[PlannedResource, ...]) -> list[PolicyResource]:
    """The plan as the engine hands it to the pack: components as parents, the Python
    provider carrying the description's name, pulumi-azuread's properties in camelCase."""

    def resource(type_: str, name: str, props: dict[str, Any], **extra: Any) -> PolicyResource:
        timeouts = PolicyCustomTimeouts(0, 0, 0)
        opts = PolicyResourceOptions(extra.get("protect", False), [], None, [], timeouts, [])
        urn = f"urn:pulumi:demo::m365-tenant::{type_}::{name}"
        return PolicyResource(type_, props, urn, name, opts, None, extra.get("parent"), [], {})

    parents: dict[str, PolicyResource] = {}
    out = [resource(PYTHON_PROVIDER, "default", {DESCRIPTION_KEY: "demo"})]
    for r in planned:
        parent = None
        if r.component is not None and r.component_name is not None:
            parent = parents.setdefault(
                r.component_name,
                resource(f"tenantctl:m365:{r.component}", r.component_name, {}),
            )
        if r.kind in DIRECTORY_KINDS["azuread"]:
            type_ = f"azuread:index/{_camel(r.kind.lower())}:{r.kind}"
            props = {_camel(key): value for key, value in r.props.items()}
        else:
            type_, props = f"pulumi-python:dynamic/tenantctl:{r.kind}", dict(r.props)
        out.append(resource(type_, r.name, props, protect=r.protect, parent=parent))
    return [*parents.values(), *out]


def _pack_violations(provider: GroupProvider) -> list[tuple[str, str]]:
    """What every policy of the pack reports on the demo stack planned with PROVIDER, plus a
    hand-written invitation of an outside guest and an unprotected group in a team space."""
    tenant = load_valid_stack("demo").tenant
    space = next(s for s in tenant.spaces if not s.allow_destroy)
    extra = (
        PlannedResource(
            "Invitation" if provider == "azuread" else "GuestInvitation",
            "hand-written-guest",
            {"user_email_address": "eve@ailleurs.example"}
            if provider == "azuread"
            else {"email": "eve@ailleurs.example"},
        ),
        PlannedResource(
            "Group", "hand-written-group", {}, "TeamSpace", f"space-{space.key}", protect=False
        ),
    )
    resources = _policy_resources((*plan_resources(tenant, provider), *extra))
    return sorted(_validated(resources))


def _validated(resources: list[PolicyResource]) -> list[tuple[str, str]]:
    """Each policy's validation (the pack's, `_validate`: `policy_pack()` would start the
    analyzer) over RESOURCES: (rule, message) of every violation it reports."""
    found: list[tuple[str, str]] = []
    for rule in RULES.values():
        args = StackValidationArgs(resources, {})
        _validate(rule)(args, lambda message, urn=None, rule=rule.id: found.append((rule, message)))
    return found


def test_the_policy_pack_reports_the_same_violations_with_either_provider(
    project: Path,
) -> None:
    by_azuread, by_graph = map(_pack_violations, PROVIDERS)

    assert by_azuread == by_graph
    assert [rule for rule, _ in by_azuread] == ["content-protected", "sharing-partner-domains"]
    assert "hand-written-guest: guest 'eve@ailleurs.example'" in by_azuread[1][1]
    assert by_azuread[0][1].startswith("hand-written-group: a team or its group can be deleted")


@pytest.mark.parametrize("provider", PROVIDERS)
def test_the_demo_stack_passes_the_pack_with_either_provider(
    project: Path, provider: GroupProvider
) -> None:
    resources = _policy_resources(plan_resources(load_valid_stack("demo").tenant, provider))
    assert _validated(resources) == []
