"""Mailbox settings: one `MailboxSettings` resource per organisation or directorate that
declares them, over its directorates' agents groups."""

from __future__ import annotations

from tenantctl.components.directorate import Directorate
from tenantctl.model import Tenant
from tenantctl.model.mailbox_settings import ScopeSettings, scope_settings
from tenantctl.resources.specs.mailbox_settings import MailboxSettings, MailboxSettingsArgs


def mailbox_settings(
    tenant: Tenant, directorates: dict[str, Directorate]
) -> dict[str, MailboxSettings]:
    """The scopes' resources, by scope. An organisation's leaves out the agents of its
    directorates that have settings of their own."""
    found = scope_settings(tenant)
    own = {s.scope for s in found}
    return {s.scope: _resource(tenant, s, own, directorates) for s in found}


def _resource(
    tenant: Tenant, found: ScopeSettings, own: set[str], directorates: dict[str, Directorate]
) -> MailboxSettings:
    overriding = [
        d.code for d in tenant.directorates if d.organisation == found.scope and d.code in own
    ]
    hours = found.working_hours
    return MailboxSettings(
        f"mailbox-settings-{found.scope.lower()}",
        MailboxSettingsArgs(
            scope=found.scope,
            groups=[directorates[code].group_id for code in found.directorates],
            excluded_groups=[directorates[code].group_id for code in overriding],
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
