"""The Pulumi stacks of a split tenant: one per shard (`tenantctl.model.shards`), each setting
`m365-tenant:shard` and pacing within its share of the app's Graph budgets
(`m365-tenant:graphBudgetShare`). The one place that names them: the tenant-wide shard's stack
is the family's name itself, each other shard's `<family>-<shard>`. `prod`, `prod-ville` and
`prod-metropole` deploy the shards of the stack family `prod`.
"""

from __future__ import annotations

from tenantctl.model.shards import TENANT_WIDE, Split
from tenantctl.stack.config import BY_NAME


def stack_of(family: str, shard: str) -> str:
    """The stack deploying `shard` of the stack family `family`: the family's own name for the
    tenant-wide shard."""
    return family if shard == TENANT_WIDE else f"{family}-{shard}"


def family_of(stack: str, shard: str) -> str | None:
    """The family of a shard's stack, None when the stack is not named after its shard (the
    tenant-wide shard's stack names its family)."""
    if shard == TENANT_WIDE:
        return stack
    suffix = f"-{shard}"
    return stack.removesuffix(suffix) if stack.endswith(suffix) and stack != suffix else None


def stacks_of(split: Split, family: str) -> list[str]:
    """Every stack of a split tenant, the tenant-wide shard's first."""
    return [stack_of(family, shard) for shard in split.keys]


def tenant_wide_stack(stack: str, shard: str) -> str:
    """The tenant-wide shard's stack beside `stack` (a checked shard stack)."""
    family = family_of(stack, shard)
    assert family is not None, "check the stack with `problems` first"
    return stack_of(family, TENANT_WIDE)


def problems(split: Split, description: str, shard: str, stack: str, share: float) -> list[str]:
    """One line per inconsistency of a stack's shard settings with its description, each with
    its fix. A stack naming no shard deploys the whole description, split or not."""
    key, budget = BY_NAME["shard"].qualified, BY_NAME["graphBudgetShare"].qualified
    if not shard:
        return []
    if not split.keys:
        return [
            f"{key} is '{shard}' but description '{description}' declares no 'shards': "
            "add a 'shards' section, or `pulumi config rm shard`"
        ]
    found = []
    if shard not in split.keys:
        found.append(
            f"{key} is '{shard}': description '{description}' has the shards "
            f"{', '.join(split.keys)} (fix: `pulumi config set shard {split.keys[0]}`)"
        )
    elif family_of(stack, shard) is None:
        found.append(
            f"stack '{stack}' deploys shard '{shard}': name it '<family>-{shard}' so the "
            f"shards find each other (fix: `pulumi stack rename <family>-{shard}`)"
        )
    if share > split.budget_share + 1e-9:
        found.append(
            f"{budget} is {share:g}: {len(split.keys)} shards running at once may each take at "
            f"most {split.budget_share:.4g} of the app's Graph budgets "
            f"(fix: `pulumi config set graphBudgetShare {_floor(split.budget_share)}`)"
        )
    return found


def _floor(share: float) -> str:
    """A share written with four decimals, rounded down so that it stays within the budget."""
    return f"{int(share * 10_000) / 10_000:g}"
