"""Placeholder."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from local_tenant.tenant import Tenant


class Sites:
    def __init__(self, tenant: Tenant) -> None:
        self.tenant = tenant

    def has_team(self, group_id: str) -> bool:
        return False
