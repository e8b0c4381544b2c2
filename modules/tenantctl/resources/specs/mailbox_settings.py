"""MailboxSettings: the mailbox defaults of every user of a scope (an organisation's or a
directorate's agents), as one resource, however many users the scope holds.

Graph: PATCH and GET /users/{id}/mailboxSettings (learn.microsoft.com/graph/api/
user-update-mailboxsettings, user-get-mailboxsettings; the properties:
/graph/api/resources/mailboxsettings, /graph/api/resources/workinghours), sent in JSON
batches of 20 (/graph/json-batching) under Outlook's throttling budget per mailbox; the
scope's users are the members of its directorates' agents groups (GET /groups/{id}/members,
group-list-members), less those of the groups in `excluded_groups` (directorates with
settings of their own).

A user without a mailbox yet (Graph's 404 `MailboxNotEnabledForRESTAPI`: not licensed for
Exchange, or licensed too recently for Exchange to have made it) is no failure: the resource
lists them in `pending`. Every read (`pulumi refresh`, `tenantctl drift`) reads each user's
settings again: a pending user whose mailbox has come, or a user changed by hand, counts in
`differing`, which the next `up` sets back to nothing by writing the scope's settings again.
pulumi-azuread has no mailbox settings resource: both group providers use this one. Delete
leaves the users' settings as they are.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from typing import Any

import pulumi

from tenantctl.graph import BatchItem, BatchResult, GraphError
from tenantctl.m365 import reads
from tenantctl.m365.mailbox import CULTURES, DAYS, known_zone, zone_id
from tenantctl.resources.context import Context
from tenantctl.resources.kind import Failure, KindSpec, Props, StrInput, is_known, kind_args, prop
from tenantctl.resources.resource import GraphResource
from tenantctl.resources.specs.common import text

SETTINGS = reads.Read("users/{id}/mailboxSettings", "MailboxSettings.Read")
"""A user's mailbox settings (user-get-mailboxsettings)."""
NO_MAILBOX = "MailboxNotEnabledForRESTAPI"
SHOWN = 3
"""Users named in `differing`; the rest are counted."""
Ids = pulumi.Input[Sequence[pulumi.Input[str]]]


def _zone(value: Any) -> str | None:
    return None if value is None else zone_id(text(value))


def _clock(value: Any) -> str | None:
    """HH:MM of a time of day, as given ("08:30") or as Graph reads it ("08:30:00.0000000")."""
    return None if value is None else text(value)[:5]


def _days(value: Any) -> list[str] | None:
    return None if value is None else sorted({text(day).lower() for day in value})


def _optional(value: Any) -> str | None:
    return None if value is None else text(value)


def _ids(value: Any) -> list[str]:
    return sorted({text(item).lower() for item in value or ()})


@kind_args
class MailboxSettingsArgs:
    """The mailbox settings of every user of a scope; a setting left as None is not managed.

    `groups`: the groups whose user members are the scope; `excluded_groups`: groups whose
    members are left out. `differing` is what a read finds (users whose settings are not the
    declared ones); an update writes every user again, and sets it back to "".
    """

    scope: StrInput = prop(diffed=False, normalise=text)
    groups: Ids = prop(normalise=_ids)
    excluded_groups: Ids = prop(default=(), normalise=_ids)
    language: StrInput | None = prop(default=None, normalise=_optional)
    time_zone: StrInput | None = prop(default=None, normalise=_zone)
    date_format: StrInput | None = prop(default=None, normalise=_optional)
    time_format: StrInput | None = prop(default=None, normalise=_optional)
    working_days: Ids | None = prop(default=None, normalise=_days)
    working_start: StrInput | None = prop(default=None, normalise=_clock)
    working_end: StrInput | None = prop(default=None, normalise=_clock)
    working_time_zone: StrInput | None = prop(default=None, normalise=_zone)
    differing: StrInput = prop(default="", normalise=text)


