"""JSON batching at ``/v1.0/$batch`` (learn.microsoft.com/graph/json-batching).

At most `limits.BATCH_REQUESTS_MAX` requests, run concurrently; only ``dependsOn`` orders them
(the SDK's ``depends_on`` is ignored, as by Graph); a request whose dependency failed is
answered 424; each sub-request goes through the same dispatcher (routes, auth, faults) as a
direct request.

The whole batch is Graph's 400, naming the request, unless every request has the documented
shape: a unique string ``id``, a ``method``, a relative ``url`` no longer than a direct
request's, ``headers`` an object of strings, ``body`` a JSON object or a base64 (URL-safe or
not) string, ``dependsOn`` a list of ids of requests before it.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
from typing import Any
from urllib.parse import parse_qsl, unquote

from local_tenant.errors import BadRequest, FailedDependency
from local_tenant.protocol import MAX_URL_LENGTH, Request, Response, normalise_path
from local_tenant.router import Call, Route, RouteSet, error_response
from tenantctl.m365 import limits

_METHODS = {"GET", "POST", "PATCH", "PUT", "DELETE"}


def _validate(body: dict[str, Any]) -> list[dict[str, Any]]:
    requests = body.get("requests")
    if not isinstance(requests, list) or not requests:
        raise BadRequest("Invalid batch payload format.")
    if len(requests) > limits.BATCH_REQUESTS_MAX:
        raise BadRequest(
            f"The number of requests in the batch exceeds the limit of {limits.BATCH_REQUESTS_MAX}."
        )
    seen: set[str] = set()
    for item in requests:
        if not isinstance(item, dict):
            raise BadRequest("Invalid batch payload format.")
        id, method, url = item.get("id"), item.get("method"), item.get("url")
        if not isinstance(id, str) or not id or id in seen:
            raise BadRequest("Batch request ids must be unique non-empty strings.")
        seen.add(id)
        if not isinstance(method, str) or method.upper() not in _METHODS:
            raise BadRequest(f"Invalid HTTP method '{method}' in batch request '{id}'.")
        if not isinstance(url, str) or not url or url.lower().lstrip("/").startswith("$batch"):
            raise BadRequest(f"Invalid URL in batch request '{id}'.")
        if len(url) > MAX_URL_LENGTH:
            raise BadRequest(
                f"The URL of batch request '{id}' is longer than {MAX_URL_LENGTH} characters."
            )
        headers = item.get("headers", {})
        if not isinstance(headers, dict) or not all(isinstance(v, str) for v in headers.values()):
            raise BadRequest(
                f"The headers of batch request '{id}' must be a JSON object of strings."
            )
        item["body"] = _body(id, item.get("body"))
        depends = item.get("dependsOn", [])
        if not isinstance(depends, list) or not all(
            isinstance(d, str) and d in seen and d != id for d in depends
        ):
            raise BadRequest(
                f"Batch request '{id}' depends on a request that is not before it in the batch."
            )
    return requests


def _body(id: str, body: Any) -> bytes | None:
    """A request's body as bytes: a JSON object (or other JSON value) as JSON, a string as the
    base64 it must be; None when it has none."""
    if body is None:
        return None
    if not isinstance(body, str):
        return json.dumps(body).encode()
    text = body.strip().replace("-", "+").replace("_", "/")
    try:
        return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise BadRequest(
            f"The body of batch request '{id}' is a string that is not base64: send a JSON "
            "object, or the body's bytes in base64."
        ) from None


def _sub_request(outer: Request, item: dict[str, Any]) -> Request:
    url: str = item["url"]
    path, _, query = url.partition("?")
    path = "/" + path.lstrip("/")
    if path.lower().startswith("/v1.0/"):
        path = path[5:]
    headers = {k.lower(): v for k, v in item.get("headers", {}).items()}
    headers.setdefault("authorization", outer.header("authorization"))
    if "consistencylevel" not in headers and outer.header("consistencylevel"):
        headers["consistencylevel"] = outer.header("consistencylevel")
    raw: bytes | None = item["body"]
    if raw is not None:
        headers.setdefault("content-type", "application/json")
    return Request(
        method=item["method"].upper(),
        path=normalise_path(unquote(path)),
        query=dict(parse_qsl(query, keep_blank_values=True)),
        headers=headers,
        body=raw or b"",
        base_url=outer.base_url,
        admin=outer.admin,
    )


def _entry(id: str, response: Response) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": id, "status": response.status, "headers": dict(response.headers)}
    if response.raw is not None:
        entry["headers"]["Content-Type"] = response.content_type
        entry["body"] = base64.b64encode(response.raw).decode()
    elif response.body is not None:
        entry["headers"]["Content-Type"] = "application/json"
        entry["body"] = response.body
    return entry


async def run_batch(call: Call[Any]) -> Response:
    """Run the sub-requests concurrently, as Graph does; a request with dependsOn waits for
    its dependencies (and is answered 424 if one failed)."""
    requests = _validate(call.request.json())
    started: dict[str, asyncio.Task[Response]] = {}

    async def one(item: dict[str, Any]) -> Response:
        statuses = {d: (await started[d]).status for d in item.get("dependsOn", [])}
        failed = [d for d, status in statuses.items() if not 200 <= status < 300]
        sub = _sub_request(call.request, item)
        if failed:
            return error_response(
                sub, FailedDependency(f"Dependent request(s) {', '.join(failed)} failed.")
            )
        response = await call.dispatcher.handle(sub)
        if response.drop:
            return error_response(
                sub,
                FailedDependency(
                    "The request was not completed.", status=503, code="serviceNotAvailable"
                ),
            )
        return response

    for item in requests:
        started[item["id"]] = asyncio.ensure_future(one(item))
    responses = [_entry(id, await task) for id, task in started.items()]
    return Response(200, {"responses": responses})


def routes() -> list[Route]:
    s = RouteSet("batch")
    s.add("POST", "/$batch", run_batch, name="batch", transactional=False)
    return s.routes
