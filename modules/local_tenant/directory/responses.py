"""Directory handlers: parse the request, call the model, shape the response."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from local_tenant.delta import delta
from local_tenant.directory.exceptions import MailEnabledGroupWrite, ObjectNotFound
from local_tenant.directory.host import DirectoryHost
from local_tenant.directory.invitations import invite
from local_tenant.directory.models import GROUP, USER, is_dynamic, is_exchange_managed
from local_tenant.errors import BadRequest, DirectoryBadRequest
from local_tenant.odata import Paging, Query, Rendered, page, page_by_key
from local_tenant.protocol import Response, entity, no_content, parse_bind
from local_tenant.router import Call
from local_tenant.storage import Document
from tenantctl.m365 import limits

DIRECTORY_PAGING = Paging(default=100)


def _search(call: Call[DirectoryHost], query: Query) -> Callable[[dict[str, Any]], bool] | None:
    """``$search="property:text"`` (its ConsistencyLevel rule is `queries.RULES`')."""
    if not query.search:
        return None
    terms = query.search.strip('"').split(":", 1)
    if len(terms) != 2:
        raise DirectoryBadRequest("Syntax error: invalid $search query.")
    prop, text = terms[0].strip(), terms[1].strip().lower()
    return lambda item: text in str(item.get(prop) or "").lower()


def _matches(call: Call[DirectoryHost], query: Query) -> Callable[[dict[str, Any]], bool] | None:
    """``$search`` and ``$filter`` together, or None when neither is given."""
    search, keep = _search(call, query), query.filter
    if search is None or keep is None:
        return search or keep
    return lambda item: search(item) and keep(item)


# users ---------------------------------------------------------------------------------------


def _listing(
    call: Call[DirectoryHost], collection: str, kind: str, render: Callable[..., dict[str, Any]]
) -> tuple[Query, dict[str, Any]]:
    """Filter/search/order/page over full views, then apply Graph's default property set.

    Without ``$orderby`` and ``$count`` the page is read from the store in insertion order
    after the ``$skiptoken``'s key, decoding only as many documents as the page needs, and
    rendered with only the selected properties unless ``$filter`` or ``$search`` needs them all.
    """
    query = Query.parse(call.request)
    store, path, context = call.tenant.store, f"/{collection}", _ctx(collection, query)
    matches = _matches(call, query)
    if query.orderby or query.count:
        items = [render(d, ("*",)) for d in store.list(kind)]
        if matches is not None:
            items = [i for i in items if matches(i)]
        query = replace(query, filter=None)
        body = page(call.request, path, items, query, DIRECTORY_PAGING, context)
    else:
        view = ("*",) if matches is not None else query.select

        def scan(after: int) -> Iterator[tuple[int, dict[str, Any]]]:
            rows = store.scan(kind, after, query.filter_equals)
            return ((key, render(row.body, view)) for key, row in rows)

        def skip_to(offset: int) -> int:
            return store.key_at(kind, offset)

        body = page_by_key(
            call.request, path, scan, skip_to, query, DIRECTORY_PAGING, context, matches
        )
    if not query.select:
        body["value"] = [render(i) for i in body["value"]]
    return query, body


def me(call: Call[DirectoryHost]) -> Response:
    """App-only tokens have no signed-in user (learn.microsoft.com/graph/api/user-get)."""
    raise BadRequest("/me request is only valid with delegated authentication flow.")


def list_users(call: Call[DirectoryHost]) -> Response:
    directory = call.tenant.directory
    return Response(200, _listing(call, "users", USER, directory.render_user)[1])


def count(call: Call[DirectoryHost]) -> Response:
    """``/users/$count`` (its ConsistencyLevel rule is `queries.RULES`')."""
    kind = USER if call.route.name.endswith("users") else GROUP
    return Response(200, raw=str(call.tenant.store.count(kind)).encode(), content_type="text/plain")


def get_user(call: Call[DirectoryHost]) -> Response:
    query = Query.parse(call.request)
    directory = call.tenant.directory
    body = directory.render_user(directory.user(call.param("id")), query.select)
    return entity(call.request, _ctx("users", query), body)


def update_user(call: Call[DirectoryHost]) -> Response:
    call.tenant.directory.update_user(call.param("id"), call.request.json())
    return no_content()


def delete_user(call: Call[DirectoryHost]) -> Response:
    call.tenant.directory.delete_user(call.param("id"))
    return no_content()


def user_member_of(call: Call[DirectoryHost]) -> Response:
    query = Query.parse(call.request)
    directory = call.tenant.directory
    user = directory.user(call.param("id"))
    items = [directory.render_object(g["id"]) for g in directory.groups_of(user["id"])]
    return Response(
        200,
        page(
            call.request,
            f"/users/{user['id']}/memberOf",
            items,
            query,
            DIRECTORY_PAGING,
            "directoryObjects",
        ),
    )


def user_assign_license(call: Call[DirectoryHost]) -> Response:
    user = call.tenant.licensing.assign_user(call.param("id"), call.request.json())
    return entity(call.request, "users", call.tenant.directory.render_user(user))


def users_delta(call: Call[DirectoryHost]) -> Response:
    directory = call.tenant.directory
    body = delta(
        call.request,
        call.tenant.store,
        USER,
        "/users/delta",
        "users",
        lambda doc, _since: directory.render_user(doc),
    )
    return Response(200, body)


# groups --------------------------------------------------------------------------------------


def _ctx(collection: str, query: Query) -> str:
    return f"{collection}({','.join(query.select)})" if query.select else collection


def _expand(
    call: Call[DirectoryHost], query: Query, body: dict[str, Any], group_id: str
) -> dict[str, Any]:
    directory = call.tenant.directory
    for nav in query.expand:
        name = nav.split("(", 1)[0]
        if name not in ("members", "owners"):
            raise DirectoryBadRequest(
                f"Could not find a property named '{name}' on type 'microsoft.graph.group'."
            )
        ids = directory.member_ids(group_id) if name == "members" else directory.owner_ids(group_id)
        body[name] = [directory.render_object(i) for i in ids[: limits.EXPAND_ITEMS_MAX]]
    return body


def list_groups(call: Call[DirectoryHost]) -> Response:
    directory = call.tenant.directory
    query, body = _listing(call, "groups", GROUP, directory.render_group)
    body["value"] = [_expand(call, query, g, g["id"]) if "id" in g else g for g in body["value"]]
    return Response(200, body)


def create_group(call: Call[DirectoryHost]) -> Response:
    group = call.tenant.directory.create_group(call.request.json())
    return entity(call.request, "groups", call.tenant.directory.render_group(group), status=201)


def get_group(call: Call[DirectoryHost]) -> Response:
    query = Query.parse(call.request)
    directory = call.tenant.directory
    group = directory.group(call.param("id"))
    body = _expand(call, query, directory.render_group(group, query.select), group["id"])
    return entity(call.request, _ctx("groups", query), body)


def update_group(call: Call[DirectoryHost]) -> Response:
    call.tenant.directory.update_group(call.param("id"), call.request.json())
    return no_content()


def delete_group(call: Call[DirectoryHost]) -> Response:
    call.tenant.directory.delete_group(call.param("id"))
    return no_content()


def _links(call: Call[DirectoryHost], prop: str) -> Response:
    query = Query.parse(call.request)
    directory = call.tenant.directory
    group_id = call.param("id")
    ids = directory.member_ids(group_id) if prop == "members" else directory.owner_ids(group_id)
    select = query.select
    items = Rendered(ids, lambda i: directory.render_object(i, select))
    query = Query(filter=query.filter, top=query.top, skiptoken=query.skiptoken, count=query.count)
    body = page(
        call.request,
        f"/groups/{group_id}/{prop}",
        items,
        query,
        DIRECTORY_PAGING,
        "directoryObjects",
    )
    return Response(200, body)


def list_members(call: Call[DirectoryHost]) -> Response:
    return _links(call, "members")


def list_owners(call: Call[DirectoryHost]) -> Response:
    return _links(call, "owners")


def _ref_target(call: Call[DirectoryHost]) -> str:
    body = call.request.json()
    if set(body) != {"@odata.id"}:
        raise DirectoryBadRequest("The request body must contain exactly one '@odata.id' property.")
    ref = body["@odata.id"]
    for collection in ("directoryObjects", "users", "groups"):
        if isinstance(ref, str) and collection.lower() in ref.lower():
            return parse_bind(ref, collection)
    raise DirectoryBadRequest(f"Invalid object identifier '{ref}'.")


def _graph_managed(call: Call[DirectoryHost]) -> str:
    """The group's id, or Graph's 400 for a group Exchange Online manages."""
    if is_exchange_managed(call.tenant.directory.group(call.param("id"))):
        raise MailEnabledGroupWrite("Update")
    return call.param("id")


def add_member(call: Call[DirectoryHost]) -> Response:
    call.tenant.directory.add_link(_graph_managed(call), "members", _ref_target(call))
    return no_content()


def add_owner(call: Call[DirectoryHost]) -> Response:
    call.tenant.directory.add_link(_graph_managed(call), "owners", _ref_target(call))
    return no_content()


def remove_member(call: Call[DirectoryHost]) -> Response:
    call.tenant.directory.remove_link(_graph_managed(call), "members", call.param("member"))
    return no_content()


def remove_owner(call: Call[DirectoryHost]) -> Response:
    call.tenant.directory.remove_link(_graph_managed(call), "owners", call.param("member"))
    return no_content()


def group_assign_license(call: Call[DirectoryHost]) -> Response:
    group = call.tenant.licensing.assign_group(call.param("id"), call.request.json())
    return entity(call.request, "groups", call.tenant.directory.render_group(group), status=202)


DELTA_LINKS = ("members", "owners")
"""The group relationships a delta round tracks when selected (group-delta: `$select=members`,
and any relationship of type directoryObject collection, ownership too), as
`<relationship>@delta` lists of ids; without `$select`, members only."""


def groups_delta(call: Call[DirectoryHost]) -> Response:
    """A page of a groups delta round; `$select` works as in any GET (group-delta), so it
    reaches properties returned only on `$select` (assignedLicenses)."""
    directory = call.tenant.directory
    select = tuple(Query.parse(call.request).select)
    selected = {s.lower() for s in select}
    tracked = [
        link
        for link in DELTA_LINKS
        if link in selected or (link == "members" and not call.request.query.get("$select"))
    ]

    def linked(doc: Document, link: str, since: int | None) -> list[dict[str, Any]]:
        if since is None:
            ids = (
                directory.member_ids(doc["id"])
                if link == "members"
                else directory.owner_ids(doc["id"])
            )
            kinds = directory.kinds_of(ids)
            missing = next((i for i in ids if i not in kinds), None)
            if missing is not None:
                raise ObjectNotFound.resource(missing)
            return [_member_entry(kinds[i], i, False) for i in ids]
        events = [e for e in directory.link_events(doc["id"], since) if e["prop"] == link]
        kinds = directory.kinds_of([e["id"] for e in events])
        return [
            _member_entry(kinds[e["id"]], e["id"], e["removed"]) for e in events if e["id"] in kinds
        ]

    def render(doc: Document, since: int | None) -> dict[str, Any]:
        body = directory.render_group(doc, select)
        for link in tracked:
            if link == "members" and is_dynamic(doc):
                continue
            body[f"{link}@delta"] = linked(doc, link, since)
        return body

    return Response(
        200, delta(call.request, call.tenant.store, GROUP, "/groups/delta", "groups", render)
    )


def _member_entry(kind: str, id: str, removed: bool) -> dict[str, Any]:
    entry: dict[str, Any] = {"@odata.type": f"#microsoft.graph.{kind}", "id": id}
    if removed:
        entry["@removed"] = {"reason": "deleted"}
    return entry


def list_deleted_groups(call: Call[DirectoryHost]) -> Response:
    query = Query.parse(call.request)
    directory = call.tenant.directory
    items = [
        {"@odata.type": "#microsoft.graph.group", **directory.render_group(g)}
        for g in directory.deleted_groups()
    ]
    return Response(
        200,
        page(
            call.request,
            "/directory/deletedItems/microsoft.graph.group",
            items,
            query,
            DIRECTORY_PAGING,
            "groups",
        ),
    )


def get_deleted(call: Call[DirectoryHost]) -> Response:
    group = call.tenant.directory.deleted_group(call.param("id"))
    body = {"@odata.type": "#microsoft.graph.group", **call.tenant.directory.render_group(group)}
    return entity(call.request, "directory/deletedItems", body)


def purge_deleted(call: Call[DirectoryHost]) -> Response:
    call.tenant.directory.purge_group(call.param("id"))
    return no_content()


def restore_deleted(call: Call[DirectoryHost]) -> Response:
    group = call.tenant.directory.restore_group(call.param("id"))
    return entity(
        call.request,
        "directoryObjects",
        {"@odata.type": "#microsoft.graph.group", **call.tenant.directory.render_group(group)},
    )


# tenant-level --------------------------------------------------------------------------------


def list_skus(call: Call[DirectoryHost]) -> Response:
    query = Query.parse(call.request)
    items = call.tenant.licensing.skus()
    return Response(
        200, page(call.request, "/subscribedSkus", items, query, DIRECTORY_PAGING, "subscribedSkus")
    )


def get_sku(call: Call[DirectoryHost]) -> Response:
    for sku in call.tenant.licensing.skus():
        if sku["id"] == call.param("id"):
            return entity(call.request, "subscribedSkus", sku)
    raise DirectoryBadRequest(f"Invalid subscribedSku id '{call.param('id')}'.")


def _organisation(call: Call[DirectoryHost]) -> dict[str, Any]:
    org = call.tenant.organisation
    initial = org.domain
    return {
        "id": org.tenant_id,
        "displayName": org.display_name,
        "tenantType": "AAD",
        "countryLetterCode": "GB",
        "preferredLanguage": "en",
        "createdDateTime": "2024-01-01T00:00:00Z",
        "verifiedDomains": [
            {
                "capabilities": "Email, OfficeCommunicationsOnline",
                "isDefault": True,
                "isInitial": True,
                "name": initial,
                "type": "Managed",
            },
        ],
        "assignedPlans": [],
        "businessPhones": [],
        "technicalNotificationMails": [],
    }


def list_organisation(call: Call[DirectoryHost]) -> Response:
    return Response(
        200,
        {
            "@odata.context": f"{call.request.base_url}/$metadata#organization",
            "value": [_organisation(call)],
        },
    )


def get_organisation(call: Call[DirectoryHost]) -> Response:
    body = _organisation(call)
    if call.param("id") != body["id"]:
        raise DirectoryBadRequest(f"Invalid object identifier '{call.param('id')}'.")
    return entity(call.request, "organization", body)


def create_invitation(call: Call[DirectoryHost]) -> Response:
    return entity(call.request, "invitations", invite(call.tenant, call.request.json()), status=201)
