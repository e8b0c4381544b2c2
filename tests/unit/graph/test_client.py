"""The client: one transport stack for JSON calls and msgraph-sdk calls alike."""

from __future__ import annotations

import httpx
import pytest

from tenantctl.graph import GraphError
from tenantctl.graph.auth import AuthTransport
from tenantctl.graph.credentials import StaticToken
from tests.support.sdk import sdk_on
from tests.unit.graph.fakes import Script, client_on, reply


async def test_every_request_carries_a_bearer_token_for_its_hosts_scope() -> None:
    scopes: list[str] = []

    class Recording(StaticToken):
        async def token(self, scope: str) -> str:
            scopes.append(scope)
            return "t"

    script = Script([reply(200), reply(200)])
    transport = AuthTransport(script.transport, Recording("t"), lambda url: url.split("/")[2])
    await transport.handle_async_request(httpx.Request("GET", "https://graph.test/v1.0/groups"))
    await transport.handle_async_request(httpx.Request("GET", "https://x-admin.test/_api/y"))

    assert [r.headers["Authorization"] for r in script.requests] == ["Bearer t", "Bearer t"]
    assert scopes == ["graph.test", "x-admin.test"]


async def test_graph_errors_name_the_request_and_graphs_code() -> None:
    body = {"error": {"code": "Request_BadRequest", "message": "Invalid mailNickname"}}
    client = client_on(lambda request: reply(400, body))

    with pytest.raises(GraphError) as raised:
        await client.post("groups", {"mailNickname": "a b"})

    assert raised.value.status == 400
    assert raised.value.code == "Request_BadRequest"
    assert "POST https://graph.test/v1.0/groups" in str(raised.value)


async def test_find_reads_not_found_as_none() -> None:
    client = client_on(lambda request: reply(404, {"error": {"code": "NotFound"}}))
    assert await client.find("groups/x") is None


async def test_list_all_follows_next_links() -> None:
    pages = {
        "/v1.0/users": {"value": [1, 2], "@odata.nextLink": "https://graph.test/v1.0/users?skip=2"},
        "/v1.0/users?skip=2": {"value": [3]},
    }
    client = client_on(lambda request: reply(200, pages[request.url.raw_path.decode()]))
    assert await client.list_all("users") == [1, 2, 3]


async def test_the_sdk_client_runs_on_the_same_stack_and_base_url() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if len(seen) == 1:
            return reply(429, headers={"Retry-After": "0"})
        return reply(200, {"id": "g1", "displayName": "Finance"})

    client = client_on(handler, base_url="http://127.0.0.1:9/v1.0")

    group = await sdk_on(client).groups.by_group_id("g1").get()

    assert group is not None and group.display_name == "Finance"
    assert str(seen[-1].url).startswith("http://127.0.0.1:9/v1.0/groups/g1")
    assert seen[-1].headers["Authorization"] == "Bearer token-1"
    assert client.stats.retries == {"429": 1}


async def test_batches_go_to_the_batch_endpoint() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/v1.0/$batch"
        sent = __import__("json").loads(request.content)["requests"]
        return reply(200, {"responses": [{"id": r["id"], "status": 204} for r in sent]})

    from tenantctl.graph import BatchItem

    results = await client_on(handler).batch([BatchItem("1", "DELETE", "/groups/x/owners/y/$ref")])
    assert results["1"].status == 204
