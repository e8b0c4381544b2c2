"""A shard's stack: named after its shard, naming a shard its description declares, and pacing
within its share of the app's Graph budgets; a stack naming no shard deploys everything."""

from __future__ import annotations

from functools import cache

from tenantctl.model.shards import Split
from tenantctl.stack.project import load_stack
from tenantctl.stack.shards import problems, stacks_of, tenant_wide_stack


@cache
def city() -> Split:
    return Split(load_stack("city_metropolis").tenant)


@cache
def demo() -> Split:
    return Split(load_stack("demo").tenant)


def test_the_city_is_three_stacks_tenant_wide_first_named_after_the_family() -> None:
    assert stacks_of(city(), "prod") == ["prod", "prod-ville", "prod-metropole"]
    assert tenant_wide_stack("prod-metropole", "metropole") == "prod"
    assert tenant_wide_stack("prod", "tenant") == "prod"
    assert tenant_wide_stack("pré-prod-ville", "ville") == "pré-prod"


def test_a_shard_stack_within_its_share_has_no_problem() -> None:
    assert problems(city(), "city_metropolis", "ville", "city-ville", 1 / 3) == []
    assert problems(city(), "city_metropolis", "tenant", "city-split", 0.25) == []


def test_a_stack_naming_no_shard_deploys_the_whole_description_split_or_not() -> None:
    assert problems(city(), "city_metropolis", "", "city", 1.0) == []
    assert problems(demo(), "demo", "", "local", 1.0) == []


def test_an_unknown_shard_lists_the_shards() -> None:
    (found,) = problems(city(), "city_metropolis", "villes", "city-villes", 0.3)
    assert found == (
        "m365-tenant:shard is 'villes': description 'city_metropolis' has the shards "
        "tenant, ville, metropole (fix: `pulumi config set shard tenant`)"
    )


def test_a_shard_of_an_unsplit_description_says_to_add_shards_or_remove_the_key() -> None:
    (found,) = problems(demo(), "demo", "ville", "demo-ville", 1.0)
    assert "declares no 'shards'" in found and "`pulumi config rm shard`" in found


def test_a_shard_stack_is_named_after_its_shard() -> None:
    (found,) = problems(city(), "city_metropolis", "ville", "city", 0.3)
    assert found.startswith("stack 'city' deploys shard 'ville': name it '<family>-ville'")


def test_a_share_above_one_over_the_number_of_shards_is_refused_with_the_share_to_set() -> None:
    (found,) = problems(city(), "city_metropolis", "ville", "city-ville", 0.5)
    assert found == (
        "m365-tenant:graphBudgetShare is 0.5: 3 shards running at once may each take at most "
        "0.3333 of the app's Graph budgets (fix: `pulumi config set graphBudgetShare 0.3333`)"
    )
