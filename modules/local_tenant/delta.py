"""Delta queries over the store's change sequence (learn.microsoft.com/graph/delta-query-overview).

Objects always carry their ``id``, whatever ``$select`` says. Each page reads only its own
rows from the store (see :meth:`Store.changes`). The first round returns every
live object page by page and ends with ``@odata.deltaLink``;
a round started from that link returns objects changed since, and removed ones as
``{"id", "@removed": {"reason": "changed"}}`` (soft delete, as for groups and users).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from local_tenant.odata import Query, decode_token, encode_token, link, project
from local_tenant.protocol import Request
from local_tenant.storage import Document, Store

PAGE_SIZE = 100
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
    since, upto, offset = state.get("s"), int(state["u"]), int(state.get("o", 0))
    size = min(query.top or PAGE_SIZE, PAGE_SIZE)
    rows = store.changes(kind, None if since is None else int(since), upto, offset, size + 1)
    values: list[dict[str, Any]] = []
    for row in rows[:size]:
        if row.deleted:
            values.append({"id": row.id, "@removed": {"reason": "changed"}})
        else:
            rendered = render(row.body, None if since is None else int(since))
            values.append({"id": row.id, **project(rendered, query.select)})
    body: dict[str, Any] = {"@odata.context": f"{request.base_url}/$metadata#{context}"}
    if len(rows) > size:
        body["@odata.nextLink"] = link(
            request, path, **{"$skiptoken": encode_token({**state, "o": offset + size})}
        )
    else:
        body["@odata.deltaLink"] = link(request, path, **{"$deltatoken": encode_token({"s": upto})})
    body["value"] = values
    return body
