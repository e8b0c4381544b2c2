"""The stacks of a split tenant's family (docs/engine.md#shards), as the CI jobs find them: from
the description its tenant-wide stack deploys."""

from __future__ import annotations

from pathlib import Path

from tenantctl.jobs.pulumi_cli import JobError, stack_config
from tenantctl.model.shards import TENANT_WIDE, Split
from tenantctl.stack.description import load_valid_stack
from tenantctl.stack.shards import stack_of, stacks_of


def family_stacks(family: str, cwd: Path) -> list[str]:
    """The stacks of FAMILY, tenant-wide first."""
    tenant_wide = stack_of(family, TENANT_WIDE)
    config = stack_config(tenant_wide, cwd)
    description, shard = _value(config, "description"), _value(config, "shard")
    if not description:
        raise JobError(f"stack {tenant_wide} sets no m365-tenant:description")
    if shard != TENANT_WIDE:
        raise JobError(
            f"stack {tenant_wide} deploys {f'shard {shard!r}' if shard else 'a whole tenant'}, "
            f"not the tenant-wide shard of family {family}: the tenant-wide shard's stack is "
            f"named after its family (`pulumi config set shard {TENANT_WIDE} --stack "
            f"{tenant_wide}`, or name the family after that stack)"
        )
    split = Split(load_valid_stack(str(description)).tenant)
    if not split.keys:
        raise JobError(
            f"description '{description}' declares no 'shards': run `tenantctl` on "
            f"{tenant_wide} alone, or add a 'shards' section"
        )
    return stacks_of(split, family)


def _value(config: dict[str, object], name: str) -> str:
    entry = config.get(f"m365-tenant:{name}") or ""
    value = entry.get("value") if isinstance(entry, dict) else entry
    return str(value or "")
