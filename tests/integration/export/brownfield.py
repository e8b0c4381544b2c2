"""A hand-made tenant to adopt: teams made through the Graph API, the way people make them.

Ville de Brume (prefix VB): three directorates with their agents groups; four teams with odd
names (one with a single owner), private and shared channels, guests from two partner domains
(one named by the mapping), a licence group with disabled plans, one group the model has no
kind for, and one cross-tenant partner no mapping names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tenantctl.generate.local_directory import user_id
from tenantctl.model.derive import department_rule
from tests.support.local_tenant_fixture import LocalTenantHandle

DOMAIN = "brume.fr"
DEPARTMENTS = {"Ressources humaines": "DRH", "Services techniques": "TECH", "Culture": "CULT"}
AGENTS = {
    "rh.un": "Ressources humaines",
    "rh.deux": "Ressources humaines",
    "rh.trois": "Ressources humaines",
    "tech.un": "Services techniques",
    "tech.deux": "Services techniques",
    "tech.trois": "Services techniques",
    "cult.un": "Culture",
    "cult.deux": "Culture",
}
GUESTS = {"helene.brunel@eaux-lys.fr": "Hélène Brunel", "marc.roy@assainis.com": "Marc Roy"}
DISABLED_PLANS = ("SWAY", "YAMMER_ENTERPRISE")
UNMAPPED_TENANT = "3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b"

MAPPING = f"""\
organisations:
  - key: brume
    display_name: Ville de Brume
    company_name: Ville de Brume
    prefix: VB
    domain: {DOMAIN}
departments:
  Ressources humaines: DRH
  Services techniques: TECH
  Culture: CULT
partners:
  - key: syndicat-eaux
    name: Syndicat des eaux du Lys
    domains: [eaux-lys.fr]
review:
  every_months: 6
  duration_days: 10
