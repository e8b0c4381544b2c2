"""What a reviewer must not miss: destructive changes, wider sharing, guests and licences."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pulumi.runtime.rpc import UNKNOWN

from tenantctl.m365.sharing import level, rank
from tenantctl.preview.plan import Change, Plan
from tenantctl.preview.seats import LicenceChange
from tenantctl.preview.waves import SeatShortage
from tenantctl.resources.registry import SPECS

CATEGORIES = {
    "refused": "Refused by the engine: nothing can be deployed until this is resolved",
    "destructive": "Deletes or replaces a team, site or group",
    "sharing": "Opens external sharing",
    "guests": "Lets guests in",
    "licences": "Changes licences",
    "seats": "Brings in migration waves that need more seats than the tenant has",
}

DESTRUCTIVE_KINDS = {"Team", "Group", "SiteSharing"}
GUEST_ACCESS = {
    "GroupDirectorySettings": "owners may add guests to the group",
    "TenantGroupSettings": "owners may add guests to any Microsoft 365 group",
}
"""Kinds whose `allow_to_add_guests` turned on lets guests in, and what it means."""
INVITATIONS = {
    "GuestInvitation": ("user_id", "email"),
    "Invitation": ("userId", "userEmailAddress"),
}
"""Invitation kinds (the Graph layer's, pulumi-azuread's): the invited user's id output and
the e-mail input."""


@dataclass(frozen=True)
class Risk:
    """One risky change, in words."""

    category: str
    change: Change
    reason: str


def find_risks(
    plan: Plan, licences: list[LicenceChange], shortages: list[SeatShortage] | None = None
) -> list[Risk]:
    """Every risky change of the plan, by category order."""
    found = [
        *_refused(plan),
        *_destructive(plan),
        *_sharing(plan),
        *_guests(plan),
        *(_licence(item) for item in licences),
        *(_short(item) for item in shortages or ()),
    ]
    order = list(CATEGORIES)
    return sorted(found, key=lambda risk: order.index(risk.category))


def _refused(plan: Plan) -> Iterator[Risk]:
    """Each change the engine refused, with the engine's error."""
    for refusal in plan.refusals:
        if refusal.urn is not None:
            change = plan.change_at(refusal.urn)
            yield Risk("refused", change, f"{change.op} refused: {refusal.message}")


def _destructive(plan: Plan) -> Iterator[Risk]:
    for change in plan.accepted:
        if change.op in ("delete", "replace") and change.kind in DESTRUCTIVE_KINDS:
            spec = SPECS.get(change.kind)
            effect = spec.deletes if spec else "deletes the object"
            why = f" (because {', '.join(change.replace_reasons)} changes)"
            reason = f"{change.op}: {effect}" + (why if change.replace_reasons else "")
            yield Risk("destructive", change, reason)


def _sharing(plan: Plan) -> Iterator[Risk]:
    for change in plan.accepted:
        if change.kind not in ("SiteSharing", "TenantSharingSettings"):
            continue
        if change.op in ("create", "update", "replace"):
            old, new = change.old.get("sharing"), change.new.get("sharing")
            if rank(new) > rank(old):
                before = level(old or "disabled")
                yield Risk("sharing", change, f"sharing {before} → {level(new)}")
            if change.new.get("resharing_by_external_users") and not change.old.get(
                "resharing_by_external_users"
            ):
                yield Risk("sharing", change, "guests may reshare what was shared with them")


def _guests(plan: Plan) -> Iterator[Risk]:
    invited = _guest_users(plan)
    pending_invites = any(
        c.kind in INVITATIONS and c.op in ("create", "replace") for c in plan.accepted
    )
    for change in plan.accepted:
        adds = change.op in ("create", "replace")
        if change.kind in INVITATIONS and adds:
            email = change.new.get(INVITATIONS[change.kind][1])
            yield Risk("guests", change, f"invites {email} as a guest")
        elif change.kind == "TeamMember" and adds:
            user = str(change.new.get("user") or "")
            if user.lower() in invited:
                yield Risk("guests", change, f"adds guest {user} to the team")
            elif user == UNKNOWN and pending_invites:
                yield Risk("guests", change, "adds a guest invited by this change to the team")
        elif change.kind == "Channel" and change.op != "delete":
            yield from _channel_guests(change, invited, pending_invites)
        elif change.kind in GUEST_ACCESS and change.op != "delete":
            if change.new.get("allow_to_add_guests") and not change.old.get("allow_to_add_guests"):
                yield Risk("guests", change, GUEST_ACCESS[change.kind])
        elif change.kind == "CrossTenantPartner" and adds:
            yield Risk("guests", change, f"trusts partner tenant {change.new.get('tenant_id')}")


def _channel_guests(change: Change, invited: set[str], pending: bool) -> Iterator[Risk]:
    """Guests a channel gains: private channels take a team's guests as members."""
    before = {str(user).lower() for user in change.old.get("members") or ()}
    name = change.new.get("display_name")
    for user in (str(user) for user in change.new.get("members") or ()):
        if user.lower() in invited and user.lower() not in before:
            yield Risk("guests", change, f"adds guest {user} to channel {name!r}")
        elif user == UNKNOWN and pending:
            reason = f"adds a guest invited by this change to channel {name!r}"
            yield Risk("guests", change, reason)


def _guest_users(plan: Plan) -> set[str]:
    """Ids and addresses of the guests the stack invites."""
    found: set[str] = set()
    for change in plan.changes:
        if change.kind in INVITATIONS:
            output, address = INVITATIONS[change.kind]
            for value in (change.old_outputs.get(output), change.new.get(address)):
                if value:
                    found.add(str(value).lower())
    return found


def _short(item: SeatShortage) -> Risk:
    return Risk(
        "seats",
        item.change,
        f"the waves this preview brings in need {item.needed} {item.sku} seats; "
        f"{item.available} available: **{item.short_by} seats short**",
    )


def _licence(item: LicenceChange) -> Risk:
    parts = [f"{item.change.op} {item.sku_name}"]
    if item.seats is None:
        parts.append("seats not known before apply (members by rule)")
    elif item.seats:
        parts.append(f"{item.seats:+d} seats")
    if item.sku is not None:
        parts.append(f"{item.sku.consumed}/{item.sku.prepaid} seats used")
    if item.short_by:
        parts.append(f"**{item.short_by} seats short**")
    if item.plans_enabled:
        parts.append(f"plans re-enabled: {', '.join(item.plans_enabled)}")
    if item.plans_disabled:
        parts.append(f"plans disabled: {', '.join(item.plans_disabled)}")
    return Risk("licences", item.change, "; ".join(parts))
