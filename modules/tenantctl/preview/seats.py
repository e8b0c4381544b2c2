"""Seat cost of licence changes against the tenant's subscriptions (`GET /subscribedSkus`).

A new or removed licence takes or frees a seat per member its group declares in the same
preview; members by rule (or a group the preview does not show) are known only after apply.
pulumi-azuread's GroupLicense and Group (`groupProvider: azuread`) are read as their
Graph-layer twins, GroupLicence and Group (tenantctl.jobs.azuread).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tenantctl.graph import GraphClient
from tenantctl.jobs.azuread import as_twin
from tenantctl.jobs.urns import type_of
from tenantctl.m365.reads import Read
from tenantctl.preview.plan import Change, Plan
from tenantctl.resources.specs.common import text

LICENCE = "GroupLicence"
READS = (Read("subscribedSkus", "LicenseAssignment.Read.All"),)
"""`GET /subscribedSkus` and its least application permission
(learn.microsoft.com/graph/api/subscribedsku-list)."""


@dataclass(frozen=True)
class Sku:
    """One subscription: prepaid (enabled) and consumed units, and its plans' names."""

    sku_id: str
    part_number: str
    prepaid: int
    consumed: int
    plans: dict[str, str]

    @property
    def available(self) -> int:
        return self.prepaid - self.consumed

    @classmethod
    def from_graph(cls, sku: dict[str, Any]) -> Sku:
        return cls(
            sku_id=str(sku.get("skuId")).lower(),
            part_number=str(sku.get("skuPartNumber")),
            prepaid=int((sku.get("prepaidUnits") or {}).get("enabled") or 0),
            consumed=int(sku.get("consumedUnits") or 0),
            plans={
                str(plan.get("servicePlanId")).lower(): str(plan.get("servicePlanName"))
                for plan in sku.get("servicePlans") or ()
            },
        )


async def subscribed_skus(client: GraphClient) -> list[dict[str, Any]]:
    """The tenant's subscriptions, read through the shared Graph client."""
    return await client.list_all("subscribedSkus")


@dataclass(frozen=True)
class LicenceChange:
    """A group licence change: its SKU, seats taken (negative: freed) and plans switched."""

    change: Change
    sku: Sku | None
    seats: int | None
    plans_enabled: tuple[str, ...]
    plans_disabled: tuple[str, ...]
    sku_given: str = ""
    """The SKU as the stack gives it (a part number or an id)."""

    @property
    def sku_name(self) -> str:
        return self.sku.part_number if self.sku else self.sku_given

    @property
    def short_by(self) -> int:
        """Seats missing after the change (0 when the subscription covers it)."""
        if self.sku is None or not self.seats:
            return 0
        return max(0, self.seats - self.sku.available)


def licence_changes(plan: Plan, skus: list[dict[str, Any]]) -> list[LicenceChange]:
    """Every pending GroupLicence change with its seat cost."""
    catalogue = {Sku.from_graph(sku).sku_id: Sku.from_graph(sku) for sku in skus}
    by_part = {sku.part_number.lower(): sku for sku in catalogue.values()}
    found = []
    for change in plan.pending:
        kind, old, new = twin(change)
        if kind != LICENCE:
            continue
        given = text(new.get("sku") or old.get("sku"))
        sku = catalogue.get(given.lower()) or by_part.get(given.lower())
        old_plans = _plans(old.get("disabled_plans"), sku)
        new_plans = _plans(new.get("disabled_plans"), sku)
        if change.op == "delete":
            new_plans = old_plans
        found.append(
            LicenceChange(
                change=change,
                sku=sku,
                seats=_seats(plan, change),
                plans_enabled=tuple(sorted(old_plans - new_plans)),
                plans_disabled=tuple(sorted(new_plans - old_plans)) if change.old else (),
                sku_given=given,
            )
        )
    return found


def twin(change: Change) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """The change's kind, old and new inputs as the Graph layer's (pulumi-azuread's twins)."""
    type_ = type_of(change.urn)
    kind, old = as_twin(type_, change.kind, change.old)
    return kind, old, as_twin(type_, change.kind, change.new)[1]


def changes_licences(plan: Plan) -> bool:
    """Whether the plan changes a group licence (of either provider)."""
    return any(twin(change)[0] == LICENCE for change in plan.pending)


def _plans(value: Any, sku: Sku | None) -> set[str]:
    names = sku.plans if sku else {}
    return {names.get(text(plan).lower(), text(plan)) for plan in value or ()}


def _seats(plan: Plan, change: Change) -> int | None:
    """Seats the change takes (create) or frees (delete); 0 for plan changes."""
    if change.op not in ("create", "delete"):
        return 0
    group = next(
        (
            twin(c)
            for c in plan.changes
            if twin(c)[0] == "Group" and c.component == change.component
        ),
        None,
    )
    if group is None:
        return None
    _, old, new = group
    props = new or old
    if text(props.get("membership_rule")):
        return None
    count = len(props.get("members") or ())
    return count if change.op == "create" else -count
