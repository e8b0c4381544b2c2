"""A small known population, written through the local tenant's admin API, with the licence
groups of its stack description created the way the components declare them."""

from __future__ import annotations

import textwrap
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tenantctl.m365.skus import SKUS
from tenantctl.model import Tenant, TenantIndex
from tenantctl.model.derive import MIGRATION_DONE
from tests.support.local_tenant_fixture import LocalTenantHandle

DOMAIN = "ville-test.fr"

STACK_FILES = {
    "tenant.yaml": """\
        tenant:
          name: Ville de Test
          default_domain: ville-test.fr
          stack_prefix: TEST
        organisations:
          - key: ville
            display_name: Ville de Test
            company_name: Ville de Test
            prefix: VT
            domain: ville-test.fr
        """,
    "directorates.yaml": """\
        # Finance and field services follow the department; legal affairs too.
        directorates:
          - code: FIN
            organisation: ville
            display_name: Finances
            owners: [chef.fin@ville-test.fr, adjoint.fin@ville-test.fr]
            membership: {departments: [Finances]}
          - code: OPS
            organisation: ville
            display_name: Opérations
            owners: [chef.fin@ville-test.fr, adjoint.fin@ville-test.fr]
            membership: {departments: [Opérations]}
          - code: JUR
            organisation: ville
            display_name: Affaires juridiques
            owners: [chef.fin@ville-test.fr, adjoint.fin@ville-test.fr]
            membership: {departments: [Juridique]}
        people:
          - {upn: chef.fin@ville-test.fr, display_name: Chef Fin, directorate: FIN}
          - {upn: adjoint.fin@ville-test.fr, display_name: Adjoint Fin, directorate: FIN}
        """,
    "licences.yaml": """\
        # Office agents get E3 by directorate; field agents F3 by rule; the head E5 by name.
        licence_groups:
          - key: e3-bureaux
            display_name: Licences E3
            sku: SPE_E3
            directorates: [FIN]   # the whole of Finance

          - key: f3-terrain
            display_name: Licences F3
            sku: SPE_F1
            rule: (user.department -eq "Opérations")
            frontline_only: true

          - key: e5-direction
            display_name: Licences E5
            sku: SPE_E5
            users: [chef.fin@ville-test.fr, adjoint.fin@ville-test.fr]
        """,
}

PRICES = """\
currency: EUR
skus:
  SPE_E5: {monthly: 50}
  SPE_E3: {monthly: 30, frontline: SPE_F1}
  ENTERPRISEPACK: {monthly: 20, frontline: SPE_F1}
  SPE_F1: {monthly: 10}
"""
YEARLY = {"SPE_E5": 600.0, "SPE_E3": 360.0, "ENTERPRISEPACK": 240.0, "SPE_F1": 120.0}


@dataclass(frozen=True)
class Agent:
    """A user of the population: where they work, how they use Microsoft 365, direct licences."""

    local: str
    department: str
    inactive: bool = False
    web_only: bool = False
    mobile_only: bool = False
    direct: tuple[str, ...] = ()

    @property
    def upn(self) -> str:
        return f"{self.local}@{DOMAIN}"


POPULATION = (
    Agent("chef.fin", "Finances"),
    Agent("adjoint.fin", "Finances"),
    Agent("ana.actif", "Finances"),
    Agent("bruno.absent", "Finances", inactive=True),
    Agent("chloe.web", "Finances", web_only=True),
    Agent("david.mobile", "Finances", mobile_only=True),
    Agent("emma.double", "Finances", direct=("SPE_E3",)),
    Agent("farid.o365", "Finances", direct=("ENTERPRISEPACK",)),
    Agent("gaelle.directe", "Juridique", direct=("SPE_E3",)),
    Agent("hugo.terrain", "Opérations", web_only=True),
    Agent("ines.terrain", "Opérations", inactive=True),
)


def write_stack(folder: Path) -> Path:
    """The population's stack description; returns its data folder."""
    data = folder / "data"
    data.mkdir(parents=True)
    for name, text in STACK_FILES.items():
        (data / name).write_text(textwrap.dedent(text), "utf-8")
    return data


def user_id(upn: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_DNS, upn.lower()))


def _user(agent: Agent, salt: int) -> dict[str, Any]:
    return {
        "id": user_id(agent.upn),
        "displayName": agent.local.replace(".", " ").title(),
        "userPrincipalName": agent.upn,
        "mail": agent.upn,
        "mailNickname": agent.local,
        "department": agent.department,
        "accountEnabled": True,
        "usageLocation": "FR",
        "userType": "Member",
        "assignedLicenses": [
            {"skuId": str(SKUS[part].sku_id), "disabledPlans": []} for part in agent.direct
        ],
        # Salt 1 uses Windows (salt % 5 != 0) unless the profile says web or mobile only.
        "_activity": {
            "adoption": 1.0,
            "inactive": agent.inactive,
            "partial": False,
            "webOnly": agent.web_only,
            "mobileOnly": agent.mobile_only,
            "salt": salt,
        },
    }


def seed_population(handle: LocalTenantHandle, tenant: Tenant) -> None:
    """Reset to an empty directory, add the population and the stack's licence groups."""
    handle.admin.reset({"seed": 1, "users": 0, "guests": 0})
    for number, agent in enumerate(POPULATION):
        user = _user(agent, salt=1 + 10 * number)
        handle.admin.call("PUT", f"/_admin/objects/user/{user['id']}", user).raise_for_status()
    create_licence_groups(handle, tenant, user_id)


def create_licence_groups(
    handle: LocalTenantHandle, tenant: Tenant, id_of: Callable[[str], str]
) -> None:
    """The description's licence groups, as the components declare them, each given its SKU;
    `id_of` finds a named user's object id from their UPN."""
    index = TenantIndex(tenant)
    for group in tenant.licence_groups:
        rule, members = index.licence_membership(group, MIGRATION_DONE)
        body: dict[str, Any] = {
            "displayName": group.display_name,
            "mailNickname": index.licence_mail_nickname(group),
            "mailEnabled": False,
            "securityEnabled": True,
        }
        if rule:
            body |= {"groupTypes": ["DynamicMembership"], "membershipRule": rule}
        else:
            body["members@odata.bind"] = [
                f"{handle.base_url}/directoryObjects/{id_of(upn)}" for upn in members
            ]
        created = handle.admin.graph("POST", "/groups", body)
        sku = SKUS[group.sku]
        handle.admin.graph(
            "POST",
            f"/groups/{created['id']}/assignLicense",
            {
                "addLicenses": [{"skuId": str(sku.sku_id), "disabledPlans": []}],
                "removeLicenses": [],
            },
        )
