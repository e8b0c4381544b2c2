"""A Graph client for bulk reads: the providers' own reads, run many at once, cost few requests.

Drift runs every declared resource's spec `read` concurrently against this client. Each GET
is planned by the read it calls, as the specs declare it (`read_calls`, the shared ones in
`tenantctl.m365.reads`), not by the shape of its URL; a GET no spec declares raises
`UndeclaredRead`. Only `exchange` is overridden: the client's request path judges every answer.
- GETs the groups' delta round can answer (groups, their licences, static members) cost
  nothing; while it runs (`load_snapshot`), they wait and other reads go on;
- a GET of one team member is answered from the team's group, whose members and owners are
  the team's (learn.microsoft.com/graph/api/team-list-members; the member's user as the
  stack's state recorded it for that membership, `memberships`), so that it draws on the
  directory's budget rather than Teams' 30 reads a second;
- GETs of one user (by id or user principal name) and of one group's owners are gathered
  into listings of up to 15 by `$filter=... in (...)` (`filtered`), each one item of a batch:
  the users the stack names, not every user of the tenant; owners by
  `$expand=owners($select=id)`, and a group with 20 owners or more (what `$expand` returns at
  most) by its own owners list;
- a GET of one channel is answered from its team's channel list (one GET per team, not per
  channel: with application permissions the list holds every channel of the team, private and
  shared ones included; learn.microsoft.com/graph/api/channel-list);
- a GET of a team with `$select` shares the whole team's GET in flight (a team and its
  settings are two resources over one object), the selection made here;
- other GETs go out together as JSON batches (`POST /$batch`) of up to 20 that carry at most
  half of any throttling budget (`batch.split`): a batch leaves when it can take no more, or
  a few milliseconds after its first GET when no other batch is in flight;
  identical GETs in flight go once (answers are not kept);
- reads of a site's properties from the SharePoint admin API (GetSitePropertiesByUrl), which
  Graph cannot batch, go out together as SharePoint REST batches of up to 100, gathered the
  same way, each operation paced at SharePoint's budget for the tenant's licences
  (`sharepoint_batch`);
- everything else (writes) goes out as it is.
Throttled items are retried by the client's one retry policy; past its budget the read
fails with `RetryBudgetExhausted`, which ends drift with an error.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from tenantctl.drift import snapshot as directory
from tenantctl.drift.filtered import InFilter, Listing, settle
from tenantctl.drift.snapshot import DirectorySnapshot
from tenantctl.graph import BatchItem, BatchResult, GraphClient, sharepoint_batch
from tenantctl.graph.client import Answer
from tenantctl.graph.sharepoint_batch import SharePointAnswer, SharePointCall
from tenantctl.m365 import limits, reads
from tenantctl.m365.reads import Read, declared
from tenantctl.resources.context import is_guid
from tenantctl.resources.registry import SPECS
from tenantctl.resources.specs.site_sharing import properties_call

Queued = tuple[BatchItem, "asyncio.Future[BatchResult]"]
"""A GET waiting for its batch, and where its answer goes."""
Plan = Callable[[tuple[str, ...], Mapping[str, str]], Awaitable[BatchResult | None]]
"""How a declared read is answered without a GET of its own: given the ids in its path and
its query, an answer, or None to send the GET (in a batch)."""
OK, NOT_FOUND = 200, 404
USER_SELECT = f"$select={','.join(directory.USER_FIELDS)}"
OWNERS_EXPAND = "$select=id&$expand=owners($select=id)"
GATHER_S = 0.02
"""How long the first queued GET waits for others to join its batch."""
SELECT = "$select"


class UndeclaredRead(RuntimeError):
    """A GET that no resource kind declares among its `read_calls` (nor drift among its own):
    a kind's read was changed without its declaration, so `tenantctl permissions` would miss
    its permission and drift could not plan it."""

    def __init__(self, url: str) -> None:
        super().__init__(
            f"drift read {url}, which no resource kind declares: add it to its spec's read_calls"
        )


def declared_reads() -> tuple[Read, ...]:
    """Every read drift may make: the resource kinds' and its delta rounds'."""
    return (*(read for spec in SPECS.values() for read in spec.read_calls), *directory.READS)


class BulkReadClient(GraphClient):
    """`GraphClient` whose GETs are answered from a snapshot or coalesced into batches, each
    planned by the declared read it is a call of (`tenantctl.m365.reads`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.snapshot = DirectorySnapshot()
        self.memberships: Mapping[str, str] = {}
        """A team membership's id and its user's id, as the stack's state recorded them."""
        self.sent = 0
        self._answers: dict[str, asyncio.Future[BatchResult]] = {}
        self._queue: list[Queued] = []
        self._flush: asyncio.Task[None] | None = None
        self._item_ids = itertools.count(1)
        self._graph_batches: set[asyncio.Task[None]] = set()
        self._site_reads: list[tuple[SharePointCall, asyncio.Future[SharePointAnswer]]] = []
        self._site_flush: asyncio.Task[None] | None = None
        self._site_batches: set[asyncio.Task[None]] = set()
        self._loading: asyncio.Task[None] | None = None
        self._prefetched: list[asyncio.Future[BatchResult]] = []
        # a user listed by id is known by name too, and the other way round
        self._users_by_id: InFilter = InFilter(
            Listing("users", "id", USER_SELECT),
            self._coalesced,
            self._gather,
            lambda u: by_name.learn(u),
        )
        by_name = self._users_by_name = InFilter(
            Listing("users", "userPrincipalName", USER_SELECT),
            self._coalesced,
            self._gather,
            self._users_by_id.learn,
        )
        self._owners = InFilter(
            Listing("groups", "id", OWNERS_EXPAND), self._coalesced, self._gather
        )
        self._listings = (self._users_by_id, self._users_by_name, self._owners)
        self._gathered: dict[Read, Plan] = {
            reads.GROUP: self._snapshot_group,
            reads.GROUP_MEMBERS: self._snapshot_members,
            reads.GROUP_OWNERS: self._listed_owners,
            reads.USER: self._listed_user,
        }
        self._plans: dict[Read, Plan] = {
            **self._gathered,
            reads.CHANNEL: self._from_channel_list,
            reads.TEAM_MEMBER: self._member_from_group,
            reads.TEAM: self._from_whole_team,
        }
        self._declared = (*self._plans, *declared_reads())

    def load_snapshot(self) -> asyncio.Task[None]:
        """Run the snapshot's delta rounds in the background; until they end, a GET the
        snapshot could answer waits for them (other reads go on meanwhile)."""
        self._loading = asyncio.create_task(self.snapshot.load(self))
        return self._loading

    async def _loaded(self) -> None:
        loading = self._loading
        if loading is not None and not loading.done():
            await asyncio.shield(loading)

    async def _snapshot_group(self, ids: tuple[str, ...], query: Mapping[str, str]) -> Any:
        if set(query) - {SELECT} or not _selected(query) <= set(directory.GROUP_FIELDS):
            return None
        await self._loaded()
        return self.snapshot.group(ids[0])

    async def _snapshot_members(self, ids: tuple[str, ...], query: Mapping[str, str]) -> Any:
        if set(query) - {SELECT}:
            return None
        await self._loaded()
        return self.snapshot.group_members(ids[0])

    def prefetch_users(self, keys: Iterable[str]) -> None:
        """List the users `keys` name (ids or user principal names) now, while other reads
        go on: the reads that ask for them later find them listed. Every key is known, so
        the last listings go part-filled at once rather than wait for batches to answer."""
        keys = list(keys)
        self._prefetched = [
            *self._users_by_id.prefetch(key for key in keys if is_guid(key)),
            *self._users_by_name.prefetch(key for key in keys if not is_guid(key)),
        ]
        self._users_by_id.flush()
        self._users_by_name.flush()

    async def users_listed(self) -> None:
        """Wait until the prefetched users are listed (a listing's error is the reads')."""
        await asyncio.gather(*map(asyncio.shield, self._prefetched), return_exceptions=True)

    async def _listed_user(self, ids: tuple[str, ...], query: Mapping[str, str]) -> Any:
        """One user by id or user principal name, from a listing of up to 15."""
        if set(query) - {SELECT} or not _selected(query) <= set(directory.USER_FIELDS):
            return None
        key = ids[0]
        return await (self._users_by_id if is_guid(key) else self._users_by_name).get(key)

    async def _listed_owners(self, ids: tuple[str, ...], query: Mapping[str, str]) -> Any:
        """A group's owners' ids, from a listing of up to 15 groups with their owners
        expanded; None (its own list) when `$expand` may have left some out."""
        if dict(query) != {SELECT: "id"}:
            return None
        group = await self._owners.get(ids[0])
        if group.status != OK:
            return group
        owners = group.body.get("owners") or []
        if len(owners) >= limits.EXPAND_ITEMS_MAX:
            return None
        return BatchResult("", OK, {}, {"value": [{"id": o["id"]} for o in owners]})

    async def _member_from_group(
        self, ids: tuple[str, ...], query: Mapping[str, str]
    ) -> BatchResult | None:
        """A team member, from its group's members and owners; None (its own GET) when the
        state recorded no user for it or the group's members or owners are not all known."""
        team, membership = ids
        user = self.memberships.get(membership)
        if query or user is None:
            return None
        await self._loaded()
        members = self.snapshot.group_members(team)
        owners = await self._listed_owners((team,), {SELECT: "id"})
        if members is None or owners is None or {members.status, owners.status} != {OK}:
            return None
        in_group = {str(m["id"]) for m in (*members.body["value"], *owners.body["value"])}
        if user not in in_group:
            error = {"error": {"code": "NotFound", "message": "not a member of the team"}}
            return BatchResult("", NOT_FOUND, {}, error)
        is_owner = any(o["id"] == user for o in owners.body["value"])
        member = {"id": membership, "userId": user, "roles": ["owner"] if is_owner else []}
        return BatchResult("", OK, {}, member)

    async def exchange(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        **options: Any,
    ) -> Answer:
        """Site reads go in SharePoint batches and GETs as their declared read plans; the
        rest (writes, delta rounds) goes out as it is. `request` judges every answer."""
        if method == "POST" and not params and self._is_site_read(path, body):
            site = await self._site_read(SharePointCall(path, dict(body)))
            return Answer(path, site.status, {}, site.body)
        url = self._relative(path, params)
        if method != "GET" or url is None or "/delta" in url or headers:
            self.sent += 1
            return await super().exchange(
                method, path, body, params=params, headers=headers, **options
            )
        result = await self._read(url)
        return Answer(url, result.status, result.headers, result.body)

    async def batch(self, items: Iterable[BatchItem]) -> dict[str, BatchResult]:
        """GETs answered without one of their own (the groups' delta round, listings) are not
        sent as they are; they are planned together, so that their listings fill."""
        items = list(items)
        known = await asyncio.gather(
            *(
                self._planned(item.url, self._gathered) if item.method == "GET" else _none()
                for item in items
            )
        )
        results: dict[str, BatchResult] = {}
        rest = []
        for item, answer in zip(items, known, strict=True):
            if answer is None:
                rest.append(item)
            else:
                results[item.id] = BatchResult(item.id, answer.status, answer.headers, answer.body)
        if rest:
            results.update(await super().batch(rest))
        return results

    async def _read(self, url: str) -> BatchResult:
        """A GET of `url`, as the declared read it calls plans it, else in a batch."""
        return await self._planned(url, self._plans) or await self._coalesced(url)

    async def _planned(self, url: str, plans: Mapping[Read, Plan]) -> BatchResult | None:
        """The answer of the plan of the declared read `url` calls, if one answers it."""
        query = dict(parse_qsl(urlsplit(url).query))
        for read, plan in plans.items():
            ids = read.ids_in(url)
            if ids is not None:
                return await plan(ids, query)
        if declared(url, self._declared) is None:
            raise UndeclaredRead(url)
        return None

    def _relative(self, path: str, params: Mapping[str, str] | None) -> str | None:
        """`path?params` relative to the Graph version root; None for another host."""
        base = self.settings.base_url + "/"
        if "://" in path:
            if not path.startswith(base):
                return None
            path = path[len(base) :]
        query = urlencode(dict(params or {}), safe="$,()'=:/ ")
        return f"{path}?{query}" if query else path

    async def _from_channel_list(
        self, ids: tuple[str, ...], query: Mapping[str, str]
    ) -> BatchResult | None:
        """One channel, from its team's channel list (shared by the reads in flight); None
        when the list cannot say (the team is unreadable, or the list is paged)."""
        if query:
            return None
        team, wanted = ids
        listed = await self._coalesced(reads.CHANNELS.url(team))
        if listed.status != OK or not isinstance(listed.body, dict):
            return None
        if "@odata.nextLink" in listed.body:
            return None
        for channel in listed.body.get("value", ()):
            if channel.get("id") == wanted:
                return BatchResult("", OK, {}, channel)
        error = {"error": {"code": "NotFound", "message": "the channel is not in its team's list"}}
        return BatchResult("", NOT_FOUND, {}, error)

    async def _from_whole_team(
        self, ids: tuple[str, ...], query: Mapping[str, str]
    ) -> BatchResult | None:
        """A team with `$select`, selected from the whole team's GET."""
        if set(query) != {SELECT}:
            return None
        whole = await self._coalesced(reads.TEAM.url(ids[0]))
        if whole.status != OK or not isinstance(whole.body, dict):
            return whole
        selected = {"id", *_selected(query)}
        body = {key: value for key, value in whole.body.items() if key in selected}
        return BatchResult("", OK, whole.headers, body)

    def _is_site_read(self, path: str, body: Any) -> bool:
        """A POST of GetSitePropertiesByUrl to the configured SharePoint admin site."""
        admin = self.settings.sharepoint_admin_url
        if not admin or not isinstance(body, dict):
            return False
        return path == properties_call(admin.rstrip("/"), "").url

    async def _site_read(self, call: SharePointCall) -> SharePointAnswer:
        future: asyncio.Future[SharePointAnswer] = asyncio.get_running_loop().create_future()
        self._site_reads.append((call, future))
        if len(self._site_reads) >= limits.SHAREPOINT_BATCH_OPERATIONS_MAX:
            self._send_site_reads()
        elif self._site_flush is None:
            self._site_flush = asyncio.create_task(self._site_reads_after_gathering())
        return await future

    async def _site_reads_after_gathering(self) -> None:
        """As for Graph GETs: a part-filled batch waits for the site batches in flight."""
        await asyncio.sleep(GATHER_S)
        while self._site_batches and self._site_reads:
            await asyncio.wait(set(self._site_batches), return_when=asyncio.FIRST_COMPLETED)
        self._site_flush = None
        self._send_site_reads()

    def _send_site_reads(self) -> None:
        """Send the queued site reads as one SharePoint batch (in the background)."""
        queue, self._site_reads = self._site_reads, []
        if queue:
            task = asyncio.create_task(self._send_site_batch(queue))
            self._site_batches.add(task)
            task.add_done_callback(self._site_batches.discard)

    async def _send_site_batch(
        self, queue: list[tuple[SharePointCall, asyncio.Future[SharePointAnswer]]]
    ) -> None:
        admin = str(self.settings.sharepoint_admin_url).rstrip("/")
        self.sent += 1
        try:
            run = await sharepoint_batch.send(self, admin, [call for call, _ in queue])
        except Exception as error:  # every waiting read fails with the batch's error
            for _, future in queue:
                settle(future, error=error)
            return
        self.sent += run.requests - 1
        for (_, future), answer in zip(queue, run.answers, strict=True):
            settle(future, answer)

    async def _coalesced(self, url: str) -> BatchResult:
        if url not in self._answers:
            future: asyncio.Future[BatchResult] = asyncio.get_running_loop().create_future()
            self._answers[url] = future
            future.add_done_callback(lambda _: self._answers.pop(url, None))
            self._queue.append((BatchItem(str(next(self._item_ids)), "GET", url), future))
            self._dispatch(only_full=True)
            if self._queue:
                self._gather()
        return await asyncio.shield(self._answers[url])

    def _gather(self) -> None:
        """Send what waits (part-filled batches and listings) once gathered."""
        if self._flush is None:
            self._flush = asyncio.create_task(self._send_when_gathered())

    async def _send_when_gathered(self) -> None:
        """Send the part-filled listings and batches after `GATHER_S`, but while other
        batches are in flight (paced, or waiting on Graph), wait for them first: the reads
        their answers release fill these instead of going out as many small ones."""
        await asyncio.sleep(GATHER_S)
        while self._graph_batches and self._waits():
            await asyncio.wait(set(self._graph_batches), return_when=asyncio.FIRST_COMPLETED)
        self._flush = None
        for listing in self._listings:
            listing.flush()
        await asyncio.sleep(0)  # the listings join the queue
        self._dispatch(only_full=False)

    def _waits(self) -> bool:
        return bool(self._queue) or any(listing.waits for listing in self._listings)

    def _dispatch(self, only_full: bool) -> None:
        """Send the queued GETs as the client packs them (in the background): every batch, or
        only the batches that can take no more, leaving the last one to fill."""
        waiting = {item.id: (item, future) for item, future in self._queue}
        batches = self.batches([item for item, _ in self._queue])
        if only_full and batches and len(batches[-1]) < limits.BATCH_REQUESTS_MAX:
            batches.pop()
        for batch in batches:
            queue = [waiting.pop(item.id) for item in batch]
            task = asyncio.create_task(self._send_queued(queue))
            self._graph_batches.add(task)
            task.add_done_callback(self._graph_batches.discard)
        self._queue = list(waiting.values())

    async def _send_queued(self, queue: list[Queued]) -> None:
        try:
            results = await super().batch(item for item, _ in queue)
        except Exception as error:  # every waiting read fails with the batch's error
            for _, future in queue:
                settle(future, error=error)
            return
        for item, future in queue:
            settle(future, results[item.id])


async def _none() -> None:
    """No answer: the item is sent."""


def _selected(query: Mapping[str, str]) -> set[str]:
    """The properties a query's `$select` names (none: every one)."""
    return {name.strip() for name in query.get(SELECT, "").split(",") if name.strip()}
