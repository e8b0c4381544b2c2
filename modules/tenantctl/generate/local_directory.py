"""Give the local tenant the directory a stack description expects.

A real tenant's users come from HR and its licences from purchases; the local tenant needs the
same people the description names (owners, explicit members) and, for directorates with a
headcount, enough agents in their departments for dynamic groups and licence counts to be
realistic, and enough seats of each SKU the licence groups give for the people they cover.
Users and seats are written through the local tenant's admin API, idempotently (stable ids
derived from the UPN; seats are only ever raised).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from local_tenant.directory.rules import compile_rule
from tenantctl.m365.skus import SKUS
from tenantctl.model import Directorate, Tenant, TenantIndex
from tenantctl.model.derive import MIGRATION_DONE
from tenantctl.user_error import UserError

_NAMESPACE = uuid.UUID("9b1d3c52-6f1e-4c8a-a7d4-3e5f0b2c9d18")
SERVE = "tenantctl local-tenant serve --data {data}"
ROWS_PER_REQUEST = 2_000
"""Users written in one request of the admin API's bulk write (one licence reconciliation for
all, instead of one per user)."""


class LocalTenantError(UserError):
    """No local tenant answers for a data directory: what was found, and how to start one."""


@dataclass(frozen=True)
class LocalTenantEndpoint:
    """Where a running local tenant listens, read from its data directory's server.json."""

    base_url: str
    admin_url: str
    admin_token: str
    authority: str
    certificate: str
    tenant_id: str

    @classmethod
    def from_data_dir(cls, data: Path) -> LocalTenantEndpoint:
        """The endpoint a local tenant serving DATA wrote, or a `LocalTenantError` saying
        why there is none (no server.json, or one that is truncated or from another run)."""
        path = data / "server.json"
        start = f"start one with `{SERVE.format(data=data)}`, which writes it"
        if not path.is_file():
            raise LocalTenantError(f"no local tenant is serving {data} (no {path}): {start}")
        try:
            info = json.loads(path.read_text(encoding="utf-8"))
            base_url = str(info["base_url"])
            return cls(
                base_url=base_url,
                admin_url=base_url.removesuffix("/v1.0") + "/_admin",
                admin_token=Path(info["admin_token_file"]).read_text().strip(),
                authority=str(info["authority"]),
                certificate=str(info["certificate"]),
                tenant_id=str(info["tenant_id"]),
            )
        except (OSError, ValueError, LookupError, TypeError) as error:
            problem = " ".join(f"{type(error).__name__}: {error}".split())
            raise LocalTenantError(
                f"{path} is not what a running local tenant writes ({problem}): {start}"
            ) from None


def user_id(upn: str) -> str:
    """The stable object id the local tenant gives a person of the description."""
    return str(uuid.uuid5(_NAMESPACE, upn.lower()))


def directory_users(tenant: Tenant) -> Iterator[dict[str, Any]]:
    """The named people, then generated agents up to each directorate's headcount."""
    return (user for _, user in directory_agents(tenant))


def directory_agents(tenant: Tenant) -> Iterator[tuple[Directorate, dict[str, Any]]]:
    """`directory_users`, each with the directorate they work in."""
    index = TenantIndex(tenant)
    named_per_directorate: dict[str, int] = {}
    for person in tenant.people:
        directorate = index.directorates[person.directorate]
        named_per_directorate[directorate.code] = named_per_directorate.get(directorate.code, 0) + 1
        yield (
            directorate,
            _user(index, directorate, person.upn, person.display_name, person.job_title),
        )
    for directorate in tenant.directorates:
        departments = directorate.membership.departments
        if not departments or not directorate.headcount:
            continue
        organisation = index.organisations[directorate.organisation]
        missing = directorate.headcount - named_per_directorate.get(directorate.code, 0)
        for number in range(1, missing + 1):
            upn = f"agent.{directorate.code.lower()}.{number:04d}@{organisation.domain}"
            name = f"Agent {directorate.code} {number:04d}"
            department = departments[number % len(departments)]
            yield directorate, _user(index, directorate, upn, name, "Agent", department)


