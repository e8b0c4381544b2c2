"""The local tenant's users for a synthetic tenant: written as JSONL, loaded in one transaction.

Each user is what the local tenant's store holds (`local_directory.directory_users`) plus a
usage profile (`_activity`) the reports draw daily activity from.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from local_tenant.reports.activity import usage_profile
from local_tenant.tenant import Tenant as LocalTenant
from tenantctl.generate.local_directory import directory_users
from tenantctl.model import Tenant


def seed_users(tenant: Tenant, seed: int) -> Iterator[dict[str, Any]]:
    """Every user of the description's directory, with a usage profile."""
    rng = random.Random(f"tenantctl-generate/activity/{seed}")
    adoption: dict[str, float] = {}
    for user in directory_users(tenant):
        department = str(user["department"])
        if department not in adoption:
            adoption[department] = random.Random(f"{seed}/{department}").uniform(0.2, 1.0)
        yield {**user, "_activity": usage_profile(rng, adoption[department])}


def write_seed(path: Path, users: Iterable[dict[str, Any]]) -> int:
    """Write one user per line (sorted keys, so the same users give the same bytes)."""
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for user in users:
            out.write(json.dumps(user, ensure_ascii=False, sort_keys=True) + "\n")
            count += 1
    return count


def load_seed(path: Path, data_dir: Path) -> int:
    """Put the users of a JSONL seed (and the tenant's subscriptions) into a local tenant's
    data directory, in one transaction; return how many users were written."""
    tenant = LocalTenant(data_dir)
    count = 0
    try:
        with tenant.store.transaction(), path.open(encoding="utf-8") as lines:
            tenant.licensing.seed()
            for line in lines:
                tenant.directory.add_user(json.loads(line))
                count += 1
    finally:
        tenant.store.close()
    return count
