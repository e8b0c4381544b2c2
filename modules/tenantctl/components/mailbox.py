"""Mailbox settings: one `MailboxSettings` resource per organisation or directorate that
declares them, over its directorates' agents groups."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pulumi

from tenantctl.model import Tenant
from tenantctl.model.mailbox_settings import ScopeSettings, scope_settings
from tenantctl.resources.specs.mailbox_settings import MailboxSettings, MailboxSettingsArgs

GroupId = Callable[[str], pulumi.Input[str]]
"""A directorate's agents group id by code (from this stack, or another shard's output)."""


def mailbox_settings(
    tenant: Tenant, group_id: GroupId, scopes: Sequence[ScopeSettings] | None = None
) -> dict[str, MailboxSettings]:
    """The scopes' resources (every scope, or those of `scopes`), by scope. An organisation's
    leaves out the agents of its directorates that have settings of their own."""
    own = {s.scope for s in scope_settings(tenant)}
    found = scope_settings(tenant) if scopes is None else scopes
    return {s.scope: _resource(tenant, s, own, group_id) for s in found}


def _resource(
    tenant: Tenant, found: ScopeSettings, own: set[str], group_id: GroupId
) -> MailboxSettings:
    overriding = [
        d.code for d in tenant.directorates if d.organisation == found.scope and d.code in own
    ]
    hours = found.working_hours
    return MailboxSettings(
        f"mailbox-settings-{found.scope.lower()}",
        MailboxSettingsArgs(
            scope=found.scope,
            groups=[group_id(code) for code in found.directorates],
            excluded_groups=[group_id(code) for code in overriding],
            language=found.language,
            time_zone=found.time_zone,
            date_format=found.date_format,
            time_format=found.time_format,
            working_days=list(hours.days) if hours else None,
            working_start=hours.start if hours else None,
            working_end=hours.end if hours else None,
            working_time_zone=(hours.time_zone or found.time_zone) if hours else None,
        ),
    )
