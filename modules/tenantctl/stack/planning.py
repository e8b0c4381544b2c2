"""The date the program plans for: the one place "today" comes from.

Licence groups whose licence gives a mailbox cover an agent from their migration wave's date
(`TenantIndex.licence_membership`), so what a stack declares depends on the day it is applied.
That day is the machine's date unless `TENANTCTL_TODAY` names another (YYYY-MM-DD): to preview
a wave before its date, or to replay a run. Validation, the Pulumi program and `preview-report`
all read it here; the local tenant keeps its own clock (`/_admin/clock`).
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Mapping

from tenantctl.user_error import UserError

ENVIRONMENT = "TENANTCTL_TODAY"


class PlanningDateError(UserError):
    """TENANTCTL_TODAY is not a date."""


def planning_date(environ: Mapping[str, str] = os.environ) -> datetime.date:
    """TENANTCTL_TODAY when set, else the machine's date."""
    given = environ.get(ENVIRONMENT, "").strip()
    if not given:
        return datetime.date.today()
    try:
        return datetime.date.fromisoformat(given)
    except ValueError:
        raise PlanningDateError(
            f"{ENVIRONMENT} is {given!r}, not a date: give it as YYYY-MM-DD "
            f"(fix: `export {ENVIRONMENT}=2025-03-03`, or unset it to plan for today)"
        ) from None