"""


def upn(name: str) -> str:
    return f"{name}@{DOMAIN}"


@dataclass
class Brownfield:
    """Ids of what was made, by a readable name."""

    groups: dict[str, str] = field(default_factory=dict)
    guests: dict[str, str] = field(default_factory=dict)


def seed_brownfield(tenant: LocalTenantHandle) -> Brownfield:
    """Make the hand-made tenant through the admin API and Graph (as admin)."""
    admin = tenant.admin
    made = Brownfield()
    for name, department in AGENTS.items():
        put_user(tenant, name, department)
    admin.graph(
        "PATCH",
        "/admin/sharepoint/settings",
        {
            "sharingCapability": "externalUserSharingOnly",
            "isResharingByExternalUsersEnabled": False,
        },
    )
    for email, display in GUESTS.items():
        invited = admin.graph(
            "POST",
            "/invitations",
            {
                "invitedUserEmailAddress": email,
                "invitedUserDisplayName": display,
                "inviteRedirectUrl": "https://myapps.microsoft.com",
            },
        )
        made.guests[email] = invited["invitedUser"]["id"]
    for department, code in DEPARTMENTS.items():
        owners = [n for n, d in AGENTS.items() if d == department][:2]
        made.groups[code] = _group(
            tenant,
            f"{department} — agents",
            f"VB-{code}-agents",
            owners,
            description=department,
            rule=department_rule([department]),
        )
    made.groups["rh"] = _team(
        tenant,
        "RH : l'équipe (2024)!",
        "rh-equipe-2024",
        owners=["rh.un", "rh.deux"],
        members=["rh.trois"],
        channels=[
            {"displayName": "Recrutement 2024-25", "membershipType": "standard"},
            roster_channel("Dossiers sensibles", owner="rh.un", members=["rh.trois"]),
        ],
    )
    made.groups["chantiers"] = _team(
        tenant,
        "Chantiers Ville / Culture",
        "VB-TECH-chantiers",
        owners=["tech.un", "cult.un"],
        members=["tech.deux", "cult.deux"],
        channels=[roster_channel("Coordination", owner="tech.un", members=[], kind="shared")],
    )
    made.groups["eau"] = _team(
        tenant,
        "Eau et assainissement — partenaires",
        "VB-TECH-eau",
        owners=["tech.un", "tech.deux"],
        members=["tech.trois"],
        guests=list(made.guests.values()),
    )
    made.groups["mediatheque"] = _team(
        tenant, "Médiathèque", "mediatheque", owners=["cult.un"], members=["cult.deux"]
    )
    # New sites start at the tenant's level; the city closed the internal ones by hand.
    for name in ("rh", "chantiers", "eau", "mediatheque"):
        _site_sharing(tenant, made.groups[name], 3 if name == "eau" else 0)
    made.groups["licence"] = _licence_group(tenant)
    made.groups["old-list"] = _group(tenant, "Ancienne liste", "ancienne-liste", ["rh.un"])
    admin.graph(
        "POST",
        "/policies/crossTenantAccessPolicy/partners",
        {"tenantId": UNMAPPED_TENANT},
    )
    return made


def put_user(tenant: LocalTenantHandle, name: str, department: str) -> None:
    address = upn(name)
    user = {
        "id": user_id(address),
        "displayName": name.replace(".", " ").title(),
        "userPrincipalName": address,
        "mail": address,
        "mailNickname": name,
        "department": department,
        "jobTitle": "Agent",
        "companyName": "Ville de Brume",
        "accountEnabled": True,
        "usageLocation": "FR",
        "userType": "Member",
        "assignedLicenses": [],
    }
    tenant.admin.call("PUT", f"/_admin/objects/user/{user['id']}", user).raise_for_status()


def bind(tenant: LocalTenantHandle, ids: list[str]) -> list[str]:
    return [f"{tenant.base_url}/directoryObjects/{i}" for i in ids]


def _group(
    tenant: LocalTenantHandle,
    display: str,
    nickname: str,
    owners: list[str],
    *,
    description: str = "",
    rule: str | None = None,
    unified: bool = False,
    members: list[str] | None = None,
) -> str:
    body: dict[str, Any] = {
        "displayName": display,
        "mailNickname": nickname,
        "mailEnabled": unified,
        "securityEnabled": not unified,
        "groupTypes": (["Unified"] if unified else []) + (["DynamicMembership"] if rule else []),
        "owners@odata.bind": bind(tenant, [user_id(upn(o)) for o in owners]),
    }
    if description:
        body["description"] = description
    if unified:
        body["visibility"] = "Private"
    if rule:
        body |= {"membershipRule": rule, "membershipRuleProcessingState": "On"}
    if members:
        body["members@odata.bind"] = bind(tenant, members)
    return str(tenant.admin.graph("POST", "/groups", body)["id"])


def _team(
    tenant: LocalTenantHandle,
    display: str,
    nickname: str,
    *,
    owners: list[str],
    members: list[str],
    guests: list[str] = (),  # type: ignore[assignment]
    channels: list[Mapping[str, Any]] = (),  # type: ignore[assignment]
) -> str:
    people = [user_id(upn(n)) for n in (*owners, *members)]
    group = _group(
        tenant,
        display,
        nickname,
        owners,
        description=f"{display}: espace d'équipe",
        unified=True,
        members=[*people, *guests],
    )
    tenant.admin.graph(
        "PUT", f"/groups/{group}/team", {"memberSettings": {"allowCreatePrivateChannels": True}}
    )
    for channel in channels:
        tenant.admin.graph("POST", f"/teams/{group}/channels", dict(channel))
    return group


def roster_channel(
    name: str, *, owner: str, members: list[str], kind: str = "private"
) -> dict[str, Any]:
    def member(who: str, roles: list[str]) -> dict[str, Any]:
        return {
            "@odata.type": "#microsoft.graph.aadUserConversationMember",
            "roles": roles,
            "user@odata.bind": f"https://graph.microsoft.com/v1.0/users('{user_id(upn(who))}')",
        }

    return {
        "displayName": name,
        "description": f"{name} (restreint)",
        "membershipType": kind,
        "members": [member(owner, ["owner"]), *(member(m, []) for m in members)],
    }


def _site_sharing(tenant: LocalTenantHandle, group: str, capability: int) -> None:
    site = tenant.admin.graph("GET", f"/groups/{group}/sites/root")
    api = "/_api/Microsoft.Online.SharePoint.TenantAdministration.Tenant"
    found = tenant.admin.call("POST", f"{api}/GetSitePropertiesByUrl", {"url": site["webUrl"]})
    found.raise_for_status()
    site_id = found.json()["SiteId"]
    answer = tenant.admin.call(
        "PATCH", f"{api}/sites('{site_id}')", {"SharingCapability": capability}
    )
    answer.raise_for_status()


def _licence_group(tenant: LocalTenantHandle) -> str:
    members = [user_id(upn(n)) for n in ("cult.un", "cult.deux")]
    group = _group(tenant, "Licences E3 — culture", "VB-LIC-e3-culture", [], members=members)
    skus = tenant.admin.graph("GET", "/subscribedSkus")["value"]
    sku = next(s for s in skus if s["skuPartNumber"] == "ENTERPRISEPACK")
    plans = {p["servicePlanName"]: p["servicePlanId"] for p in sku["servicePlans"]}
    tenant.admin.graph(
        "POST",
        f"/groups/{group}/assignLicense",
        {
            "addLicenses": [
                {"skuId": sku["skuId"], "disabledPlans": [plans[p] for p in DISABLED_PLANS]}
            ],
            "removeLicenses": [],
        },
    )
    return group
