"""The floor of drift computed from the task: what must be read to judge every declared
resource, at Graph's page and batch sizes and its published per-item throttling costs, and
not from the reads the tool happened to make.

What a stack's state asks to be read (`Task`, counted from its declared resources):
- the users it names (owners, members, guests): `users?$filter=userPrincipalName in (...)`,
  up to `limits.FILTER_IN_VALUES_MAX` per request (learn.microsoft.com/graph/known-issues),
  1 identity resource unit each (a users list costs 2, less 1 for `$select`;
  learn.microsoft.com/graph/throttling-limits);
- its groups with their licences, members and, for the unmanaged groups, every group of the
  tenant: one groups delta round with `$select=...,members` (learn.microsoft.com/graph/api/
  group-delta), a page per `limits.DELTA_PAGE_SIZE` groups, read one after another;
- its groups' owners: `groups?$filter=id in (...)&$expand=owners($select=id)`, up to 15
  groups per request, 1 unit (the list's 1, plus 1 for `$expand`, less 1 for `$select`); a
  group declaring more than `limits.EXPAND_ITEMS_MAX` owners, its own owners list;
- each team, with its settings: one GET (Teams, 30 a second); each team's channels, and each
  private or shared channel's roster: one list (Teams lists, 60 a second); a team's members
  are its group's members and owners (learn.microsoft.com/graph/api/team-list-members), read
  above on the identity budget;
- each group's directory settings, guest invitation and tenant-wide setting: one GET, 1 unit;
- each site's sharing: one SharePoint REST operation (`limits.SHAREPOINT_REST_OPERATION_UNITS`
  units each, counted one by one inside a batch of up to 100) on SharePoint's budget for the
  tenant's licences (its SKUs' seats).

Requests: the delta pages, the batchable reads in `$batch`es of 20, the site operations in
SharePoint batches of 100. Seconds, two bounds: at the steady rate (each budget's units over
its rate) and with the burst allowance (a budget's first window spent at once, the rest at
the rate); either way at least the delta round's pages one round trip after another, and one
round trip more.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from common import LATENCY_MS

from tenantctl.m365 import limits

BATCH = limits.BATCH_REQUESTS_MAX
SHAREPOINT_BATCH = limits.SHAREPOINT_BATCH_OPERATIONS_MAX
SETTING_KINDS = frozenset(
    {"GroupDirectorySettings", "CrossTenantPartner", "TenantSharingSettings", "TenantGroupSettings"}
)
"""Kinds read by one identity GET each."""


@dataclass(frozen=True)
class Task:
    """What drift must read to judge a stack, counted from its declared resources."""

    users: int
    """Distinct users the resources name (owners, members, guests)."""
    groups: int
    groups_with_many_owners: int
    """Groups declaring more owners than `$expand` returns."""
    teams: int
    channel_lists: int
    """Teams whose channels are declared."""
    rosters: int
    """Private and shared channels whose owners and members are declared."""
    settings: int
    sites: int


@dataclass(frozen=True)
class Tenant:
    """What the floor needs of the tenant itself."""

    groups: int
    """Every group (the delta round reads them all)."""
    users: int
    """Users: they size the identity budget."""
    licences: int
    """Seats of the tenant's subscribed SKUs: they size SharePoint's budget."""


@dataclass(frozen=True)
class Floor:
    """The fewest HTTP requests and seconds for a mix of Graph requests; `items` are the
    Graph requests, each counted on its own (a `$batch` counts its requests)."""

    requests: int
    seconds: float
    burst_seconds: float
    items: int = 0


def task_of(resources: Iterable[tuple[str, Mapping[str, Any]]]) -> Task:
    """The task of a stack's declared resources, as (kind, properties) pairs."""
    kinds: Counter[str] = Counter()
    users: set[str] = set()
    many_owners = 0
    channel_teams: set[str] = set()
    for kind, props in resources:
        kinds[kind] += 1
        if kind == "Group":
            many_owners += len(props.get("owners") or ()) > limits.EXPAND_ITEMS_MAX
            users.update(_named(props, "owners", "members"))
        elif kind == "TeamMember":
            users.update(_named(props, "user"))
        elif kind == "GuestInvitation":
            users.update(_named(props, "email"))
        elif kind == "Channel":
            channel_teams.add(str(props.get("team_id")))
            if str(props.get("membership_type", "standard")).lower() != "standard":
                kinds["roster"] += 1
                users.update(_named(props, "owners", "members"))
    return Task(
        users=len(users),
        groups=kinds["Group"],
        groups_with_many_owners=many_owners,
        teams=kinds["Team"],
        channel_lists=len(channel_teams),
        rosters=kinds["roster"],
        settings=sum(kinds[kind] for kind in SETTING_KINDS) + kinds["GuestInvitation"],
        sites=kinds["SiteSharing"],
    )


