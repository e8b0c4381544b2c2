"""Errors the SharePoint part of Graph answers with."""

from __future__ import annotations

from local_tenant.errors import BadRequest, ItemNotFound


class SiteNotFound(ItemNotFound):
    """404 for an unknown site (site-get)."""

    code = "itemNotFound"

    @classmethod
    def for_id(cls, id: str) -> SiteNotFound:
        return cls(f"Requested site could not be found: '{id}'.")


class InvalidSettings(BadRequest):
    """400 for a sharepointSettings PATCH with an unknown property or value."""

    code = "invalidRequest"