def _user(
    index: TenantIndex,
    directorate: Directorate,
    upn: str,
    name: str,
    job_title: str,
    department: str | None = None,
) -> dict[str, Any]:
    organisation = index.organisations[directorate.organisation]
    local = upn.split("@")[0]
    return {
        "id": user_id(upn),
        "displayName": name,
        "userPrincipalName": upn,
        "mail": upn,
        "mailNickname": local,
        "department": department or (directorate.membership.departments or (directorate.code,))[0],
        "jobTitle": job_title or "Agent",
        "companyName": organisation.company_name,
        "accountEnabled": True,
        "usageLocation": "FR",
        "userType": "Member",
        "preferredLanguage": "fr-FR",
        "assignedLicenses": [],
    }


def seed_directory(endpoint: LocalTenantEndpoint, tenant: Tenant) -> int:
    """Add the description's users the local tenant lacks; return how many were added.

    Existing users are left as they are, so licences and changes made since are kept.
    """
    headers = {"X-Admin-Token": endpoint.admin_token}
    users = list(directory_users(tenant))
    try:
        with httpx.Client(base_url=endpoint.admin_url, headers=headers, timeout=30) as client:
            listing = admin_call(client.get("/objects/user"))
            existing = {row["id"] for row in listing.json()["value"]}
            missing = [user for user in users if user["id"] not in existing]
            for start in range(0, len(missing), ROWS_PER_REQUEST):
                rows = [
                    {"id": u["id"], "body": u} for u in missing[start : start + ROWS_PER_REQUEST]
                ]
                admin_call(client.post("/objects/user", json={"value": rows}))
            added = len(missing)
            _buy_seats(client, seats_needed(tenant, users))
    except httpx.TransportError as error:
        raise LocalTenantError(
            f"no local tenant answers at {endpoint.base_url} ({type(error).__name__}: {error}): "
            f"its server.json is left from one that stopped; start it again with "
            f"`{SERVE.format(data='<its data folder>')}`"
        ) from None
    return added


def admin_call(response: httpx.Response) -> httpx.Response:
    """The answer of a call to the admin API, or a `LocalTenantError` saying what it refused."""
    if response.status_code in (401, 403):
        raise LocalTenantError(
            f"the local tenant at {response.url} refused the admin token of server.json "
            f"({response.status_code}): another local tenant listens there; stop it, or point "
            "--data at the data folder of the one that runs"
        )
    response.raise_for_status()
    return response


def seats_needed(tenant: Tenant, users: list[dict[str, Any]]) -> dict[str, int]:
    """Seats each SKU needs: the users its licence groups cover once every wave has come, each
    counted once per SKU."""
    index = TenantIndex(tenant)
    holders: dict[str, set[str]] = {}
    for group in tenant.licence_groups:
        rule_text, members = index.licence_membership(group, MIGRATION_DONE)
        matches = compile_rule(rule_text) if rule_text else None
        named = {upn.lower() for upn in members}
        covered = holders.setdefault(group.sku, set())
        for user in users:
            upn = str(user["userPrincipalName"]).lower()
            if upn in named or (matches is not None and matches(user)):
                covered.add(upn)
    return {sku: len(covered) for sku, covered in holders.items()}


def _buy_seats(client: httpx.Client, needed: dict[str, int]) -> None:
    """Raise each subscribed SKU's enabled units to what the description needs."""
    for part_number, seats in needed.items():
        sku = SKUS.get(part_number)
        if sku is None:
            continue  # validation reports an SKU the SKUS lacks
        path = f"/objects/subscribedsku/{sku.sku_id}"
        response = client.get(path)
        if response.status_code == 404:
            raise LocalTenantError(
                f"the local tenant does not subscribe to {part_number}; use an SKU it offers "
                "(GET /subscribedSkus lists them)"
            )
        units = admin_call(response).json()["prepaidUnits"]
        if units["enabled"] < seats:
            body = {"prepaidUnits": {**units, "enabled": seats}}
            admin_call(client.patch(path, json=body))
