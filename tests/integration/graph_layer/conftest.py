"""Drive the Graph resource providers against the local tenant, as the Pulumi engine would.

`provider(kind)` is a `GraphProvider` configured like a stack (graphBaseUrl, a token,
sharepointAdminUrl) and already dill round-tripped; `lifecycle` runs
check → create → read → update → diff → delete.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import dill
import pytest
from pulumi.dynamic import Config, ConfigureRequest
from pulumi.dynamic.dynamic import serialize_provider

from tenantctl.graph import ClientStats, GraphSettings, lookup_from, run, shared_client
from tenantctl.resources import required_permissions
from tenantctl.resources.provider import GraphProvider
from tests.support.local_tenant_fixture import LocalTenantHandle

PROJECT = "m365-tenant"

MakeProvider = Callable[..., GraphProvider]


def stack_config(tenant: LocalTenantHandle, roles: Iterable[str]) -> dict[str, Any]:
    """What `pulumi config` would hold for a stack on the local tenant."""
    return {
        f"{PROJECT}:graphBaseUrl": tenant.base_url,
        f"{PROJECT}:sharepointAdminUrl": tenant.root_url,
        f"{PROJECT}:tenantId": tenant.tenant_id,
        f"{PROJECT}:accessToken": tenant.token(list(roles)),
        f"{PROJECT}:credential": "token",
    }


@pytest.fixture
def provider(local_tenant: LocalTenantHandle) -> MakeProvider:
    """A provider for a kind, with a token holding exactly the kind's least permissions."""

    def make(kind: str, roles: Iterable[str] | None = None, **settings: Any) -> GraphProvider:
        raw = base64.b64decode(serialize_provider(GraphProvider(kind)))
        restored: GraphProvider = dill.loads(raw)
        granted = required_permissions([kind]) if roles is None else list(roles)
        config = stack_config(local_tenant, [p.split(":")[-1] for p in granted])
        config.update({f"{PROJECT}:{name}": value for name, value in settings.items()})
        restored.configure(ConfigureRequest(Config(config, PROJECT)))
        return restored

    return make


def members(tenant: LocalTenantHandle, count: int) -> list[str]:
    """UPNs of `count` seeded member users, in a stable order."""
    users = tenant.admin.graph("GET", "/users?$select=userPrincipalName,userType&$top=100")
    found = [u for u in users["value"] if u.get("userType") != "Guest"]
    return sorted(str(u["userPrincipalName"]) for u in found)[:count]


def make_group(make: MakeProvider, tenant: LocalTenantHandle, nickname: str) -> str:
    """A Unified group with two owners and two members, made through the Group provider."""
    people = members(tenant, 4)
    group = make("Group")
    inputs = {
        "display_name": nickname.title(),
        "mail_nickname": nickname,
        "owners": people[:2],
        "members": people[2:],
    }
    return group.create(group.check({}, inputs).inputs).id


def team_body(name: str, template: str = "standard", **extra: Any) -> dict[str, Any]:
    """A rendered POST /teams body."""
    return {
        "template@odata.bind": f"https://graph.microsoft.com/v1.0/teamsTemplates('{template}')",
        "displayName": name,
        "description": f"{name} team",
        "visibility": "private",
        "memberSettings": {"allowCreateUpdateChannels": True, "allowDeleteChannels": False},
        "funSettings": {"allowGiphy": True, "giphyContentRating": "strict"},
        **extra,
    }


def make_team(make: MakeProvider, tenant: LocalTenantHandle, nickname: str) -> str:
    """A team on a new group, made through the Group and Team providers."""
    group_id = make_group(make, tenant, nickname)
    team = make("Team")
    return team.create(
        team.check({}, {"group_id": group_id, "body": team_body(nickname)}).inputs
    ).id


def client_stats(provider: GraphProvider) -> ClientStats:
    """The shared client's retry counters for this provider's configuration."""
    lookup = lookup_from(provider._config)

    async def stats() -> ClientStats:
        return shared_client(GraphSettings.load(lookup), lookup).stats

    return run(stats())


@dataclass
class Outcome:
    """What a lifecycle run saw at each step."""

    id: str
    created: dict[str, Any]
    read: dict[str, Any]
    updated: dict[str, Any]
    reread: dict[str, Any]


def lifecycle(provider: GraphProvider, inputs: dict[str, Any], changes: dict[str, Any]) -> Outcome:
    """check → create → read → diff (empty) → update → read → diff (empty) → delete."""
    checked = provider.check({}, inputs)
    assert checked.failures == [], checked.failures
    news = checked.inputs
    created = provider.create(news)
    read = provider.read(created.id, created.outs)
    assert read.id == created.id
    assert provider.diff(created.id, read.outs, news).changes is False
    changed = provider.check(read.outs, {**news, **changes}).inputs
    assert provider.diff(created.id, read.outs, changed).changes is True
    updated = provider.update(created.id, read.outs, changed)
    reread = provider.read(created.id, updated.outs)
    assert provider.diff(created.id, reread.outs, changed).changes is False
    provider.delete(created.id, reread.outs)
    return Outcome(created.id, created.outs, read.outs, updated.outs or {}, reread.outs)
