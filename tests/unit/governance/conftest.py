"""A small valid tenant to bend one rule at a time, and the subject the rules read.

`small_tenant(change)` builds the description from plain data after CHANGE edits it, without
the loader's validation rules, so a rule can be shown failing on what validation would also
refuse. `subject_of(tenant)` plans its resources under Pulumi mocks, as `tenantctl check` does.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from typing import Any

from tenantctl.governance import PlannedResource, Subject, Violation, evaluate
from tenantctl.governance.plan import plan_resources
from tenantctl.model import Tenant

TODAY = dt.date(2026, 11, 29)

BASE: dict[str, Any] = {
    "tenant": {
        "name": "Ville de Test",
        "default_domain": "ville-test.fr",
        "sharing_ceiling": "guests",
        "stack_prefix": "VT",
        "group_policy": {"users_can_create": False, "creators": "DSI"},
        "guest_sign_in": {"state": "report-only", "break_glass": ["urgence@ville-test.fr"]},
    },
    "organisations": [
        {
            "key": "ville",
            "display_name": "Ville de Test",
            "company_name": "Ville de Test",
            "prefix": "VT",
            "domain": "ville-test.fr",
            "administration": {
                "roles": [{"role": "Helpdesk Administrator", "people": ["chloe@ville-test.fr"]}]
            },
        }
    ],
    "directorates": [
        {
            "code": "DRH",
            "organisation": "ville",
            "display_name": "Ressources humaines",
            "owners": ["alice@ville-test.fr", "bruno@ville-test.fr"],
            "membership": {"departments": ["DRH - Paie", "DRH - Formation"]},
            "headcount": 40,
        },
        {
            "code": "DSI",
            "organisation": "ville",
            "display_name": "Systèmes d'information",
            "owners": ["chloe@ville-test.fr", "david@ville-test.fr"],
            "membership": {"users": ["chloe@ville-test.fr", "david@ville-test.fr"]},
        },
    ],
    "people": [
        {"upn": "alice@ville-test.fr", "display_name": "Alice Martin", "directorate": "DRH"},
        {"upn": "bruno@ville-test.fr", "display_name": "Bruno Petit", "directorate": "DRH"},
        {"upn": "chloe@ville-test.fr", "display_name": "Chloé Durand", "directorate": "DSI"},
        {"upn": "david@ville-test.fr", "display_name": "David Leroy", "directorate": "DSI"},
    ],
    "partners": [
        {
            "key": "port",
            "name": "Grand port",
            "domains": ["port-test.fr"],
            "tenant_id": "7d3e9a21-4b6c-4f08-9e1a-5c2b8d7f0e34",
            "guests": [{"email": "jean@port-test.fr", "display_name": "Jean (port)"}],
        }
    ],
    "spaces": [
        {
            "key": "drh-equipe",
            "kind": "intra",
            "display_name": "Équipe RH",
            "directorates": ["DRH"],
            "channels": [
                {"name": "Paie"},
                {"name": "Dossiers", "kind": "private", "owners": ["alice@ville-test.fr"]},
            ],
        },
        {
            "key": "port-logistique",
            "kind": "partner",
            "display_name": "Port - logistique",
            "directorates": ["DSI"],
            "owners": ["chloe@ville-test.fr", "david@ville-test.fr"],
            "partners": ["port"],
            "guests": ["jean@port-test.fr"],
            "review": {"every_months": 3, "duration_days": 14},
            "site": {"sharing": "existing_guests"},
            "channels": [
                {
                    "name": "Astreinte",
                    "kind": "shared",
                    "owners": ["chloe@ville-test.fr"],
                    "shared_with": ["port"],
                }
            ],
        },
    ],
    "licence_groups": [
        {
            "key": "e3-drh",
            "display_name": "Licences E3 RH",
            "sku": "SPE_E3",
            "directorates": ["DRH"],
        },
        {
            "key": "e3-dsi",
            "display_name": "Licences E3 DSI",
            "sku": "SPE_E3",
            "directorates": ["DSI"],
        },
    ],
}

Change = Callable[[dict[str, Any]], None]


def small_tenant(change: Change | None = None) -> Tenant:
    """BASE, edited by CHANGE, as a model (schema-checked only)."""
    data = copy.deepcopy(BASE)
    if change is not None:
        change(data)
    return Tenant.model_validate(data)


def space(data: dict[str, Any], key: str) -> dict[str, Any]:
    """The space KEY of a description being edited."""
    found: dict[str, Any] = next(s for s in data["spaces"] if s["key"] == key)
    return found


def subject_of(tenant: Tenant, **facts: Any) -> Subject:
    """The tenant with its resources planned under mocks (graph provider), on TODAY."""
    return Subject(tenant, plan_resources(tenant, "graph"), today=TODAY, **facts)


def violations(subject: Subject, rule: str) -> list[Violation]:
    """The violations of one rule, with its default settings."""
    return [v for v in evaluate(subject) if v.rule == rule]


def messages(subject: Subject, rule: str) -> list[str]:
    """`subject: message` of each violation of RULE."""
    return [f"{v.subject}: {v.message}" for v in violations(subject, rule)]


def with_resource(subject: Subject, resource: PlannedResource) -> Subject:
    """The subject with one more planned resource (as a hand-written program would add)."""
    return Subject(
        subject.tenant,
        (*subject.resources, resource),
        subject.directory,
        subject.seats,
        subject.today,
    )
