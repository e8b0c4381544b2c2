"""ConditionalAccessPolicy: a sign-in policy for guests and external users.

Graph: POST /identity/conditionalAccess/policies (conditionalaccessroot-post-policies), GET,
PATCH and DELETE …/policies/{id} (conditionalaccesspolicy-get, -update, -delete); shapes from
resources/conditionalaccesspolicy, conditionalaccessusers, conditionalaccessguestsorexternalusers
and conditionalaccessexternaltenants. The policy includes guests and external users of the
given types (`guestOrExternalUserTypes`, a comma-separated list in Graph) from every external
tenant or the named ones, for the given applications, excludes users by principal name, and
requires the built-in grant controls (all of them: operator AND). `state` is Graph's:
`enabled`, `disabled`, or `enabledForReportingButNotEnforced` (report-only). Found by display
name for adoption. Conditional access needs Microsoft Entra ID P1 licences
(learn.microsoft.com/entra/identity/conditional-access/overview, "License requirements").
Writes need Policy.Read.All, Policy.ReadWrite.ConditionalAccess and Application.Read.All
together, as both write pages' permission tables say; delete the first two.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote

import pulumi

from tenantctl.m365 import reads
from tenantctl.m365.conditional_access import APPLICATION_KEYWORDS, CONTROLS, GUEST_TYPES, STATES
from tenantctl.m365.reads import Read
from tenantctl.resources.context import Context, is_guid
from tenantctl.resources.kind import (
    Failure,
    KindSpec,
    Props,
    StrInput,
    Users,
    is_known,
    kind_args,
    prop,
    props_of,
)
from tenantctl.resources.resource import GraphResource
from tenantctl.resources.specs.common import Collection, lower, text, users

PATH = "identity/conditionalAccess/policies"


def _spelled(value: Any, spellings: Iterable[str]) -> str:
    """Graph's spelling of an enum member given in any case; anything else as given."""
    known = {s.lower(): s for s in spellings}
    return known.get(lower(value), text(value))


def state(value: Any) -> str:
    return _spelled(value, STATES)


def guest_types(value: Any) -> list[str]:
    """A set of guest or external user types, in Graph's spelling: a list, or Graph's
    comma-separated string."""
    items = text(value).split(",") if isinstance(value, str) else list(value or ())
    return sorted({_spelled(item, GUEST_TYPES) for item in items if text(item)})


def tenants(value: Any) -> list[str]:
    """Tenant ids as a set (any case); none means every external tenant."""
    return sorted({lower(item) for item in value or () if text(item)})


def controls(value: Any) -> list[str]:
    return sorted({_spelled(item, CONTROLS) for item in value or () if text(item)})


def applications(value: Any) -> list[str]:
    return sorted({_spelled(item, APPLICATION_KEYWORDS) for item in value or () if text(item)})


@kind_args
class ConditionalAccessPolicyArgs:
    """A conditional access policy on guests and external users.

    `guest_types`: the kinds of guests and external users it applies to; `external_tenants`:
    their home tenants' ids, none for every tenant; `exclude_users`: users (principal names or
    ids) it never applies to, such as break-glass accounts; `grant_controls`: what a sign-in
    must satisfy, all of them.
    """

    display_name: StrInput = prop("displayName", normalise=text)
    state: StrInput = prop("state", normalise=state)
    guest_types: pulumi.Input[Sequence[StrInput]] = prop(normalise=guest_types)
    grant_controls: pulumi.Input[Sequence[StrInput]] = prop(normalise=controls)
    external_tenants: pulumi.Input[Sequence[StrInput]] = prop(default=(), normalise=tenants)
    applications: pulumi.Input[Sequence[StrInput]] = prop(default=("All",), normalise=applications)
    exclude_users: Users = prop(default=(), normalise=users)
    adopt_id: pulumi.Input[str] | None = prop(default=None, diffed=False)


def _check(props: Props) -> Iterable[Failure]:
    """Graph's enums, tenant ids, application ids; `block` stands alone."""
    for name, allowed, value in (
        ("state", STATES, [props.get("state")]),
        ("guest_types", GUEST_TYPES, props.get("guest_types") or ()),
        ("grant_controls", CONTROLS, props.get("grant_controls") or ()),
    ):
        for item in value if is_known(value) else ():
            if lower(item) not in {a.lower() for a in allowed}:
                yield name, f"has {item!r}; expected one of {', '.join(allowed)}"
    for item in props.get("external_tenants") or ():
        if is_known(item) and not is_guid(text(item)):
            yield "external_tenants", f"has {item!r}; a tenant id is a GUID"
    for item in props.get("applications") or ():
        if is_known(item) and not is_guid(text(item)) and item not in APPLICATION_KEYWORDS:
            yield "applications", f"has {item!r}; give application ids or 'All'"
    wanted = props.get("grant_controls")
    if is_known(wanted) and "block" in controls(wanted) and len(controls(wanted)) > 1:
        yield "grant_controls", "combines 'block' with other controls; Graph refuses that"


