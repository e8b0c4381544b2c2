"""A small population moving to Exchange Online in waves, written through the local tenant's
admin API: a pilot wave with a person named apart from their directorate, a wave whose
directorate is half licensed (one agent holds E3 with Exchange disabled), a wave still to
come, agents active since their wave, active only before it, never active, and one licensed
after the others whose mailbox is not provisioned yet; a guest and an agent in no wave."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tenantctl.m365.skus import SKUS
from tenantctl.model import Tenant
from tests.integration.reports.population import (
    DOMAIN,
    create_licence_groups,
    user_id,
)
from tests.integration.reports.population import (
    STACK_FILES as POPULATION_FILES,
)
from tests.support.local_tenant_fixture import LocalTenantHandle

STACK_FILES = {
    "tenant.yaml": POPULATION_FILES["tenant.yaml"],
    "directorates.yaml": """\
        directorates:
          - code: DG
            organisation: ville
            display_name: Direction générale
            owners: [chef.dg@ville-test.fr, adjoint.dg@ville-test.fr]
            membership: {departments: [Direction générale]}
          - code: EDU
            organisation: ville
            display_name: Direction de l'Éducation — écoles & crèches
            owners: [chef.dg@ville-test.fr, adjoint.dg@ville-test.fr]
            membership: {departments: [Éducation d'État]}
          - code: RH
            organisation: ville
            display_name: Ressources humaines
            owners: [chef.dg@ville-test.fr, adjoint.dg@ville-test.fr]
            membership: {departments: [RH]}
          - code: TECH
            organisation: ville
            display_name: Services techniques
            owners: [chef.dg@ville-test.fr, adjoint.dg@ville-test.fr]
            membership: {departments: [Technique]}
        people:
          - {upn: chef.dg@ville-test.fr, display_name: Chef DG, directorate: DG}
          - {upn: adjoint.dg@ville-test.fr, display_name: Adjoint DG, directorate: DG}
          - {upn: zoe.pilote@ville-test.fr, display_name: Zoé N'Diaye, directorate: EDU}
          - {upn: edu.un@ville-test.fr, display_name: Édouard Un, directorate: EDU}
          - {upn: edu.deux@ville-test.fr, display_name: Eugénie Deux, directorate: EDU}
        """,
    "waves.yaml": """\
        waves:
          - key: pilote
            display_name: Pilote — Direction générale
            date: 2025-01-13
            directorates: [DG]
            people: [zoe.pilote@ville-test.fr]  # moves apart from EDU
          - key: vague-1
            display_name: Vague 1 — l'Éducation et les RH
            date: 2025-03-03
            directorates: [EDU, RH]
          - key: vague-2
            display_name: Vague 2 — services techniques
            date: 2099-01-05
            directorates: [TECH]
        """,
    "licences.yaml": """\
        licence_groups:
          - key: e3-directions
            display_name: Licences E3 directions
            sku: SPE_E3
            directorates: [DG, RH]
          - key: e3-nommes
            display_name: Licences E3 nommés
            sku: SPE_E3
            users: [zoe.pilote@ville-test.fr, edu.un@ville-test.fr, edu.deux@ville-test.fr]
        """,
}

ACTIVE = "2025-06-02"
"""A day of mail activity after every past wave's date."""
BEFORE = "2025-02-10"
"""A day of mail activity after the pilot's date, before the first wave's."""


@dataclass(frozen=True)
class Agent:
    """A user of the population and their mail: `last` seeds the mailbox's last activity
    (None: never active); `exchange_off` gives E3 directly with Exchange disabled."""

    local: str
    department: str
    last: str | None = ACTIVE
    exchange_off: bool = False
    guest: bool = False

    @property
    def upn(self) -> str:
        if self.guest:
            return f"{self.local}_partenaire.fr#EXT#@{DOMAIN}"
        return f"{self.local}@{DOMAIN}"


POPULATION = (
    Agent("chef.dg", "Direction générale"),
    Agent("adjoint.dg", "Direction générale", last=None),
    Agent("zoe.pilote", "Éducation d'État"),
    Agent("edu.un", "Éducation d'État"),
    Agent("edu.deux", "Éducation d'État", last=BEFORE),
    Agent("edu.trois", "Éducation d'État", exchange_off=True),
    Agent("edu.quatre", "Éducation d'État"),
    Agent("rh.actif", "RH"),
    Agent("rh.avant", "RH", last=BEFORE),
    Agent("rh.jamais", "RH", last=None),
    Agent("tech.un", "Technique"),
    Agent("sans.direction", "Inconnu"),
    Agent("invite", "RH", guest=True),
)
LATE = Agent("rh.nouveau", "RH")
"""Licensed after the mailboxes of the others were made: no mailbox yet."""


def write_stack(folder: Path) -> Path:
    """The population's stack description; returns its data folder."""
    data = folder / "data"
    data.mkdir(parents=True)
    for name, text in STACK_FILES.items():
        (data / name).write_text(textwrap.dedent(text), "utf-8")
    return data


def _user(agent: Agent) -> dict[str, Any]:
    e3 = SKUS["SPE_E3"]
    direct = (
        [{"skuId": str(e3.sku_id), "disabledPlans": [str(e3.plans["EXCHANGE_S_ENTERPRISE"])]}]
        if agent.exchange_off
        else []
    )
    if agent.guest:
        direct = [{"skuId": str(e3.sku_id), "disabledPlans": []}]
    return {
        "id": user_id(agent.upn),
        "displayName": agent.local.replace(".", " ").title(),
        "userPrincipalName": agent.upn,
        "mail": agent.upn,
        "mailNickname": agent.local,
        "department": agent.department,
        "accountEnabled": True,
        "usageLocation": "FR",
        "userType": "Guest" if agent.guest else "Member",
        "assignedLicenses": direct,
        "_activity": {
            "adoption": 1.0,
            "inactive": agent.last is None,
            "partial": False,
            "webOnly": False,
            "mobileOnly": False,
            "salt": 1,
        },
    }


def put_user(handle: LocalTenantHandle, agent: Agent) -> None:
    user = _user(agent)
    handle.admin.call("PUT", f"/_admin/objects/user/{user['id']}", user).raise_for_status()


def seed_waves(handle: LocalTenantHandle, tenant: Tenant) -> None:
    """Reset; the population licensed by the stack's groups; the provisioning delay passed;
    usage seeded; then one more agent licensed, whose mailbox is yet to come."""
    handle.admin.reset({"seed": 1, "users": 0, "guests": 0})
    for agent in POPULATION:
        put_user(handle, agent)
    create_licence_groups(handle, tenant, user_id)
    handle.admin.call("POST", "/_admin/clock", {"seconds": 301}).raise_for_status()
    for agent in POPULATION:
        if agent.last is None or agent.guest:
            continue
        usage = {"lastActivityDate": agent.last, "itemCount": 1000, "storageUsedBytes": 2**30}
        response = handle.admin.call("PUT", f"/_admin/mailboxes/{agent.upn}/usage", usage)
        if response.status_code != 404:  # 404: no mailbox licence, nothing to seed
            response.raise_for_status()
    put_user(handle, LATE)
