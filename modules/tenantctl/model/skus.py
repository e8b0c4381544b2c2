"""The offline SKU catalogue: part numbers resolved to SKU ids and service plan ids."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from uuid import UUID

import yaml


@dataclass(frozen=True)
class Sku:
    """A licence SKU and the service plans it bundles."""

    part_number: str
    sku_id: UUID
    name: str
    plans: dict[str, UUID]
    frontline: bool = False


@cache
def sku_catalogue() -> dict[str, Sku]:
    """Every SKU the toolkit knows, by part number."""
    text = resources.files("tenantctl.model").joinpath("sku_catalogue.yaml").read_text("utf-8")
    raw = yaml.safe_load(text)
    plan_ids = {name: UUID(value) for name, value in raw["service_plans"].items()}
    return {
        part: Sku(
            part_number=part,
            sku_id=UUID(entry["sku_id"]),
            name=entry["name"],
            plans={plan: plan_ids[plan] for plan in entry["plans"]},
            frontline=bool(entry.get("frontline", False)),
        )
        for part, entry in raw["skus"].items()
    }
