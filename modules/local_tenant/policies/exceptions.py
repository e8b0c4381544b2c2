"""Errors the policy endpoints answer with."""

from __future__ import annotations

from local_tenant.errors import Conflict, DirectoryBadRequest, NotFound


class PartnerNotFound(NotFound):
    """404 for a tenant with no partner configuration."""

    @classmethod
    def for_tenant(cls, tenant_id: str) -> PartnerNotFound:
        return cls(f"Partner configuration for tenant '{tenant_id}' does not exist.")


class PartnerExists(Conflict):
    """409 when a partner configuration for the tenant already exists."""

    code = "Request_MultipleObjectsWithSameKeyValue"

    def __init__(self, tenant_id: str) -> None:
        super().__init__(f"A partner configuration for tenant '{tenant_id}' already exists.")


class SettingConflict(DirectoryBadRequest):
    """400 for a second directory setting from the same template on the same scope."""

    def __init__(self) -> None:
        super().__init__(
            "A conflicting object with one or more of the specified property values is present "
            "in the directory."
        )


class InvalidSetting(DirectoryBadRequest):
    """400 for an unknown template or setting name."""
