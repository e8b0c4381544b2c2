"""Property-based fuzzing of the three input surfaces the local tenant parses itself: Graph
query strings (``$filter``, ``$top``, ``$orderby``, ...), ``$batch`` bodies and SharePoint
REST batches. Whatever the input, the answer is a result or a client error in the service's
own shape (Graph's ``error`` object, SharePoint's ``odata.error``), never a 500, within a
time and a memory bound."""

from __future__ import annotations

import base64
import json
import time
import tracemalloc
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.support.local_tenant_fixture import LocalTenantHandle

pytestmark = pytest.mark.integration

TIME_BOUND_S = 5.0
"""Per request, on a shared 2-core machine with tracing on; answers take well under 0.2 s."""
MEMORY_BOUND = 64 * 2**20
"""Bytes traced in the process (the client and the in-process server) during one request."""
URL_BOUND = 8_000
"""Longer request lines are refused by aiohttp itself, outside the tenant's code."""
FUZZ = settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def measured(send: Callable[[], httpx.Response]) -> httpx.Response:
    """SEND's response, checked to come within the time and memory bounds."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        response = send()
    finally:
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert elapsed < TIME_BOUND_S, f"answered in {elapsed:.1f} s"
    assert peak < MEMORY_BOUND, f"{peak / 2**20:.0f} MiB traced"
    return response


def assert_graph_error(status: int, body: Any, request_id: str | None = None) -> None:
    """A client error in Graph's shape (learn.microsoft.com/graph/errors)."""
    assert 400 <= status < 500, (status, body)
    error = body["error"]
    assert isinstance(error["code"], str) and error["code"], body
    assert isinstance(error["message"], str) and error["message"], body
    if request_id is not None:
        assert error["innerError"]["request-id"] == request_id


@pytest.fixture
def http(local_tenant: LocalTenantHandle) -> Iterator[httpx.Client]:
    headers = {"Authorization": f"Bearer {local_tenant.token()}"}
    with httpx.Client(base_url=local_tenant.root_url, headers=headers, timeout=60) as client:
        yield client


# Graph query strings ----------------------------------------------------------------------

FILTER_WORDS = [
    "displayName",
    "id",
    "userType",
    "assignedLicenses",
    "groupTypes/any(c:c eq 'Unified')",
    "assignedLicenses/any(x:x/skuId eq 6fd2c87f-b296-42f0-b197-1e91e994b900)",
    "eq",
    "ne",
    "ge",
    "in",
    "and",
    "or",
    "not",
    "(",
    ")",
    ",",
    ":",
    "/",
    "'x'",
    "'l''Hôtel'",
    "''",
    "'",
    "1",
    "-2.5",
    "null",
    "true",
    "startswith(",
    "contains(",
    "any(",
    "all(",
    "a:a",
    "\u202e",
    "$",
]
filters = st.one_of(
    st.lists(st.sampled_from(FILTER_WORDS), max_size=40).map(" ".join),
    st.builds(
        lambda term, op, count: f" {op} ".join([term] * count),
        st.sampled_from(["a", "(a)", "displayName eq 'x'", "not a"]),
        st.sampled_from(["and", "or"]),
        st.one_of(st.integers(1, 20), st.integers(300, 1_000)),
    ),
    st.integers(0, 200).map(lambda depth: "(" * depth + "a eq 1" + ")" * depth),
    st.text(max_size=40),
)
QUERY_OPTIONS: dict[str, st.SearchStrategy[str]] = {
    "$filter": filters,
    "$select": st.lists(st.sampled_from(["id", "displayName", "*", "x@y", ""]), max_size=5).map(
        ",".join
    ),
    "$top": st.one_of(st.integers(-5, 2_000).map(str), st.text(max_size=8), st.just("9" * 5_000)),
    "$orderby": st.lists(
        st.sampled_from(["displayName", "assignedLicenses desc", "id asc", "x y z", ""]),
        max_size=3,
    ).map(",".join),
    "$count": st.sampled_from(["true", "false", "x"]),
    "$expand": st.sampled_from(["members", "owners", "members,owners", "x", "members($top=1)"]),
    "$search": st.one_of(st.text(max_size=20), st.just('"displayName:x"')),
    "$skiptoken": st.one_of(
        st.text(max_size=20),
        st.binary(max_size=40).map(lambda raw: base64.urlsafe_b64encode(raw).decode()),
        st.sampled_from(['{"o": -1}', '{"o": 1, "k": "x"}', "[1]"]).map(
            lambda text: base64.urlsafe_b64encode(text.encode()).decode()
        ),
    ),
    "$deltatoken": st.text(max_size=20),
    "$skip": st.text(max_size=5),
    "$format": st.sampled_from(["json", "application/json", "x"]),
    "$unknown": st.text(max_size=5),
}
COLLECTIONS = [
    "/users",
    "/groups",
    "/users/delta",
    "/groups/delta",
    "/users/$count",
    "/subscribedSkus",
    "/sites",
    "/teams",
    "/organization",
    "/directory/deletedItems/microsoft.graph.group",
]


