"""What the mailbox usage report says of one mailbox: seeded figures, or figures derived from
the user's activity profile (learn.microsoft.com/graph/api/reportroot-getmailboxusagedetail).

Quotas are Exchange Online's defaults for the mailbox's plan: 100 GB for
EXCHANGE_S_ENTERPRISE and EXCHANGE_S_STANDARD, 2 GB for EXCHANGE_S_DESKLESS; the warning at
98 % and the send limit at 99 % of it; 30 GB of Recoverable Items
(learn.microsoft.com/office365/servicedescriptions/exchange-online-service-description/
exchange-online-limits).
"""

from __future__ import annotations

import random
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

GB = 1024**3
QUOTA_BYTES = {"EXCHANGE_S_ENTERPRISE": 100 * GB, "EXCHANGE_S_STANDARD": 100 * GB}
KIOSK_QUOTA_BYTES = 2 * GB
RECOVERABLE_ITEMS_QUOTA_BYTES = 30 * GB


class MailboxUsage(BaseModel):
    """Seedable usage of one mailbox (the admin API's body; absent figures are derived)."""

    model_config = ConfigDict(extra="forbid")

    itemCount: int | None = Field(default=None, ge=0)
    storageUsedBytes: int | None = Field(default=None, ge=0)
    lastActivityDate: date | None = None
    deletedItemCount: int | None = Field(default=None, ge=0)
    deletedItemSizeBytes: int | None = Field(default=None, ge=0)
    hasArchive: bool | None = None


def derived(salt: str) -> dict[str, int]:
    """Deterministic figures for a mailbox nobody seeded."""
    rng = random.Random(f"mailbox/{salt}")
    items = rng.randint(200, 20000)
    deleted = rng.randint(0, items // 10)
    return {
        "itemCount": items,
        "storageUsedBytes": items * rng.randint(40_000, 90_000),
        "deletedItemCount": deleted,
        "deletedItemSizeBytes": deleted * rng.randint(20_000, 60_000),
    }


def quotas(kiosk: bool) -> tuple[int, int, int]:
    """(issue warning, prohibit send, prohibit send/receive) in bytes."""
    full = KIOSK_QUOTA_BYTES if kiosk else QUOTA_BYTES["EXCHANGE_S_ENTERPRISE"]
    return full * 98 // 100, full * 99 // 100, full
