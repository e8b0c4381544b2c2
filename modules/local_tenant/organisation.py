"""Who a local tenant is and the service timings it shows: the settings every workload reads."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

DEFAULT_TENANT_ID = "c5b9a0f2-4d3e-4b8a-9f61-2e7d8c1a0b34"


class Organisation(BaseModel):
    """Who the tenant is."""

    model_config = ConfigDict(extra="forbid")

    tenant_id: str = DEFAULT_TENANT_ID
    display_name: str = "Contoso"
    domain: str = "contoso.onmicrosoft.com"
    sharepoint_host: str = "contoso.sharepoint.com"


class Behaviour(BaseModel):
    """Service timings the real Graph shows and tests tune (not faults: Graph always does this)."""

    model_config = ConfigDict(extra="forbid")

    team_provision_s: float = 0.0
    files_folder_ready_s: float = 0.0
    report_link_ttl_s: float = 300.0
    mailbox_provision_s: float = 300.0
    """Seconds of the tenant's clock between a mailbox licence reaching a user and the
    mailbox answering (local_tenant.mail.models)."""
    mailbox_retention_days: float = 30.0
    """Days a disconnected mailbox is kept for a licence given back."""