@FUZZ
@given(
    path=st.sampled_from(COLLECTIONS),
    options=st.fixed_dictionaries({}, optional=QUERY_OPTIONS),
    eventual=st.booleans(),
)
def test_fuzzed_query_strings_get_a_page_or_graphs_error(
    http: httpx.Client, path: str, options: dict[str, str], eventual: bool
) -> None:
    url = http.build_request("GET", f"/v1.0{path}", params=options).url
    assume(len(url.raw_path) < URL_BOUND)
    headers = {"ConsistencyLevel": "eventual"} if eventual else {}
    response = measured(lambda: http.get(url, headers=headers))
    if response.status_code >= 400:
        assert_graph_error(response.status_code, response.json(), response.headers["request-id"])
    else:
        assert response.status_code == 200, response.text[:300]
        assert isinstance(json.loads(response.text), dict | int)


# $batch bodies ----------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
IDS = ["1", "2", "3"]
# Each field is mostly of the documented shape, so that most batches pass the batch-level
# checks and their requests reach the routes, and sometimes anything JSON can hold.
BATCH_ITEM_REQUIRED: dict[str, st.SearchStrategy[Any]] = {
    "id": st.one_of(st.sampled_from(IDS), st.sampled_from(IDS), json_values),
    "method": st.one_of(
        st.sampled_from(["GET", "GET", "POST", "PATCH", "DELETE", "PUT", "get"]), json_values
    ),
    "url": st.one_of(
        st.sampled_from(
            [
                "/users",
                "users?$top=1",
                "/groups",
                "/v1.0/organization",
                "/$batch",
                "http://evil.example/users",
                "/../_admin/counters",
                "/groups/%00",
                "/groups('x')/members/$ref",
            ]
        ),
        filters.map(lambda text: f"/users?$filter={text}"),
        json_values,
    ),
}
BATCH_ITEM_OPTIONAL: dict[str, st.SearchStrategy[Any]] = {
    "body": st.one_of(
        st.fixed_dictionaries(
            {},
            optional={
                "displayName": st.text(max_size=10),
                "mailNickname": st.text(max_size=10),
                "mailEnabled": st.booleans(),
                "securityEnabled": st.booleans(),
            },
        ),
        st.binary(max_size=30).map(lambda raw: base64.b64encode(raw).decode()),
        st.text(max_size=12),
        json_values,
    ),
    "headers": st.one_of(
        st.dictionaries(
            st.sampled_from(["Content-Type", "ConsistencyLevel", "If-Match", "x"]),
            st.sampled_from(["application/json", "eventual", "text/plain"]),
            max_size=3,
        ),
        json_values,
    ),
    "dependsOn": st.one_of(
        st.lists(st.sampled_from(IDS), max_size=2),
        st.lists(json_values, min_size=1, max_size=2),
        json_values,
    ),
}
batch_items = st.fixed_dictionaries(BATCH_ITEM_REQUIRED, optional=BATCH_ITEM_OPTIONAL)
batches = st.one_of(
    st.fixed_dictionaries({"requests": st.lists(batch_items, max_size=22)}),
    st.fixed_dictionaries({"requests": st.lists(batch_items | json_values, max_size=4)}),
    json_values,
)


