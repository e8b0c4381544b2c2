"""Delta queries over the store's change sequence (learn.microsoft.com/graph/delta-query-overview).

Objects always carry their ``id``, whatever ``$select`` says. The first round returns every
live object page by page and ends with ``@odata.deltaLink``; a round started from that link
returns objects changed since, and removed ones as ``{"id", "@removed": {"reason": "changed"}}``
(soft delete, as for groups and users). Each page reads only its own rows from the store (see
:meth:`Store.changes`); its ``$skiptoken`` holds the key of the last object sent, so objects
written during a round move no other object across a page boundary.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from local_tenant.errors import BadRequest
from local_tenant.odata import Query, decode_token, encode_token, link, project
from local_tenant.protocol import Request
from local_tenant.storage import Document, Store
from tenantctl.m365 import limits

PAGE_SIZE = limits.DELTA_PAGE_SIZE
Render = Callable[[Document, int | None], dict[str, Any]]


def delta(
    request: Request,
    store: Store,
    kind: str,
    path: str,
    context: str,
    render: Render,
) -> dict[str, Any]:
    """One page of a delta round for ``kind``.

    ``render(doc, since)`` renders a live object; ``since`` is None in the first round.
    """
    query = Query.parse(request)
    if query.skiptoken:
        state = decode_token(query.skiptoken)
    elif request.query.get("$deltatoken"):
        since = decode_token(request.query["$deltatoken"], "$deltatoken").get("s")
        state = {"s": since, "u": store.current_seq(), "o": 0}
    else:
        state = {"s": None, "u": store.current_seq(), "o": 0}
    since, upto, offset = state.get("s"), state.get("u", -1), state.get("o", 0)
    if not (since is None or _count(since)) or not _count(upto) or not _count(offset):
        raise BadRequest("Invalid $skiptoken value.")
    after = _key(state, since)
    size = min(query.top or PAGE_SIZE, PAGE_SIZE)
    rows = store.changes(kind, since, upto, after, offset, size + 1)
    values: list[dict[str, Any]] = []
    for _, row in rows[:size]:
        if row.deleted:
            values.append({"id": row.id, "@removed": {"reason": "changed"}})
        else:
            rendered = render(row.body, since)
            values.append({"id": row.id, **project(rendered, query.select)})
    body: dict[str, Any] = {"@odata.context": f"{request.base_url}/$metadata#{context}"}
    if len(rows) > size:
        body["@odata.nextLink"] = link(
            request,
            path,
            **{"$skiptoken": encode_token({**state, "o": offset + size, "k": rows[size - 1][0]})},
        )
    else:
        body["@odata.deltaLink"] = link(request, path, **{"$deltatoken": encode_token({"s": upto})})
    body["value"] = values
    return body


def _count(value: Any) -> bool:
    """Whether a token's value is a whole number of at least 0 (not a bool)."""
    return type(value) is int and value >= 0


def _key(state: dict[str, Any], since: Any) -> list[int] | None:
    """The round-order key of the last object sent, from a ``$skiptoken``; None in a token
    that carries only an offset (as written before pages carried a key)."""
    key = state.get("k")
    if key is None:
        return None
    width = 2 if since is None else 1
    if not isinstance(key, list) or len(key) != width or not all(type(k) is int for k in key):
        raise BadRequest("Invalid $skiptoken value.")
    return key
