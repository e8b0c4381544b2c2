"""SharePoint REST batching: many SharePoint `/_api` calls in one `POST {site}/_api/$batch`.

The SharePoint REST API (the tenant admin API included) implements OData v3 `$batch`
(learn.microsoft.com/sharepoint/dev/sp-add-ins/make-batch-requests-with-the-rest-apis):
a `multipart/mixed` body whose parts are `application/http` operations; function
invocations by POST go in a changeset; every URL targets the site the batch is sent to; the
operations are not transactional. Each call goes in a changeset of its own, so that each has
exactly one answer even if SharePoint answered a failed changeset as a whole, as OData v3
allows. SharePoint takes at most `limits.SHAREPOINT_BATCH_OPERATIONS_MAX` operations per batch.
Graph's JSON `$batch` cannot carry them: it only reaches Graph.

An operation SharePoint answers with 429, 503 or 504 inside a batch is sent again on its own,
through the client's retry policy.

SharePoint counts each operation of a batch (learn.microsoft.com/sharepoint/dev/general-
development/how-to-avoid-getting-throttled-or-blocked-in-sharepoint-online): the client's
pacer charges each one, within the application budget of the tenant's licences, which a
client learns before its first batch (the seats of `subscribedSkus`; the smallest tenant's
budget when they cannot be read).
"""

from __future__ import annotations

import asyncio
import json
import uuid
import weakref
from dataclasses import dataclass
from email.message import Message
from email.parser import BytesParser
from typing import Any

from tenantctl.graph.client import GraphClient
from tenantctl.graph.errors import GraphError
from tenantctl.graph.retry import RETRY_SAFE
from tenantctl.m365 import limits, reads

TRANSIENT = frozenset({429, 503, 504})
_BUDGETS: weakref.WeakKeyDictionary[GraphClient, asyncio.Future[None]] = weakref.WeakKeyDictionary()
"""Per client, the reading of the tenant's SharePoint budget (once)."""
NOMETADATA = "application/json;odata=nometadata"
CRLF = "\r\n"


@dataclass(frozen=True)
class SharePointCall:
    """One POST of a JSON body to an absolute SharePoint `/_api` URL."""

    url: str
    body: dict[str, Any]


@dataclass(frozen=True)
class SharePointAnswer:
    """One operation's status and JSON body."""

    status: int
    body: Any


@dataclass
class BatchRun:
    """The answers, in the order of the calls, and the HTTP requests they took."""

    answers: list[SharePointAnswer]
    requests: int


def encode(calls: list[SharePointCall]) -> tuple[str, bytes]:
    """The content type and body of a batch holding each call in a changeset of its own."""
    batch = f"batch_{uuid.uuid4()}"
    body = "".join(f"--{batch}{CRLF}{_changeset(call)}" for call in calls)
    return f"multipart/mixed; boundary={batch}", f"{body}--{batch}--{CRLF}".encode()


def _changeset(call: SharePointCall) -> str:
    changeset = f"changeset_{uuid.uuid4()}"
    return (
        f"Content-Type: multipart/mixed; boundary={changeset}{CRLF}{CRLF}"
        f"--{changeset}{CRLF}Content-Type: application/http{CRLF}"
        f"Content-Transfer-Encoding: binary{CRLF}{CRLF}"
        f"POST {call.url} HTTP/1.1{CRLF}Content-Type: application/json{CRLF}"
        f"Accept: {NOMETADATA}{CRLF}{CRLF}{json.dumps(call.body)}{CRLF}"
        f"--{changeset}--{CRLF}"
    )


def decode(content_type: str, raw: bytes) -> list[SharePointAnswer]:
    """The operations' answers, in order, changesets flattened."""
    message = BytesParser().parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + raw)
    return [_answer(part) for part in _leaves(message)]


def _leaves(message: Message) -> list[Message]:
    payload = message.get_payload()
    if not message.is_multipart() or not isinstance(payload, list):
        return [message]
    return [leaf for part in payload if isinstance(part, Message) for leaf in _leaves(part)]


def _answer(part: Message) -> SharePointAnswer:
    payload = part.get_payload(decode=True)
    text = payload.decode("utf-8") if isinstance(payload, bytes) else str(payload)
    head, _, body = text.replace(CRLF, "\n").partition("\n\n")
    status = int(head.strip().split(" ", 2)[1])
    content = body.strip()
    return SharePointAnswer(status, json.loads(content) if content else None)


async def send(client: GraphClient, site: str, calls: list[SharePointCall]) -> BatchRun:
    """Send `calls` (at most `limits.SHAREPOINT_BATCH_OPERATIONS_MAX`) to `site` as one batch;
    operations answered with a transient status are sent again one by one."""
    if len(calls) > limits.SHAREPOINT_BATCH_OPERATIONS_MAX:
        raise ValueError(
            f"a SharePoint batch holds at most {limits.SHAREPOINT_BATCH_OPERATIONS_MAX} operations"
        )
    await paced_for_the_tenant(client)
    content_type, body = encode(calls)
    response = await client.http.request(
        "POST",
        f"{site.rstrip('/')}/_api/$batch",
        content=body,
        headers={"Content-Type": content_type, "Accept": "multipart/mixed"},
        extensions={RETRY_SAFE: True},
    )
    if response.status_code >= 400:
        raise GraphError.from_body(
            "POST", str(response.url), response.status_code, _json_or_text(response.content)
        )
    answers = decode(response.headers.get("Content-Type", ""), response.content)
    if len(answers) != len(calls):
        raise GraphError(
            "POST",
            str(response.url),
            response.status_code,
            "batchResponseMismatch",
            f"{len(answers)} answers for {len(calls)} operations",
        )
    run = BatchRun(answers, 1)
    for index, (call, answer) in enumerate(zip(calls, answers, strict=True)):
        if answer.status in TRANSIENT:
            alone = await client.http.request(
                "POST",
                call.url,
                content=json.dumps(call.body).encode(),
                headers={"Content-Type": "application/json", "Accept": NOMETADATA},
                extensions={RETRY_SAFE: True},
            )
            run.answers[index] = SharePointAnswer(alone.status_code, _json_or_text(alone.content))
            run.requests += 1
    return run


async def paced_for_the_tenant(client: GraphClient) -> None:
    """Pace the client's SharePoint requests at the budget of the tenant's licences, read
    once per client."""
    if client not in _BUDGETS:
        _BUDGETS[client] = asyncio.ensure_future(_learn_budget(client))
    await asyncio.shield(_BUDGETS[client])


async def _learn_budget(client: GraphClient) -> None:
    try:
        skus = await client.get(reads.SUBSCRIBED_SKUS.url())
    except GraphError:
        return  # the pacing's own budget: the smallest tenant's
    seats = sum(
        int((sku.get("prepaidUnits") or {}).get("enabled") or 0)
        for sku in (skus or {}).get("value", ())
    )
    client.pacer.set_limit("sharepoint", limits.sharepoint_units_per_minute(seats), 60.0)


def _json_or_text(content: bytes) -> Any:
    try:
        return json.loads(content) if content else None
    except ValueError:
        return content.decode("utf-8", "replace")
