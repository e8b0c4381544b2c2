"""Large states prepared cheaply through the local tenant's admin API, for tests at Graph's
limits: thousands of users, a group's owners and members set at once, a team's channels.

Nothing here lowers a limit: the state is written straight into the store, then the request
under test goes through Graph's routes like any other.
"""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from tests.support.local_tenant_fixture import LocalTenantHandle

ROWS_PER_REQUEST = 4_000
"""Rows per admin write, well under the server's 4 MiB body limit."""


def _put(tenant: LocalTenantHandle, kind: str, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), ROWS_PER_REQUEST):
        tenant.admin.put_objects(kind, rows[start : start + ROWS_PER_REQUEST])


def add_people(tenant: LocalTenantHandle, count: int, tag: str = "crowd") -> list[str]:
    """Object ids of `count` new member users (UPN `{tag}.{n}@<tenant domain>`)."""
    domain = tenant.admin.call("GET", "/_admin/health").json()["domain"]
    rows = []
    for n in range(count):
        id_ = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{tenant.tenant_id}/{tag}/{n}"))
        upn = f"{tag}.{n}@{domain}"
        body = {
            "id": id_,
            "displayName": f"{tag.title()} {n}",
            "userPrincipalName": upn,
            "mail": upn,
            "userType": "Member",
            "accountEnabled": True,
            "businessPhones": [],
            "assignedLicenses": [],
        }
        rows.append({"id": id_, "body": body})
    _put(tenant, "user", rows)
    return [row["id"] for row in rows]


def set_links(
    tenant: LocalTenantHandle, group_id: str, owners: list[str], members: list[str]
) -> None:
    """Make a group's owners and (static) members exactly these object ids."""
    response = tenant.admin.call(
        "PUT",
        f"/_admin/objects/grouplinks/{group_id}?parent={group_id}",
        {"owners": owners, "members": members},
    )
    response.raise_for_status()


def add_channels(tenant: LocalTenantHandle, team_id: str, count: int) -> list[str]:
    """Ids of `count` new standard channels of a team, named `Channel {n}`."""
    rows = []
    for n in range(count):
        id_ = f"19:{secrets.token_hex(16)}@thread.tacv2"
        body = {
            "id": id_,
            "createdDateTime": "2026-01-01T00:00:00Z",
            "displayName": f"Channel {n}",
            "description": None,
            "isFavoriteByDefault": None,
            "email": "",
            "webUrl": f"https://teams.microsoft.com/l/channel/{id_}",
            "membershipType": "standard",
            "tenantId": tenant.tenant_id,
            "_teamId": team_id,
            "_general": False,
            "_created": 0,
        }
        rows.append({"id": id_, "parent": team_id, "body": body})
    _put(tenant, "channel", rows)
    return [row["id"] for row in rows]
