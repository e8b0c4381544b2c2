"""Pulumi program: load the stack's tenant description and declare it."""

import pulumi

from tenantctl.components import BuildOptions, build_tenant
from tenantctl.description import load_valid_stack
from tenantctl.failures import explain, show_traceback
from tenantctl.model import TenantDescriptionError

config = pulumi.Config()
description = config.require("description")
group_provider = config.get("groupProvider") or "azuread"
if group_provider not in ("azuread", "graph"):
    raise pulumi.RunError(
        f"m365-tenant:groupProvider is '{group_provider}'; use 'azuread' or 'graph' "
        "(pulumi config set groupProvider graph)"
    )

try:
    loaded = load_valid_stack(description)
    for warning in loaded.warnings:
        pulumi.log.warn(str(warning))
    build_tenant(loaded.tenant, BuildOptions(group_provider=group_provider))
except TenantDescriptionError as error:
    raise pulumi.RunError(str(error)) from None
except Exception as error:  # one line, never a traceback (tenantctl.failures)
    if show_traceback():
        raise
    raise pulumi.RunError(explain(error)) from None
