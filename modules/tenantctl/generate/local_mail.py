"""Give the local tenant's mailboxes a believable usage for the migration report.

The description's agents who hold an Exchange licence have a mailbox; each gets items,
storage and a last activity date through the admin API (`PUT /_admin/mailboxes/{user}/usage`,
the figures of getMailboxUsageDetail), derived from their UPN so that a second run writes the
same: about one in seven has not read or sent mail since their wave's date (last active
a few weeks before it), the others were active in the last week. Agents without a mailbox yet
(not licensed, or licensed by a `pulumi up` still to come) are counted, not seeded.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import httpx

from tenantctl.generate.local_directory import (
    SERVE,
    LocalTenantEndpoint,
    LocalTenantError,
    admin_call,
    directory_agents,
)
from tenantctl.model import Tenant, TenantIndex

QUIET_IN = 7
"""One agent in this many has no mail activity since their wave."""


@dataclass(frozen=True)
class MailSeed:
    """What seeding did: mailboxes given usage, and agents with no mailbox to seed."""

    seeded: int
    quiet: int
    without_mailbox: int
    waiting: int = 0
    """Mailboxes seeded for agents whose wave is still to come."""


def usage_of(upn: str, wave_date: date | None, today: date) -> dict[str, object]:
    """The usage an agent's mailbox is given: figures from the UPN's hash; the last activity
    a few weeks before their wave's date for one in `QUIET_IN`, else in the last week."""
    h = int.from_bytes(hashlib.sha256(upn.lower().encode()).digest()[:8], "big")
    items = 800 + h % 24_000
    if wave_date is not None and wave_date <= today and h % QUIET_IN == 0:
        last = wave_date - timedelta(days=1 + h % 28)
    else:
        last = today - timedelta(days=h % 7)
        last = max(last, wave_date) if wave_date is not None and wave_date <= today else last
    return {
        "itemCount": items,
        "storageUsedBytes": items * (45_000 + h % 40_000),
        "lastActivityDate": last.isoformat(),
    }


def seed_mail_usage(endpoint: LocalTenantEndpoint, tenant: Tenant) -> MailSeed:
    """Seed the usage of every mailbox the description's agents hold."""
    index = TenantIndex(tenant)
    headers = {"X-Admin-Token": endpoint.admin_token}
    seeded = quiet = without = waiting = 0
    try:
        with httpx.Client(base_url=endpoint.admin_url, headers=headers, timeout=30) as client:
            now = admin_call(client.get("/clock")).json()["now"]
            today = datetime.fromisoformat(now.replace("Z", "+00:00")).date()
            for directorate, user in directory_agents(tenant):
                upn = str(user["userPrincipalName"])
                wave = index.wave_of(upn, directorate.code)
                usage = usage_of(upn, wave.date if wave else None, today)
                answer = client.put(f"/mailboxes/{user['id']}/usage", json=usage)
                if answer.status_code == 404:
                    without += 1
                    continue
                admin_call(answer)
                seeded += 1
                coming = wave is not None and wave.date > today
                waiting += coming
                quiet += (
                    wave is not None
                    and not coming  # a wave still to come has no quiet agents yet
                    and str(usage["lastActivityDate"]) < wave.date.isoformat()
                )
    except httpx.TransportError as error:
        raise LocalTenantError(
            f"no local tenant answers at {endpoint.base_url} ({type(error).__name__}: {error}): "
            f"start it again with `{SERVE.format(data='<its data folder>')}`"
        ) from None
    return MailSeed(seeded, quiet, without, waiting)
