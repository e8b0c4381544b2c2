"""Errors the Outlook (Exchange Online) part of Graph answers mailbox requests with."""

from __future__ import annotations

from local_tenant.errors import GraphError


class MailboxNotEnabled(GraphError):
    """404 for a user without an Exchange Online mailbox: never licensed, licensed too recently,
    unlicensed (soft-deleted), or a guest. Graph's code and message, as reported in
    microsoftgraph/msgraph-sdk-javascript#1756 and microsoftgraph/microsoft-graph-docs-contrib
    #405 and #6519."""

    status = 404
    code = "MailboxNotEnabledForRESTAPI"

    def __init__(self) -> None:
        super().__init__("The mailbox is either inactive, soft-deleted, or is hosted on-premise.")


class InvalidTimeZone(GraphError):
    """400 for a time zone the mailbox server does not know (user-update-mailboxsettings)."""

    code = "InvalidTimeZone"

    def __init__(self) -> None:
        super().__init__("Time Zone settings provided are invalid.")


class InvalidTimeSettings(GraphError):
    """400 for working hours that end before they start (user-update-mailboxsettings)."""

    code = "ErrorInvalidTimeSettings"

    def __init__(self) -> None:
        super().__init__("Start Time should occur before End Time.")


class InvalidMailboxArgument(GraphError):
    """400 for a culture Exchange does not offer, or a date or time format that is not one of
    the culture's short patterns (Exchange's DataValidationException wording)."""

    code = "ErrorInvalidArgument"


class ReadOnlySetting(GraphError):
    """400 for a mailbox setting Graph reads but does not update (userPurpose, archiveFolder:
    not among user-update-mailboxsettings' writable properties)."""

    def __init__(self, name: str) -> None:
        super().__init__(f"Property '{name}' is read-only and cannot be set.")