class PolicyOps(Collection):
    """Policies found by display name; users and guests sent in Graph's shapes."""

    async def _body(self, ctx: Context, props: Props) -> dict[str, Any]:
        ids = await ctx.user_ids(list(props.get("exclude_users") or ()))
        wanted = tenants(props.get("external_tenants"))
        external: dict[str, Any] = (
            {
                "@odata.type": "#microsoft.graph.conditionalAccessEnumeratedExternalTenants",
                "membershipKind": "enumerated",
                "members": wanted,
            }
            if wanted
            else {
                "@odata.type": "#microsoft.graph.conditionalAccessAllExternalTenants",
                "membershipKind": "all",
            }
        )
        return {
            "displayName": text(props["display_name"]),
            "state": state(props["state"]),
            "conditions": {
                "clientAppTypes": ["all"],
                "applications": {"includeApplications": applications(props.get("applications"))},
                "users": {
                    "includeGuestsOrExternalUsers": {
                        "guestOrExternalUserTypes": ",".join(guest_types(props["guest_types"])),
                        "externalTenants": external,
                    },
                    "excludeUsers": sorted(set(ids.values())),
                },
            },
            "grantControls": {
                "operator": "AND",
                "builtInControls": controls(props["grant_controls"]),
            },
        }

    async def create(self, ctx: Context, props: Props) -> tuple[str, Props]:
        item = await ctx.client.post(PATH, await self._body(ctx, props))
        return str(item["id"]), {}

    async def read(self, ctx: Context, id_: str, props: Props) -> Props | None:
        item = await self.fetch(ctx, id_, props)
        if item is None:
            return None
        conditions = item.get("conditions") or {}
        people = conditions.get("users") or {}
        guests = people.get("includeGuestsOrExternalUsers") or {}
        external = guests.get("externalTenants") or {}
        excluded = [u for u in people.get("excludeUsers") or () if u != "GuestsOrExternalUsers"]
        return {
            "display_name": item.get("displayName"),
            "state": item.get("state"),
            "guest_types": guest_types(guests.get("guestOrExternalUserTypes")),
            "external_tenants": (
                tenants(external.get("members"))
                if external.get("membershipKind") == "enumerated"
                else []
            ),
            "applications": applications(
                (conditions.get("applications") or {}).get("includeApplications")
            ),
            "grant_controls": controls((item.get("grantControls") or {}).get("builtInControls")),
            "exclude_users": await ctx.as_given(excluded, props.get("exclude_users") or ()),
        }

    async def update(self, ctx: Context, id_: str, olds: Props, news: Props) -> Props:
        await ctx.client.request(
            "PATCH", f"{PATH}/{quote(id_)}", await self._body(ctx, news), consistent=True
        )
        return {}


SPEC = KindSpec(
    kind="ConditionalAccessPolicy",
    args=ConditionalAccessPolicyArgs,
    ops=PolicyOps(
        props=props_of(ConditionalAccessPolicyArgs), path=lambda props: PATH, find_by="display_name"
    ),
    permissions=(
        "Policy.Read.All",
        "Policy.ReadWrite.ConditionalAccess",
        "Application.Read.All",
        "User.Read.All",
    ),
    # learn.microsoft.com/graph/api/conditionalaccesspolicy-get; excluded users' names: user-get
    read_calls=(Read(f"{PATH}/{{id}}", "Policy.Read.All"), reads.USER),
    endpoints=(
        f"POST /{PATH}",
        f"GET /{PATH}/{{id}}",
        f"PATCH /{PATH}/{{id}}",
        f"DELETE /{PATH}/{{id}}",
    ),
    deletes="deletes the policy: its users sign in without it",
    validators=(_check,),
    label=lambda props: repr(props.get("display_name")),
)


class ConditionalAccessPolicy(GraphResource[ConditionalAccessPolicyArgs], spec=SPEC):
    """A conditional access policy on guests and external users."""
