"""GuestAccessReview: a group's guests reviewed by its owners, on a recurrence.

An access review series (learn.microsoft.com/graph/api/resources/accessreviewscheduledefinition)
whose scope is the group's guest users, through nested groups, and whose reviewers are the
group's owners (the "review of guests in a group" example of accessreviewset-post-definitions).
Each review lasts `duration_days` and recurs every `every_months` months (`absoluteMonthly`,
resources/accessreviewschedulesettings); when it ends, guests nobody reviewed are denied
(`defaultDecision: Deny`) and every decision is applied (`autoApplyDecisionsEnabled`): denied
guests leave the group.
Graph: POST /identityGovernance/accessReviews/definitions (accessreviewset-post-definitions),
GET/PUT/DELETE …/definitions/{id} (accessreviewscheduledefinition-get, -update, -delete),
GET …/definitions/{id}/instances and …/instances/{id}/decisions
(accessreviewscheduledefinition-list-instances, accessreviewinstance-list-decisions).
A PUT replaces the whole definition; the scope and the series' start date cannot change.

`overdue` reads true when the last review that ended had guests to review and no reviewer
decided on any of them: Graph applied the default decision alone. Graph cannot make
reviewers decide, so an update leaves it as it is: it is a drift finding, not a change.
pulumi-azuread has no access review resource: both group providers use this one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

import pulumi

from tenantctl.m365.reads import Read
from tenantctl.resources.context import Context
from tenantctl.resources.kind import (
    BoolInput,
    Failure,
    KindSpec,
    Props,
    StrInput,
    is_known,
    kind_args,
    prop,
)
from tenantctl.resources.resource import GraphResource, IdOutput
from tenantctl.resources.specs.common import flag, text, whole

PATH = "identityGovernance/accessReviews/definitions"
ENDED = frozenset({"completed", "applied", "autoreviewed"})
"""Statuses of an instance that has ended (resources/accessreviewinstance)."""


@kind_args
class GuestAccessReviewArgs:
    """A recurring review of a group's guests by the group's owners; guests nobody reviewed
    are removed when a review ends. Deleting the resource deletes the series and its history.
    """

    group_id: StrInput = prop(replace=True, normalise=text)
    display_name: StrInput = prop("displayName", normalise=text)
    every_months: pulumi.Input[int] = prop(default=3, normalise=whole)
    duration_days: pulumi.Input[int] = prop(default=14, normalise=whole)
    overdue: BoolInput = prop(default=False, normalise=flag)


def scope_query(group_id: str) -> str:
    """The query of a group's guest users, nested groups included."""
    return (
        f"/groups/{group_id}/transitiveMembers/microsoft.graph.user/"
        "?$count=true&$filter=(userType eq 'Guest')"
    )


def _settings(props: Props, start: str) -> dict[str, Any]:
    return {
        "mailNotificationsEnabled": True,
        "reminderNotificationsEnabled": True,
        "justificationRequiredOnApproval": True,
        "defaultDecisionEnabled": True,
        "defaultDecision": "Deny",
        "instanceDurationInDays": whole(props["duration_days"]),
        "autoApplyDecisionsEnabled": True,
        "recommendationsEnabled": False,
        "recurrence": {
            "pattern": {"type": "absoluteMonthly", "interval": whole(props["every_months"])},
            "range": {"type": "noEnd", "startDate": start},
        },
    }


def _body(props: Props, start: str) -> dict[str, Any]:
    group = text(props["group_id"])
    return {
        "displayName": text(props["display_name"]),
        "descriptionForAdmins": "Guests of the group, reviewed by its owners (tenantctl).",
        "descriptionForReviewers": "Keep the guests who still work with you; the others leave.",
        "scope": {
            "@odata.type": "#microsoft.graph.accessReviewQueryScope",
            "query": scope_query(group),
            "queryType": "MicrosoftGraph",
        },
        "reviewers": [{"query": f"/groups/{group}/owners", "queryType": "MicrosoftGraph"}],
        "settings": _settings(props, start),
    }


def _reviews_group(definition: dict[str, Any], group_id: str) -> bool:
    query = text((definition.get("scope") or {}).get("query"))
    return query.lower() == scope_query(group_id).lower()


def _recurrence(definition: dict[str, Any]) -> dict[str, Any]:
    return ((definition.get("settings") or {}).get("recurrence")) or {}


