"""Errors as SharePoint's REST API words them: `{"odata.error": {"code", "message"}}`."""

from __future__ import annotations

from typing import Any

from local_tenant.errors import GraphError


class SharePointError(GraphError):
    """An error of the SharePoint REST API; the code is `<HRESULT>, <exception type>`."""

    code = "-2146232832, Microsoft.SharePoint.SPException"

    def body(self, request_id: str, client_request_id: str, date: str) -> dict[str, Any]:
        return {
            "odata.error": {"code": self.code, "message": {"lang": "en-US", "value": self.message}}
        }


class SiteNotFound(SharePointError):
    """404 for a URL or site id no site collection has."""

    status = 404
    code = "-2147024894, System.IO.FileNotFoundException"


class InvalidSharing(SharePointError):
    """400 for a SharingCapability that is unknown or more open than the tenant allows."""

    status = 400
    code = "-2146233088, Microsoft.Online.SharePoint.Common.SpoException"


class InvalidBatch(SharePointError):
    """400 for a `$batch` body that is not OData multipart, too long, or aims at another site."""

    status = 400
    code = "-1, Microsoft.SharePoint.Client.InvalidClientQueryException"
