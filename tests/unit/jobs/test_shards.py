"""The stacks of a split tenant's family, as the CI jobs and `tenantctl shards` find them: the
tenant-wide shard's stack is named after the family, and must deploy that shard."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tenantctl.jobs import shards
from tenantctl.jobs.pulumi_cli import JobError


def configured(stacks: dict[str, dict[str, Any]]) -> Any:
    def stack_config(stack: str, cwd: Path) -> dict[str, Any]:
        return {f"m365-tenant:{k}": {"value": v} for k, v in stacks[stack].items()}

    return stack_config


def test_the_family_is_its_tenant_wide_stack_then_the_others(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = {"prod": {"description": "city_metropolis", "shard": "tenant"}}
    monkeypatch.setattr(shards, "stack_config", configured(config))
    assert shards.family_stacks("prod", Path()) == ["prod", "prod-ville", "prod-metropole"]


def test_a_family_whose_stack_deploys_the_whole_tenant_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        shards, "stack_config", configured({"city": {"description": "city_metropolis"}})
    )
    with pytest.raises(JobError, match=r"stack city deploys a whole tenant, not the tenant-wide"):
        shards.family_stacks("city", Path())
