"""The one entry point to a stack's description: loaded, validated and its templates rendered."""

from __future__ import annotations

from tenantctl.model import Finding, LoadedTenant, TenantDescriptionError, TenantIndex
from tenantctl.stack.project import load_stack
from tenantctl.stack.templates import TeamTemplateError, render_team_body


def load_valid_stack(name: str) -> LoadedTenant:
    """Load a stack and render every Teams template; raise TenantDescriptionError on any problem."""
    loaded = load_stack(name)
    index = TenantIndex(loaded.tenant)
    problems: list[Finding] = []
    for space in loaded.tenant.spaces:
        try:
            render_team_body(index, space)
        except TeamTemplateError as exc:
            source = loaded.sources.locate("spaces", space.key, ("template",))
            problems.append(
                Finding(
                    source,
                    f"spaces[{space.key}].template",
                    str(exc),
                    "fix the template or choose another",
                )
            )
    if problems:
        raise TenantDescriptionError([*problems, *loaded.warnings])
    return loaded
