"""The SKU catalogue: each SKU's plans named once, with Microsoft's published identifiers."""

from __future__ import annotations

from uuid import UUID

from local_tenant.directory.catalogue import SUBSCRIBED
from tenantctl.m365.skus import SERVICE_PLANS, SKUS


def test_each_sku_is_filed_under_its_part_number_with_its_own_id() -> None:
    assert all(part == sku.part_number for part, sku in SKUS.items())
    assert len({sku.sku_id for sku in SKUS.values()}) == len(SKUS)


def test_each_plan_has_one_id_and_every_sku_takes_its_plans_from_that_table() -> None:
    assert len(set(SERVICE_PLANS.values())) == len(SERVICE_PLANS)
    for sku in SKUS.values():
        assert sku.plans == {name: SERVICE_PLANS[name] for name in sku.plans}, sku.part_number
    used = {name for sku in SKUS.values() for name in sku.plans}
    assert used == set(SERVICE_PLANS)


def test_the_published_identifiers_of_the_suites_the_stacks_use() -> None:
    assert SKUS["SPE_E3"].sku_id == UUID("05e9a617-0261-4cee-bb44-138d3ef5d965")
    assert SKUS["SPE_E5"].sku_id == UUID("06ebc4ee-1bb5-47dd-8120-11324bc54e06")
    assert SKUS["SPE_E5"].plans["AAD_PREMIUM_P2"] == UUID("eec0eb4f-6444-4f95-aba0-50c24d67f998")
    assert "FORMS_PLAN_E3" not in SKUS["SPE_E5"].plans
    assert SKUS["SPE_F1"].frontline and not SKUS["SPE_E3"].frontline


def test_the_local_tenant_subscribes_only_to_catalogued_skus() -> None:
    assert set(SUBSCRIBED) <= set(SKUS)
    assert all(seats > 0 for seats in SUBSCRIBED.values())