MANAGED = (
    "language",
    "time_zone",
    "date_format",
    "time_format",
    "working_days",
    "working_start",
    "working_end",
    "working_time_zone",
)
"""The settings properties, each compared user by user."""


def body(props: Props) -> dict[str, Any]:
    """The PATCH body of the managed settings."""
    out: dict[str, Any] = {}
    if props.get("language") is not None:
        out["language"] = {"locale": text(props["language"])}
    for name, graph in (
        ("time_zone", "timeZone"),
        ("date_format", "dateFormat"),
        ("time_format", "timeFormat"),
    ):
        if props.get(name) is not None:
            out[graph] = text(props[name])
    hours: dict[str, Any] = {}
    if props.get("working_days") is not None:
        hours["daysOfWeek"] = [text(day).lower() for day in props["working_days"]]
    for name, graph in (("working_start", "startTime"), ("working_end", "endTime")):
        if props.get(name) is not None:
            hours[graph] = f"{_clock(props[name])}:00.0000000"
    if props.get("working_time_zone") is not None:
        hours["timeZone"] = {"name": text(props["working_time_zone"])}
    if hours:
        out["workingHours"] = hours
    return out


def live(settings: dict[str, Any]) -> Props:
    """A user's mailboxSettings in the kind's terms."""
    hours = settings.get("workingHours") or {}
    return {
        "language": (settings.get("language") or {}).get("locale"),
        "time_zone": settings.get("timeZone"),
        "date_format": settings.get("dateFormat"),
        "time_format": settings.get("timeFormat"),
        "working_days": hours.get("daysOfWeek"),
        "working_start": hours.get("startTime"),
        "working_end": hours.get("endTime"),
        "working_time_zone": (hours.get("timeZone") or {}).get("name"),
    }


def differences(declared: Props, settings: dict[str, Any]) -> list[str]:
    """The managed settings a user's mailbox does not have as declared."""
    have = live(settings)
    return [
        name
        for name in MANAGED
        if declared.get(name) is not None
        and (p := SPEC.prop(name)) is not None
        and p.normalise(declared[name]) != p.normalise(have[name])
    ]


def summary(found: dict[str, list[str]], total: int) -> str:
    """`differing`: how many users differ, and the first few with what differs."""
    if not found:
        return ""
    shown = ", ".join(f"{upn} ({', '.join(found[upn])})" for upn in sorted(found)[:SHOWN])
    more = " …" if len(found) > SHOWN else ""
    return f"{len(found):,} of {total:,} users differ: {shown}{more}"


def _check(props: Props) -> Iterable[Failure]:
    """What Exchange would refuse (user-update-mailboxsettings), before any request."""
    language = props.get("language")
    if language is not None and is_known(language) and text(language) not in CULTURES:
        yield "language", f"is {language!r}; Exchange offers {', '.join(CULTURES)}"
    for name in ("time_zone", "working_time_zone"):
        value = props.get(name)
        if value is not None and is_known(value) and not known_zone(text(value)):
            yield name, f"is {value!r}, not a Windows or IANA time zone Exchange knows"
    days = props.get("working_days")
    if days is not None and is_known(days):
        unknown = sorted({text(day).lower() for day in days} - set(DAYS))
        if unknown:
            yield "working_days", f"names {', '.join(unknown)}; days are {', '.join(DAYS)}"
    start, end = props.get("working_start"), props.get("working_end")
    if start and end and is_known([start, end]) and text(end)[:5] <= text(start)[:5]:
        yield "working_end", f"is {end}, not after working_start {start}"


