"""Errors the usage reports answer with."""

from __future__ import annotations

from local_tenant.errors import BadRequest, ItemNotFound


class InvalidReportArgument(BadRequest):
    """400 for an unknown period, a bad date or an unsupported $format."""


class UnknownReport(BadRequest):
    """400 for a report function Graph v1.0 does not have."""


class DownloadExpired(ItemNotFound):
    """404 for a report download link that expired or never existed."""
