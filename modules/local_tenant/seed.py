"""Deterministic directory generator: the same spec always gives the same users and activity."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from local_tenant.reports.activity import usage_profile

if TYPE_CHECKING:
    from local_tenant.tenant import Tenant

_FIRST = [
    "Aisha",
    "Ben",
    "Carla",
    "Dev",
    "Elena",
    "Farid",
    "Grace",
    "Hugo",
    "Ines",
    "Jonas",
    "Kemi",
    "Liam",
    "Maya",
    "Noor",
    "Oscar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sami",
    "Tara",
    "Umar",
    "Vera",
    "Wen",
    "Xavier",
    "Yara",
    "Zane",
    "Amir",
    "Bea",
    "Cyril",
    "Dana",
]
_LAST = [
    "Adams",
    "Baker",
    "Chen",
    "Diaz",
    "Evans",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ito",
    "Jensen",
    "Khan",
    "Lopez",
    "Murphy",
    "Nakamura",
    "Okafor",
    "Patel",
    "Quist",
    "Rossi",
    "Silva",
    "Tanaka",
    "Ueda",
    "Varga",
    "Walsh",
    "Xu",
    "Yilmaz",
    "Zhou",
    "Novak",
    "Moreau",
    "Berg",
    "Dubois",
]
_TITLES = (
    "Analyst",
    "Officer",
    "Manager",
    "Advisor",
    "Engineer",
    "Coordinator",
    "Director",
    "Assistant",
)


class SeedSpec(BaseModel):
    """How big the generated directory is and what it is made of."""

    model_config = ConfigDict(extra="forbid")

    seed: int = 42
    users: int = Field(default=60, ge=0, le=100_000)
    guests: int = Field(default=4, ge=0, le=10_000)
    organisations: list[str] = Field(default_factory=lambda: ["Contoso"])
    departments: list[str] = Field(
        default_factory=lambda: ["Finance", "Human Resources", "Engineering", "Sales", "Operations"]
    )
    usage_location: str = "GB"
    direct_licence_share: float = Field(default=0.3, ge=0, le=1)
    distribution_lists: int = Field(default=0, ge=0, le=1000)
    """Exchange-managed groups, one per department in turn, every second one a mail-enabled
    security group, its members the department's users."""


def seed(tenant: Tenant, spec: SeedSpec) -> dict[str, int]:
    """Add generated users (members and guests) and the tenant's subscriptions."""
    rng = random.Random(spec.seed)
    domain = tenant.organisation.domain
    e3 = "05e9a617-0261-4cee-bb44-138d3ef5d965"
    adoption = {d: rng.uniform(0.2, 1.0) for d in spec.departments}
    taken: set[str] = set()
    made: list[str] = []
    departments: dict[str, list[str]] = {}
    with tenant.store.transaction():
        tenant.licensing.seed()
        for i in range(spec.users):
            first, last = rng.choice(_FIRST), rng.choice(_LAST)
            local = f"{first}.{last}".lower()
            if local in taken:
                local = f"{local}{i}"
            taken.add(local)
            department = spec.departments[i % len(spec.departments)] if spec.departments else None
            company = (
                spec.organisations[rng.randrange(len(spec.organisations))]
                if spec.organisations
                else None
            )
            direct = rng.random() < spec.direct_licence_share
            user_id = tenant.stable_id("user", str(spec.seed), str(i))
            made.append(user_id)
            departments.setdefault(department or "", []).append(user_id)
            tenant.directory.add_user(
                {
                    "id": user_id,
                    "displayName": f"{first} {last}",
                    "givenName": first,
                    "surname": last,
                    "userPrincipalName": f"{local}@{domain}",
                    "mail": f"{local}@{domain}",
                    "mailNickname": local,
                    "department": department,
                    "jobTitle": f"{department or 'Team'} {rng.choice(_TITLES)}",
                    "companyName": company,
                    "accountEnabled": rng.random() > 0.05,
                    "usageLocation": spec.usage_location,
                    "userType": "Member",
                    "officeLocation": None,
                    "mobilePhone": None,
                    "preferredLanguage": "en-GB",
                    "assignedLicenses": [{"skuId": e3, "disabledPlans": []}] if direct else [],
                    "_activity": usage_profile(rng, adoption.get(department or "", 0.5)),
                }
            )
        for g in range(spec.guests):
            first, last = rng.choice(_FIRST), rng.choice(_LAST)
            partner = f"partner{g % 3 + 1}.example"
            local = f"{first}.{last}{g}".lower()
            tenant.directory.add_user(
                {
                    "id": tenant.stable_id("guest", str(spec.seed), str(g)),
                    "displayName": f"{first} {last} (Guest)",
                    "givenName": first,
                    "surname": last,
                    "userPrincipalName": f"{local}_{partner}#EXT#@{domain}",
                    "mail": f"{local}@{partner}",
                    "department": None,
                    "jobTitle": None,
                    "companyName": partner,
                    "accountEnabled": True,
                    "usageLocation": None,
                    "userType": "Guest",
                    "externalUserState": "Accepted",
                    "assignedLicenses": [],
                    "_activity": usage_profile(rng, 0.3),
                }
            )
        tenant.mailboxes.settle(made)
        _exchange_groups(tenant, spec, departments)
    return {"users": spec.users, "guests": spec.guests}


def _exchange_groups(tenant: Tenant, spec: SeedSpec, departments: dict[str, list[str]]) -> None:
    """Distribution lists and mail-enabled security groups, named with apostrophes and
    accents as a French body's are."""
    names = sorted(departments) or [""]
    for n in range(spec.distribution_lists):
        department = names[n % len(names)]
        security = n % 2 == 1
        label = "Sécurité" if security else "Liste"
        tenant.directory.add_exchange_group(
            f"{label} de l'équipe {department} {n}".strip(),
            f"dl{spec.seed}-{n}",
            security,
            departments.get(department, []),
        )
