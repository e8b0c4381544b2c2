"""What every workload reads on the tenant that hosts it: the store, the clock, who the tenant
is and its service timings. Each workload's own host (its `host` module) adds the sibling
workloads it reaches; `local_tenant.tenant.Tenant` is every one of them."""

from __future__ import annotations

from typing import Protocol

from local_tenant.clock import Clock
from local_tenant.organisation import Behaviour, Organisation
from local_tenant.storage import Store


class Host(Protocol):
    """The tenant as a workload sees it."""

    store: Store
    clock: Clock
    organisation: Organisation
    behaviour: Behaviour

    def stable_id(self, *parts: str) -> str:
        """A GUID derived from the tenant and ``parts`` (stable across runs)."""
        ...