def _decided_by_a_reviewer(decision: dict[str, Any]) -> bool:
    """A reviewer is a user; a default decision has no reviewer's name."""
    return bool(text((decision.get("reviewedBy") or {}).get("userPrincipalName")))


def review_of(definitions: list[dict[str, Any]], group_id: str) -> tuple[int, int] | None:
    """The recurrence (months) and duration (days) of the group's guest review among
    `definitions`, or None."""
    found = next((d for d in definitions if _reviews_group(d, group_id)), None)
    if found is None:
        return None
    months = (_recurrence(found).get("pattern") or {}).get("interval")
    return whole(months), whole((found.get("settings") or {}).get("instanceDurationInDays"))


class GuestAccessReviewOps:
    """The group's guest review series, found by its scope."""

    async def find(self, ctx: Context, props: Props) -> str | None:
        found = await ctx.client.list_all(PATH, consistent=True)
        group = text(props["group_id"])
        return next((str(d["id"]) for d in found if _reviews_group(d, group)), None)

    async def create(self, ctx: Context, props: Props) -> tuple[str, Props]:
        start = dt.datetime.now(dt.UTC).date().isoformat()
        created = await ctx.client.post(PATH, _body(props, start))
        return str(created["id"]), {"review_id": created["id"]}

    async def read(self, ctx: Context, id_: str, props: Props) -> Props | None:
        definition = await ctx.client.find(f"{PATH}/{quote(id_)}")
        if definition is None:
            return None
        settings = definition.get("settings") or {}
        return {
            "group_id": props.get("group_id"),
            "display_name": definition.get("displayName"),
            "every_months": (_recurrence(definition).get("pattern") or {}).get("interval"),
            "duration_days": settings.get("instanceDurationInDays"),
            "overdue": await self._overdue(ctx, id_),
            "review_id": id_,
        }

    async def _overdue(self, ctx: Context, id_: str) -> bool:
        """Whether the last review that ended had guests and no reviewer's decision."""
        instances = await ctx.client.list_all(f"{PATH}/{quote(id_)}/instances")
        ended = [i for i in instances if text(i.get("status")).lower() in ENDED]
        if not ended:
            return False
        last = max(ended, key=lambda i: text(i.get("endDateTime")))
        decisions = await ctx.client.list_all(
            f"{PATH}/{quote(id_)}/instances/{quote(str(last['id']))}/decisions"
        )
        return bool(decisions) and not any(_decided_by_a_reviewer(d) for d in decisions)

    async def update(self, ctx: Context, id_: str, olds: Props, news: Props) -> Props:
        definition = await ctx.client.get(f"{PATH}/{quote(id_)}")
        start = text((_recurrence(definition).get("range") or {}).get("startDate"))
        await ctx.client.request(
            "PUT", f"{PATH}/{quote(id_)}", _body(news, start[:10]), consistent=True
        )
        return {}

    async def delete(self, ctx: Context, id_: str, props: Props) -> None:
        await ctx.client.delete(f"{PATH}/{quote(id_)}")


def _schedule(props: Props) -> list[Failure]:
    months, days = props.get("every_months"), props.get("duration_days")
    failures: list[Failure] = []
    if is_known(months) and not 1 <= whole(months) <= 12:
        failures.append(("every_months", f"is {months}; expected 1 to 12"))
    if is_known(days) and whole(days) < 1:
        failures.append(("duration_days", f"is {days}; expected 1 or more"))
    return failures


SPEC = KindSpec(
    kind="GuestAccessReview",
    args=GuestAccessReviewArgs,
    ops=GuestAccessReviewOps(),
    permissions=("AccessReview.ReadWrite.All",),
    read_calls=(Read(PATH, "AccessReview.Read.All"),),
    endpoints=(
        f"POST /{PATH}",
        f"PUT /{PATH}/{{id}}",
        f"DELETE /{PATH}/{{id}}",
        f"GET /{PATH}/{{id}}/instances/{{id}}/decisions",
    ),
    deletes="deletes the review series with its past reviews; the guests stay",
    outputs=("review_id",),
    validators=(_schedule,),
    label=lambda props: f"{props.get('display_name')!r}",
)


class GuestAccessReview(GraphResource[GuestAccessReviewArgs], spec=SPEC):
    """A recurring review of a group's guests by its owners."""

    review_id = IdOutput()
