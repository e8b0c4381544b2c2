"""Pulumi program: load the stack's tenant description and declare it."""

import pulumi
from pulumi.runtime.config import get_config_env, get_config_secret_keys_env

from tenantctl.components import BuildOptions, declare_tenant
from tenantctl.graph.settings import lookup_from
from tenantctl.jobs.failures import explain, show_traceback
from tenantctl.model import TenantDescriptionError
from tenantctl.model.shards import Split
from tenantctl.resources.stack_traces import keep_declaring_frames
from tenantctl.stack import shards
from tenantctl.stack.config import problems
from tenantctl.stack.description import load_valid_stack
from tenantctl.stack.registrations import Steps, declared_in_turn

config_problems = problems(get_config_env(), get_config_secret_keys_env())
if config_problems:
    raise pulumi.RunError("\n".join(config_problems))

keep_declaring_frames()
config = pulumi.Config()
description = config.require("description")
group_provider = config.require("groupProvider")  # Pulumi.yaml gives its default
shard = config.get("shard") or ""


def declare_stack() -> Steps[None]:
    """Load and check the stack's description, then declare it a component per step."""
    try:
        loaded = load_valid_stack(description)
        for warning in loaded.warnings:
            pulumi.log.warn(str(warning))
        split, stack = Split(loaded.tenant), pulumi.get_stack()
        share = float(lookup_from(get_config_env())("graphBudgetShare") or 1)
        shard_problems = shards.problems(split, description, shard, stack, share)
        if shard_problems:
            raise pulumi.RunError("\n".join(shard_problems))
        options = BuildOptions(
            group_provider=group_provider,
            shard=shard or None,
            tenant_wide_stack=shards.tenant_wide_stack(stack, shard) if shard else None,
            today=loaded.today,
        )
        yield from declare_tenant(loaded.tenant, options)
    except TenantDescriptionError as error:
        raise pulumi.RunError(str(error)) from None
    except pulumi.RunError:
        raise
    except Exception as error:  # one line, never a traceback (tenantctl.jobs.failures)
        if show_traceback():
            raise
        raise pulumi.RunError(explain(error)) from None


pulumi.run(lambda: declared_in_turn(declare_stack()))
