"""The program declares a tenant a component at a time (`tenantctl.stack.registrations`):
every resource, under the same name, with the same inputs, options and dependencies as when
it declares them all at once, whole or by shard, under both group providers."""

from __future__ import annotations

import pytest

from tenantctl.model.shards import Split
from tests.unit.components.conftest import Declared, declare
from tests.unit.components.test_tenant_shards import PROVIDERS, city, tenant_wide_outputs

IN_FLIGHT = 8
"""Small against the city's 600 resources, so the program waits after most components."""


def by_name(declared: list[Declared]) -> list[Declared]:
    return sorted(declared, key=lambda d: (d.type, d.name))


@pytest.mark.parametrize("provider", PROVIDERS)
def test_the_whole_city_declared_in_turn_is_the_city_declared_at_once(provider: str) -> None:
    at_once = declare(city(), provider)
    in_turn = declare(city(), provider, in_flight=IN_FLIGHT)

    assert len(at_once) > 50 * IN_FLIGHT
    assert by_name(in_turn) == by_name(at_once)


@pytest.mark.parametrize("provider", PROVIDERS)
def test_each_shard_declared_in_turn_is_the_shard_declared_at_once(provider: str) -> None:
    references = {"test-tenant": tenant_wide_outputs(city())}
    for shard in Split(city()).keys:
        at_once = declare(city(), provider, shard=shard, references=references)
        in_turn = declare(city(), provider, shard=shard, references=references, in_flight=1)

        assert by_name(in_turn) == by_name(at_once), shard
