"""Model fields the components translate into no resource, each with its reason.

Every other field of the model (`tenantctl.model.schema`) changes what a stack declares, under
both group providers; `tests/unit/components/test_validation_only.py` checks it both ways.
"""

from __future__ import annotations

from dataclasses import dataclass

from tenantctl.components.directory import GroupProvider


@dataclass(frozen=True)
class ValidationOnly:
    """Why a field reaches no resource, under which group providers."""

    reason: str
    providers: tuple[GroupProvider, ...] = ("azuread", "graph")


_DIRECTORY = (
    "describes people as the directory has them; the stack names people by UPN and manages "
    "no user (`tenantctl seed-local` gives the value to the local tenant's users)"
)
_IMPORT = ValidationOnly(
    "pulumi-azuread adopts an existing object with `pulumi import` (the import.json "
    "`tenantctl export` writes), not through an input",
    ("azuread",),
)

VALIDATION_ONLY: dict[str, ValidationOnly] = {
    "TenantSettings.name": ValidationOnly(
        "names the description: the stack's `tenant` output and a generated stack's title"
    ),
    "TenantSettings.default_domain": ValidationOnly(
        "describes the tenant (`tenantctl export` reads it from /organization); domains are "
        "verified in the tenant, the stack manages none"
    ),
    "Organisation.domain": ValidationOnly(_DIRECTORY),
    "Directorate.headcount": ValidationOnly(
        "sizing: the agents a department rule should match, for the licence-seats rule and "
        "the local tenant's generated agents"
    ),
    "Directorate.adopt": _IMPORT,
    "Person.directorate": ValidationOnly(
        "validation (a person belongs to a known directorate; frontline licence groups) and "
        "the department `tenantctl seed-local` gives the local tenant's user"
    ),
    "Person.display_name": ValidationOnly(_DIRECTORY),
    "Person.job_title": ValidationOnly(_DIRECTORY),
    "Person.frontline": ValidationOnly(
        "validation: a `frontline_only` licence group may cover frontline agents only"
    ),
    "Guest.adopt": _IMPORT,
    "LicenceGroup.frontline_only": ValidationOnly(
        "validation: the group's named and directorate agents must be `frontline` people"
    ),
    "LicenceGroup.adopt": _IMPORT,
    "MigrationWave.key": ValidationOnly("identity: names the wave in previews and reports"),
    "MigrationWave.display_name": ValidationOnly("names the wave in previews and reports"),
    **{
        f"Shard.{name}": ValidationOnly(
            "splits the description into stacks (`model.shards`): which stack declares an "
            "item, never what is declared; a stack naming no shard declares them all"
        )
        for name in ("key", "organisations", "directorates")
    },
}
"""By `Class.field` of the model."""