@FUZZ
@given(body=batches)
def test_fuzzed_batches_get_answers_or_graphs_error(http: httpx.Client, body: Any) -> None:
    payload = json.dumps(body).encode()
    assume(len(payload) < 4 * 2**20)
    response = measured(
        lambda: http.post(
            "/v1.0/$batch", content=payload, headers={"Content-Type": "application/json"}
        )
    )
    if response.status_code != 200:
        assert_graph_error(response.status_code, response.json(), response.headers["request-id"])
        return
    answers = response.json()["responses"]
    assert [answer["id"] for answer in answers] == [item["id"] for item in body["requests"]]
    for answer in answers:
        assert answer["status"] < 500, answer
        if answer["status"] >= 400:
            assert_graph_error(answer["status"], answer["body"])


# SharePoint REST batches ------------------------------------------------------------------

SHAREPOINT_URLS = [
    "{root}/_api/Microsoft.Online.SharePoint.TenantAdministration.Tenant/GetSitePropertiesByUrl",
    "/_api/Microsoft.Online.SharePoint.TenantAdministration.Tenant/sites('x')",
    "/_api/x",
    "/_api/$batch",
    "http://evil.example/_api/x",
    "http://[::1/_api/x",
    "no-slash",
    "",
]


def _operation(method: str, url: str, body: bytes, content_type: str) -> bytes:
    head = f"Content-Type: {content_type}\r\nContent-Transfer-Encoding: binary\r\n\r\n"
    return (
        head + f"{method} {url} HTTP/1.1\r\nContent-Type: application/json\r\n\r\n"
    ).encode() + body


operations = st.builds(
    _operation,
    st.sampled_from(["POST", "PATCH", "GET", "DELETE", ""]),
    st.sampled_from(SHAREPOINT_URLS),
    st.one_of(
        st.sampled_from([b'{"url": "{root}/sites/x"}', b'{"SharingCapability": 9}', b"{}"]),
        st.binary(max_size=40),
    ),
    st.sampled_from(["application/http", "application/http", "text/plain"]),
)


def _multipart(boundary: str, parts: list[bytes]) -> bytes:
    return b"".join(f"--{boundary}\r\n".encode() + part + b"\r\n" for part in parts) + (
        f"--{boundary}--\r\n".encode()
    )


def _changeset(boundary: str, parts: list[bytes]) -> bytes:
    return f"Content-Type: multipart/mixed; boundary={boundary}\r\n\r\n".encode() + _multipart(
        boundary, parts
    )


def _nested(depth: int) -> bytes:
    return b"".join(
        f"Content-Type: multipart/mixed; boundary=n{n}\r\n\r\n--n{n}\r\n".encode()
        for n in range(depth)
    )


boundaries = st.text(alphabet="abcXYZ019_-'()+.", min_size=1, max_size=20)
sharepoint_parts = st.one_of(
    operations,
    st.builds(_changeset, boundaries, st.lists(operations, max_size=4)),
    st.integers(1, 400).map(_nested),
    st.binary(max_size=60),
)


@FUZZ
@given(
    boundary=boundaries,
    parts=st.lists(sharepoint_parts, max_size=8),
    repeat=st.sampled_from([1, 1, 1, 30]),
    content_type=st.sampled_from(
        ["multipart/mixed; boundary={b}", "multipart/mixed", "application/json"]
    ),
)
def test_fuzzed_sharepoint_batches_get_answers_or_sharepoints_error(
    http: httpx.Client, boundary: str, parts: list[bytes], repeat: int, content_type: str
) -> None:
    root = str(http.base_url).rstrip("/")
    body = _multipart(boundary, parts * repeat).replace(b"{root}", root.encode())
    headers = {"Content-Type": content_type.format(b=boundary)}
    response = measured(lambda: http.post("/_api/$batch", content=body, headers=headers))
    assert response.status_code < 500, response.text[:300]
    if response.status_code == 200:
        assert response.headers["Content-Type"].startswith(
            "multipart/mixed; boundary=batchresponse_"
        )
        assert b"HTTP/1.1 5" not in response.content, response.text[:300]
    elif response.status_code == 400:
        error = response.json()["odata.error"]
        assert error["code"] and error["message"]["value"]
    else:
        assert_graph_error(response.status_code, response.json(), response.headers["request-id"])
