"""Admin API drift, query options the toolkit relies on, and the CLI token command."""

from __future__ import annotations

import ssl
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from local_tenant.auth import DEFAULT_CLIENT_ID
from local_tenant.cli import local_tenant_group
from local_tenant.tenant import Tenant
from tests.support.local_tenant_fixture import LocalTenantHandle

pytestmark = [pytest.mark.integration]


@pytest.fixture
def http(local_tenant: LocalTenantHandle) -> httpx.Client:
    return httpx.Client(
        base_url=local_tenant.base_url, headers={"Authorization": f"Bearer {local_tenant.token()}"}
    )


def test_drift_behind_the_toolkits_back(
    local_tenant: LocalTenantHandle, http: httpx.Client
) -> None:
    group = http.post(
        "/groups",
        json={
            "displayName": "Drift",
            "mailEnabled": False,
            "mailNickname": "drift",
            "securityEnabled": True,
        },
    ).json()
    local_tenant.admin.patch_object("group", group["id"], {"description": "changed by hand"})
    assert http.get(f"/groups/{group['id']}").json()["description"] == "changed by hand"
    user = http.get("/users?$top=1").json()["value"][0]
    local_tenant.admin.graph(
        "POST",
        f"/groups/{group['id']}/members/$ref",
        {"@odata.id": f"https://graph.microsoft.com/v1.0/directoryObjects/{user['id']}"},
    )
    assert [m["id"] for m in http.get(f"/groups/{group['id']}/members").json()["value"]] == [
        user["id"]
    ]
    assert local_tenant.admin.counters()["routes"].get("directory.groups.members.add") is None


def test_orderby_expand_and_search(local_tenant: LocalTenantHandle, http: httpx.Client) -> None:
    names = [
        u["displayName"] for u in http.get("/users?$orderby=displayName&$top=999").json()["value"]
    ]
    assert names == sorted(names, key=str.lower)
    users = http.get("/users?$top=3").json()["value"]
    body = {
        "displayName": "Expand",
        "mailEnabled": False,
        "mailNickname": "expand",
        "securityEnabled": True,
        "members@odata.bind": [f"https://graph.microsoft.com/v1.0/users/{u['id']}" for u in users],
    }
    group = http.post("/groups", json=body).json()
    expanded = http.get(f"/groups/{group['id']}?$expand=members").json()
    assert (
        len(expanded["members"]) == 3
        and expanded["members"][0]["@odata.type"] == "#microsoft.graph.user"
    )
    found = http.get(
        '/groups?$search="displayName:expa"', headers={"ConsistencyLevel": "eventual"}
    ).json()
    assert [g["id"] for g in found["value"]] == [group["id"]]
    assert http.get('/groups?$search="displayName:expa"').status_code == 400
    count = http.get("/users/$count", headers={"ConsistencyLevel": "eventual"})
    assert count.text == str(len(local_tenant.admin.objects("user")))


def test_cli_token(local_tenant: LocalTenantHandle) -> None:
    result = CliRunner().invoke(
        local_tenant_group,
        ["token", "--roles", "Group.Read.All", "--data", str(local_tenant.data_dir)],
    )
    assert result.exit_code == 0, result.output
    token = result.output.strip()
    response = httpx.get(
        f"{local_tenant.base_url}/groups", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200
    denied = httpx.get(
        f"{local_tenant.base_url}/users", headers={"Authorization": f"Bearer {token}"}
    )
    assert denied.status_code == 403


def test_registered_client(local_tenant: LocalTenantHandle) -> None:
    response = local_tenant.admin.call(
        "POST",
        "/_admin/clients",
        {"client_id": "reader", "client_secret": "s3cret", "roles": ["User.Read.All"]},
    )
    assert response.status_code == 201
    url = f"{local_tenant.authority}/{local_tenant.tenant_id}/oauth2/v2.0/token"
    trust = ssl.create_default_context(cafile=str(local_tenant.certificate))
    form = {
        "grant_type": "client_credentials",
        "client_id": "reader",
        "client_secret": "s3cret",
        "scope": "https://graph.microsoft.com/.default",
    }
    token = httpx.post(url, data=form, verify=trust).json()["access_token"]
    assert (
        httpx.get(
            f"{local_tenant.base_url}/users", headers={"Authorization": f"Bearer {token}"}
        ).status_code
        == 200
    )
    assert (
        httpx.get(
            f"{local_tenant.base_url}/groups", headers={"Authorization": f"Bearer {token}"}
        ).status_code
        == 403
    )
    wrong_scope = httpx.post(url, data={**form, "scope": "openid"}, verify=trust)
    assert wrong_scope.status_code == 400 and wrong_scope.json()["error"] == "invalid_scope"
    assert DEFAULT_CLIENT_ID in local_tenant.server.tenant.authority.clients


def test_deleting_a_user_leaves_groups(local_tenant: LocalTenantHandle, http: httpx.Client) -> None:
    user = http.get("/users?$top=1").json()["value"][0]
    body = {
        "displayName": "Leavers",
        "mailEnabled": False,
        "mailNickname": "leavers",
        "securityEnabled": True,
        "members@odata.bind": [f"https://graph.microsoft.com/v1.0/users/{user['id']}"],
    }
    group = http.post("/groups", json=body).json()
    assert http.delete(f"/users/{user['id']}").status_code == 204
    assert http.get(f"/users/{user['id']}").status_code == 404
    assert http.get(f"/groups/{group['id']}/members").json()["value"] == []


def test_cli_seed_and_reset(tmp_path: Path) -> None:
    runner = CliRunner()
    seeded = runner.invoke(
        local_tenant_group,
        [
            "seed",
            "--data",
            str(tmp_path),
            "--users",
            "12",
            "--guests",
            "2",
            "--organisation",
            "Fabrikam",
            "--department",
            "Legal",
        ],
    )
    assert seeded.exit_code == 0, seeded.output
    tenant = Tenant(tmp_path)
    users = tenant.directory.users()
    assert len(users) == 14
    assert {u["companyName"] for u in users if u["userType"] == "Member"} == {"Fabrikam"}
    assert {u["department"] for u in users if u["userType"] == "Member"} == {"Legal"}
    tenant.store.close()
    emptied = runner.invoke(local_tenant_group, ["reset", "--data", str(tmp_path), "--no-seed"])
    assert emptied.exit_code == 0, emptied.output
    assert Tenant(tmp_path).store.count("user") == 0


def test_deleted_groups_restore_and_purge(http: httpx.Client) -> None:
    body = {
        "displayName": "Bin",
        "mailEnabled": False,
        "mailNickname": "bin",
        "securityEnabled": True,
    }
    group = http.post("/groups", json=body).json()
    assert http.delete(f"/groups/{group['id']}").status_code == 204
    listed = http.get("/directory/deletedItems/microsoft.graph.group").json()["value"]
    assert [g["id"] for g in listed] == [group["id"]]
    assert http.get(f"/directory/deletedItems/{group['id']}").json()["deletedDateTime"]
    assert http.post(f"/directory/deletedItems/{group['id']}/restore").status_code == 200
    assert http.get(f"/groups/{group['id']}").status_code == 200
    assert http.delete(f"/groups/{group['id']}").status_code == 204
    assert http.delete(f"/directory/deletedItems/{group['id']}").status_code == 204
    assert http.get(f"/directory/deletedItems/{group['id']}").status_code == 404
