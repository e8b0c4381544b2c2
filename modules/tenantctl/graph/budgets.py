"""Which of Graph's throttling budgets a request draws from, and how much it costs.

Graph throttles per workload and, within a workload, per kind of request
(learn.microsoft.com/graph/throttling-limits): identity and access counts resource units
per request plus a write quota; Microsoft Teams has a rate per request type and at most
4 requests per second on one team or channel. `settings.Pacing` holds the rates.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from tenantctl.m365 import limits

WORKLOADS = {
    "teams": "teams",
    "team": "teams",
    "groups": "directory",
    "users": "directory",
    "invitations": "invitations",
    "directoryObjects": "directory",
    "subscribedSkus": "directory",
    "policies": "identity",
    "admin": "sharepoint",
    "sites": "sharepoint",
    "_api": "sharepoint",
    "mailboxSettings": "outlook",
    "outlook": "outlook",
}
"""Path segment to workload; the last segment naming one decides (`groups/{id}/team` is
served, and throttled, by Teams)."""

TEAMS_LISTS = frozenset({"members", "channels"})
SHAREPOINT_COLLECTIONS = frozenset(
    {"sites", "lists", "items", "drives", "children", "columns", "contentTypes", "pages"}
)
"""SharePoint collections: a Graph GET ending in one is a multi-item query."""


@dataclass(frozen=True)
class Charge:
    """A draw of `cost` on the bucket `key` paced at the rate of `budget`."""

    budget: str
    key: str
    cost: float = 1.0


def _tokens(url: str) -> list[str]:
    """The path after the version, with `name('id')` split into `name`, `id`."""
    tokens: list[str] = []
    for part in urlsplit(url).path.split("/"):
        if not part or (not tokens and part in ("v1.0", "beta")):
            continue
        name, _, key = part.partition("(")
        tokens += [name, key.rstrip(")").strip("'")] if key else [name]
    return tokens


def workload_of(url: str) -> str:
    """The Graph workload a request counts against (Graph throttles per workload)."""
    found = [WORKLOADS[token] for token in _tokens(url) if token in WORKLOADS]
    return found[-1] if found else "other"


def charges_of(method: str, url: str) -> list[Charge]:
    """The budgets a request draws from."""
    workload = workload_of(url)
    if workload == "directory":
        charges = [Charge("directory", "directory", directory_cost(method, url))]
        if method != "GET":
            charges.append(Charge("directory.writes", "directory.writes"))
        return charges
    if workload == "teams":
        return _teams_charges(method, url)
    if workload == "sharepoint":
        return [Charge("sharepoint", "sharepoint", sharepoint_cost(method, url))]
    if workload == "outlook":
        return [Charge("outlook", f"outlook:{_mailbox(_tokens(url))}")]
    return [Charge(workload, workload)]


def charges_of_batch(body: bytes) -> list[Charge]:
    """The budgets a JSON batch draws from: its requests', each counted on its own, as Graph
    counts them (throttling-limits: "each request in a batch is evaluated individually");
    draws on the same bucket are added up. A body that is not a batch draws nothing."""
    try:
        requests = json.loads(body).get("requests") or []
    except (ValueError, AttributeError):
        return []
    drawn: dict[tuple[str, str], float] = {}
    for item in requests:
        if not isinstance(item, dict):
            continue
        for charge in charges_of(str(item.get("method", "GET")), str(item.get("url", ""))):
            key = (charge.budget, charge.key)
            drawn[key] = drawn.get(key, 0.0) + charge.cost
    return [Charge(budget, key, cost) for (budget, key), cost in drawn.items()]


def is_batch(method: str, url: str) -> bool:
    """A Graph JSON batch (`POST /$batch`)."""
    return method == "POST" and _tokens(url) == ["$batch"]


def directory_cost(method: str, url: str) -> float:
    """Resource units of an identity request (`m365.limits.identity_cost`)."""
    query = {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}
    return limits.identity_cost(method, _tokens(url), query)


def sharepoint_cost(method: str, url: str) -> float:
    """SharePoint resource units of a request (learn.microsoft.com/sharepoint/dev/general-
    development/how-to-avoid-getting-throttled-or-blocked-in-sharepoint-online): through
    Graph, 1 for reading a single item, 2 for a multi-item query or a write, 5 for a
    permission operation; a SharePoint REST call has no published cost and is counted as
    `limits.SHAREPOINT_REST_OPERATION_UNITS`."""
    tokens = _tokens(url)
    query = parse_qs(urlsplit(url).query)
    if "permissions" in tokens or "permissions" in query.get("$expand", [""])[0]:
        return 5.0
    if "_api" in tokens:
        return float(limits.SHAREPOINT_REST_OPERATION_UNITS)
    multi_or_write = method != "GET" or not tokens or tokens[-1] in SHAREPOINT_COLLECTIONS
    if "$expand" in query or multi_or_write:
        return 2.0
    return 1.0


def _mailbox(tokens: list[str]) -> str:
    """The user whose mailbox an Outlook request addresses (Outlook throttles per app and
    mailbox), as the request names them."""
    at = tokens.index("users") if "users" in tokens else -1
    return tokens[at + 1].lower() if 0 <= at < len(tokens) - 1 else ""


def is_sharepoint_batch(method: str, url: str) -> bool:
    """A SharePoint REST batch (`POST {site}/_api/$batch`)."""
    return method == "POST" and _tokens(url)[-2:] == ["_api", "$batch"]


def charges_of_sharepoint_batch(body: bytes) -> list[Charge]:
    """A SharePoint REST batch draws on SharePoint's budget for each operation it carries
    (the throttling page above counts the requests of a batch one by one): each
    `application/http` part, `limits.SHAREPOINT_REST_OPERATION_UNITS` units."""
    operations = max(1, body.lower().count(b"content-type: application/http"))
    units = operations * limits.SHAREPOINT_REST_OPERATION_UNITS
    return [Charge("sharepoint", "sharepoint", float(units))]


def _teams_charges(method: str, url: str) -> list[Charge]:
    tokens = _tokens(url)
    if method == "POST" and tokens == ["teams"]:
        budget = "teams.create"
    elif method == "PUT" and tokens[:1] == ["groups"]:
        budget = "teams.fromGroup"
    elif method == "GET":
        budget = "teams.list" if tokens[-1] in TEAMS_LISTS else "teams.read"
    elif method == "DELETE":
        budget = "teams.delete"
    else:
        budget = "teams.write"
    charges = [Charge(budget, budget)]
    target = _team_or_channel(tokens)
    if target:
        charges.append(Charge("teams.perTeam", f"teams.perTeam:{target}"))
    return charges


def _team_or_channel(tokens: list[str]) -> str | None:
    """The team, or the team's channel, a Teams request is on (`teams/{id}/channels/{id}/…`,
    `groups/{id}/team`); None for requests on no one team."""
    on_team = tokens[:1] == ["teams"] and len(tokens) > 1
    on_group_team = tokens[:1] == ["groups"] and tokens[2:3] == ["team"]
    if not (on_team or on_group_team):
        return None
    team = tokens[1]
    if tokens[2:3] == ["channels"] and len(tokens) > 3:
        return f"{team}/{tokens[3]}"
    return team
