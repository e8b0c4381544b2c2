"""SharePoint REST batching at the admin site's ``/_api/$batch``.

As documented in "Make batch requests with the REST APIs"
(learn.microsoft.com/sharepoint/dev/sp-add-ins/make-batch-requests-with-the-rest-apis): the
body is OData v3 ``multipart/mixed``; each part is one ``application/http`` operation, or a
changeset (itself ``multipart/mixed``) of write operations or function invocations; every
URL must target the site the batch was sent to; operations are not transactional, a failed
one leaves the others done. The answer mirrors the request: one ``application/http`` part per
operation, a ``changesetresponse`` part per changeset, in order. SharePoint takes at most
`limits.SHAREPOINT_BATCH_OPERATIONS_MAX` operations per batch. Each operation goes through the
same dispatcher (routes, permissions, faults, counters) as a direct request, one after another.

A body is refused (400, SharePoint's shape) before it is parsed when it has more part
delimiter lines than that many operations in changesets can need, or more ``multipart``
declarations than changesets (so at most that deep); an operation that is not UTF-8 is
refused too. Parsing a body is then bounded by its size (4 MiB at most, ``app.MAX_BODY``).
"""

from __future__ import annotations

import json
import re
import uuid
from email.message import Message
from email.parser import BytesParser
from http import HTTPStatus
from urllib.parse import parse_qsl, unquote, urlsplit

from local_tenant.protocol import Request, Response, normalise_path
from local_tenant.router import Call
from local_tenant.sharepoint_admin.exceptions import InvalidBatch
from local_tenant.tenant import Tenant
from tenantctl.m365 import limits

MAX_DELIMITERS = 3 * limits.SHAREPOINT_BATCH_OPERATIONS_MAX + 1
"""Part delimiter lines the most operations can need: one each, and per changeset (one per
operation at most) its own delimiter line in the batch and its closing one."""
CRLF = "\r\n"
_DELIMITER = re.compile(rb"^--", re.MULTILINE)
_MULTIPART = re.compile(rb"multipart/", re.IGNORECASE)


def _parts(content_type: str, body: bytes) -> list[Message]:
    """The top-level parts of a multipart body, or the documented 400."""
    if not content_type.lower().startswith("multipart/mixed") or "boundary=" not in content_type:
        raise InvalidBatch("The batch request must be multipart/mixed with a boundary.")
    if len(_DELIMITER.findall(body)) > MAX_DELIMITERS:
        raise InvalidBatch(
            f"A batch can hold at most {limits.SHAREPOINT_BATCH_OPERATIONS_MAX} operations."
        )
    if len(_MULTIPART.findall(body)) > limits.SHAREPOINT_BATCH_OPERATIONS_MAX:
        raise InvalidBatch("A batch part may hold a changeset, and a changeset only operations.")
    head = f"Content-Type: {content_type}\r\n\r\n".encode()
    message = BytesParser().parsebytes(head + body)
    parts = _subparts(message)
    if not parts:
        raise InvalidBatch("The batch request has no parts.")
    return parts


def _subparts(message: Message) -> list[Message]:
    payload = message.get_payload()
    if not message.is_multipart() or not isinstance(payload, list):
        return []
    return [part for part in payload if isinstance(part, Message)]


def _operation(outer: Request, part: Message) -> Request:
    """One ``application/http`` part as a request to this site."""
    if part.get_content_type() != "application/http":
        raise InvalidBatch("A batch part must be application/http or a changeset.")
    payload = part.get_payload(decode=True)
    try:
        text = payload.decode("utf-8") if isinstance(payload, bytes) else str(payload)
    except UnicodeDecodeError:
        raise InvalidBatch("A batch operation must be UTF-8 text.") from None
    head, _, body = text.replace(CRLF, "\n").partition("\n\n")
    request_line, *header_lines = head.strip("\n").split("\n")
    method, _, rest = request_line.partition(" ")
    url = rest.rsplit(" HTTP/", 1)[0].strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        raise InvalidBatch(f"Invalid URL '{url}' in the batch.") from None
    if parts.netloc and f"{parts.scheme}://{parts.netloc}" != outer.base_url:
        raise InvalidBatch("The URLs of a batch must target the site the batch was sent to.")
    path = normalise_path(unquote(parts.path))
    if not path.lower().startswith("/_api/") or path.lower().startswith("/_api/$batch"):
        raise InvalidBatch(f"Invalid URL '{url}' in the batch.")
    headers = {
        name.strip().lower(): value.strip()
        for name, _, value in (line.partition(":") for line in header_lines)
        if name.strip()
    }
    headers.setdefault("authorization", outer.header("authorization"))
    return Request(
        method=method.upper(),
        path=path,
        query=dict(parse_qsl(parts.query, keep_blank_values=True)),
        headers=headers,
        body=body.strip("\n").encode(),
        base_url=outer.base_url,
        admin=outer.admin,
    )


def _operations(outer: Request, parts: list[Message]) -> list[list[Request] | Request]:
    """Each top-level part: an operation, or the operations of a changeset."""
    out: list[list[Request] | Request] = []
    for part in parts:
        if part.is_multipart():
            out.append([_operation(outer, sub) for sub in _subparts(part)])
        else:
            out.append(_operation(outer, part))
    count = sum(len(entry) if isinstance(entry, list) else 1 for entry in out)
    if count > limits.SHAREPOINT_BATCH_OPERATIONS_MAX:
        raise InvalidBatch(
            f"A batch can hold at most {limits.SHAREPOINT_BATCH_OPERATIONS_MAX} operations."
        )
    return out


def _http_part(response: Response) -> str:
    """One operation's answer as an ``application/http`` part (without its boundary)."""
    try:
        reason = HTTPStatus(response.status).phrase
    except ValueError:
        reason = ""
    lines = [f"HTTP/1.1 {response.status} {reason}"]
    body = ""
    if response.raw is not None or response.body is not None:
        content_type = response.content_type
        if response.raw is None:
            content_type = "application/json;odata=nometadata;streaming=true;charset=utf-8"
            body = json.dumps(response.body)
        else:
            body = response.raw.decode("utf-8", "replace")
        lines.append(f"CONTENT-TYPE: {content_type}")
    head = "Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n"
    return head + CRLF.join(lines) + CRLF + CRLF + body + CRLF


def _multipart(boundary: str, parts: list[str]) -> str:
    return "".join(f"--{boundary}{CRLF}{part}" for part in parts) + f"--{boundary}--{CRLF}"


async def _answer(call: Call[Tenant], operation: Request) -> Response:
    """The operation's response; a connection the fault layer drops becomes a 503."""
    response = await call.dispatcher.handle(operation)
    if response.drop:
        return Response(503, {"odata.error": {"code": "-1, ServiceUnavailable"}})
    return response


async def run_batch(call: Call[Tenant]) -> Response:
    """Run the operations in order and answer them as one multipart body."""
    request = call.request
    entries = _operations(request, _parts(request.header("content-type"), request.body))
    parts: list[str] = []
    for entry in entries:
        if isinstance(entry, list):
            boundary = f"changesetresponse_{uuid.uuid4()}"
            answers = [_http_part(await _answer(call, sub)) for sub in entry]
            header = f"Content-Type: multipart/mixed; boundary={boundary}{CRLF}{CRLF}"
            parts.append(header + _multipart(boundary, answers))
        else:
            parts.append(_http_part(await _answer(call, entry)))
    boundary = f"batchresponse_{uuid.uuid4()}"
    return Response(
        200,
        raw=_multipart(boundary, parts).encode(),
        content_type=f"multipart/mixed; boundary={boundary}",
    )