def _named(props: Mapping[str, Any], *names: str) -> set[str]:
    found: set[str] = set()
    for name in names:
        value = props.get(name)
        for item in value if isinstance(value, list | tuple) else (value,):
            if isinstance(item, str) and item:
                found.add(item.lower())
    return found


def identity_budget(users: int) -> limits.Throttling:
    """Identity and access's budget for a tenant of `users` (throttling-limits: S under 50
    users, M up to 500, L above)."""
    size = "S" if users < 50 else "M" if users <= 500 else "L"
    return limits.THROTTLING[f"directory.{size}"]


def floor_of(task: Task, tenant: Tenant) -> Floor:
    """The floor of `task` on `tenant`."""
    per_in = limits.FILTER_IN_VALUES_MAX
    delta_pages = max(1, math.ceil(tenant.groups / limits.DELTA_PAGE_SIZE))
    identity_items = (
        math.ceil(task.users / per_in)
        + math.ceil(task.groups / per_in)
        + task.groups_with_many_owners
        + task.settings
    )
    teams_items = task.teams
    list_items = task.channel_lists + task.rosters
    batchable = identity_items + teams_items + list_items
    requests = delta_pages + math.ceil(batchable / BATCH) + math.ceil(task.sites / SHAREPOINT_BATCH)
    sharepoint = limits.sharepoint_units_per_minute(tenant.licences)
    spent = [  # (units, window's allowance, seconds of the window)
        (identity_items + delta_pages, identity_budget(tenant.users)),
        (teams_items, limits.THROTTLING["teams.read"]),
        (list_items, limits.THROTTLING["teams.list"]),
        (
            task.sites * limits.SHAREPOINT_REST_OPERATION_UNITS,
            limits.Throttling(sharepoint, 60),
        ),
    ]
    steady = max(units / (budget.limit / budget.seconds) for units, budget in spent)
    burst = max(
        max(0.0, units - budget.limit) / (budget.limit / budget.seconds) for units, budget in spent
    )
    latency = LATENCY_MS / 1000
    sequential = delta_pages * latency
    return Floor(
        requests=requests,
        seconds=max(steady, sequential) + latency,
        burst_seconds=max(burst, sequential) + latency,
        items=delta_pages + batchable + task.sites,
    )


def floor(counters: dict[str, Any], rounds: int) -> Floor:
    """The floor of the Graph requests a run made (the local tenant's counters, where a
    `$batch`, Graph's or SharePoint's, counts once and each of its items once more), in
    ROUNDS dependent rounds: for export, whose task is to read the whole tenant. Steady rate."""
    rates = {
        "directory": limits.THROTTLING["directory.L"],
        "teams.list": limits.THROTTLING["teams.list"],
        "teams": limits.THROTTLING["teams.read"],
    }
    items: dict[str, int] = {}
    pages = batchable = sharepoint = 0
    for route, count in counters["routes"].items():
        if route.startswith("batch.") or route == "sharepointAdmin.batch":
            continue
        workload = route.split(".")[0]
        if "delta" in route or (route.endswith(".list") and workload == "directory"):
            pages += count
        elif workload == "sharepointAdmin":
            sharepoint += count
        else:
            batchable += count
        if workload == "teams":
            charged = "teams.list" if route.endswith(".list") else "teams"
        else:
            charged = workload
        if charged in rates:
            items[charged] = items.get(charged, 0) + count
    paced = max((n / (rates[k].limit / rates[k].seconds) for k, n in items.items()), default=0.0)
    requests = pages + math.ceil(batchable / BATCH) + math.ceil(sharepoint / SHAREPOINT_BATCH)
    seconds = paced + rounds * LATENCY_MS / 1000
    return Floor(requests, seconds, seconds)


def beside(m: dict[str, Any]) -> list[object]:
    """A measured run's naive requests, floor, and the ratios to both, as table cells
    (M holds `requests`, `naive`, `wall` and its `floor`)."""
    return [
        m["naive"],
        f"{m['naive'] / m['requests']:.1f}x",
        m["floor"].requests,
        f"{m['requests'] / m['floor'].requests:.2f}x",
        m["floor"].seconds,
        f"{m['wall'] / m['floor'].seconds:.2f}x",
    ]
