"""Write a tenant description back as YAML, in the same shape the loader reads."""

from __future__ import annotations

from typing import Any

import yaml

from tenantctl.model.schema import Tenant

FAST_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
"""libyaml's safe emitter when PyYAML was built with it (the same YAML, several times faster),
for descriptions written at scale."""


def tenant_to_data(tenant: Tenant) -> dict[str, Any]:
    """Plain data for a tenant, leaving out defaults so the YAML stays as short as written."""
    data = tenant.model_dump(mode="json", exclude_defaults=True)
    return {section: value for section, value in data.items() if value}


def dump_tenant(tenant: Tenant) -> str:
    """The tenant as one YAML document."""
    return yaml.safe_dump(
        tenant_to_data(tenant), sort_keys=False, allow_unicode=True, default_flow_style=False
    )
