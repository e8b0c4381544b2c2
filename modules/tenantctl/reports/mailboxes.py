"""Which users have an Exchange Online mailbox: their mailbox settings are readable
(learn.microsoft.com/graph/api/user-get-mailboxsettings), or Graph answers 404
MailboxNotEnabledForRESTAPI (no mailbox yet, none any more, or hosted on-premises).

Read in JSON batches of 20 (learn.microsoft.com/graph/json-batching) through the shared
client, which retries throttled items. Outlook's budget is per app and mailbox (10,000
requests in 10 minutes, 4 at once; learn.microsoft.com/graph/throttling-limits#outlook-service-
limits): each mailbox is read once, so a tenant of any size stays far within it.
"""

from __future__ import annotations

from collections.abc import Iterable

from tenantctl.graph import BatchItem, GraphClient, GraphError
from tenantctl.m365.reads import Read

SETTINGS = Read("users/{id}/mailboxSettings", "MailboxSettings.Read")
READS = (SETTINGS,)
"""The probe's read and its least application permission (user-get-mailboxsettings)."""
NOT_ENABLED = "MailboxNotEnabledForRESTAPI"


async def provisioned(client: GraphClient, user_ids: Iterable[str]) -> dict[str, bool]:
    """User id → whether their mailbox answers. Any other error than "mailbox not enabled"
    (403 for a missing permission, a user deleted meanwhile) is raised as a `GraphError`."""
    users = list(dict.fromkeys(user_ids))
    items = [
        BatchItem(str(n), "GET", f"{SETTINGS.url(user_id)}?$select=timeZone")
        for n, user_id in enumerate(users)
    ]
    results = await client.batch(items)
    found: dict[str, bool] = {}
    for item, user_id in zip(items, users, strict=True):
        result = results[item.id]
        if result.status == 200:
            found[user_id] = True
        elif result.status == 404 and _code(result.body) == NOT_ENABLED:
            found[user_id] = False
        else:
            url = f"{client.settings.base_url}/{item.url}"
            raise GraphError.from_body("GET", url, result.status, result.body)
    return found


def _code(body: object) -> str:
    error = body.get("error") if isinstance(body, dict) else None
    return str(error.get("code", "")) if isinstance(error, dict) else ""