async def scope_users(ctx: Context, props: Props) -> dict[str, str]:
    """The scope's users: object id → user principal name (lower case)."""

    async def members(group: str) -> list[dict[str, Any]]:
        try:
            return await ctx.client.list_all(
                reads.GROUP_MEMBERS.url(group), params={"$select": "id,userPrincipalName"}
            )
        except GraphError as error:
            if error.status == 404:
                return []
            raise

    included = await asyncio.gather(*(members(g) for g in _ids(props.get("groups"))))
    excluded = await asyncio.gather(*(members(g) for g in _ids(props.get("excluded_groups"))))
    left_out = {str(item["id"]) for found in excluded for item in found}
    named = {
        str(item["id"]): text(item.get("userPrincipalName")).lower()
        for found in included
        for item in found
        if str(item["id"]) not in left_out
    }
    unnamed = [uid for uid, upn in named.items() if not upn]
    if unnamed:  # a bulk reader's members hold ids alone; the users' reads name them
        named.update(await ctx.user_names(unnamed))
    return {uid: upn for uid, upn in named.items() if upn != uid.lower() and upn != uid}


def _no_mailbox(result: BatchResult) -> bool:
    error = result.body.get("error") if isinstance(result.body, dict) else None
    return result.status == 404 and isinstance(error, dict) and error.get("code") == NO_MAILBOX


async def each_mailbox(
    ctx: Context, users: dict[str, str], method: str, payload: dict[str, Any] | None
) -> tuple[dict[str, Any], list[str]]:
    """One request per user's mailbox, in batches: the answers by UPN, and the users without
    a mailbox (pending). A user deleted meanwhile is skipped; any other refusal is Graph's."""
    ids = sorted(users, key=users.__getitem__)
    items = [
        BatchItem(str(n), method, f"/{SETTINGS.url(uid)}", payload) for n, uid in enumerate(ids)
    ]
    results = await ctx.client.batch(items) if items else {}
    answers: dict[str, Any] = {}
    pending: list[str] = []
    for n, uid in enumerate(ids):
        result, upn = results[str(n)], users[uid]
        if _no_mailbox(result):
            pending.append(upn)
        elif result.status < 300:
            answers[upn] = result.body
        elif result.status != 404:
            raise GraphError.from_body(
                method, f"/users/{upn}/mailboxSettings", result.status, result.body
            )
    return answers, pending


class MailboxSettingsOps:
    """PATCH every user of the scope; read every user's settings back."""

    async def find(self, ctx: Context, props: Props) -> str | None:
        return None

    async def create(self, ctx: Context, props: Props) -> tuple[str, Props]:
        return text(props["scope"]), await self.update(ctx, text(props["scope"]), {}, props)

    async def read(self, ctx: Context, id_: str, props: Props) -> Props | None:
        users = await scope_users(ctx, props)
        answers, pending = await each_mailbox(ctx, users, "GET", None)
        found = {upn: differences(props, settings) for upn, settings in answers.items()}
        found = {upn: names for upn, names in found.items() if names}
        return {
            **{name: props.get(name) for name in MANAGED},
            "differing": summary(found, len(answers)),
            "users": len(users),
            "pending": sorted(pending),
        }

    async def update(self, ctx: Context, id_: str, olds: Props, news: Props) -> Props:
        users = await scope_users(ctx, news)
        payload = body(news)
        _, pending = await each_mailbox(ctx, users, "PATCH", payload) if payload else ({}, [])
        return {"differing": "", "users": len(users), "pending": sorted(pending)}

    async def delete(self, ctx: Context, id_: str, props: Props) -> None:
        return None


SPEC = KindSpec(
    kind="MailboxSettings",
    args=MailboxSettingsArgs,
    ops=MailboxSettingsOps(),
    permissions=("MailboxSettings.ReadWrite", "GroupMember.Read.All"),
    read_calls=(reads.GROUP_MEMBERS, SETTINGS),
    endpoints=(
        "GET /groups/{id}/members",
        "PATCH /users/{id}/mailboxSettings",
        "GET /users/{id}/mailboxSettings",
    ),
    deletes="nothing: the users keep their mailbox settings",
    outputs=("users", "pending"),
    validators=(_check,),
    retain_by_default=lambda props: True,
    label=lambda props: f"of {props.get('scope')}",
)


class MailboxSettings(GraphResource[MailboxSettingsArgs], spec=SPEC):
    """The mailbox settings of every user of a scope."""

    users: pulumi.Output[int]
    pending: pulumi.Output[list[str]]
