"""What the rules look at: the tenant model, the planned resources and optional live facts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from tenantctl.model import Tenant, TenantIndex


@dataclass(frozen=True)
class PlannedResource:
    """A resource as the engine will receive it.

    `kind` is the short type (`Team`, `SiteSharing`, `Invitation` of azuread); `component` and
    `component_name` are the type (`PartnerSpace`, `TeamSpace`, ...) and name of the nearest
    tenantctl component above it, if any.
    """

    kind: str
    name: str
    props: Mapping[str, Any]
    component: str | None = None
    component_name: str | None = None
    protect: bool = False


@dataclass(frozen=True)
class Subject:
    """Everything a rule may read. `directory` (user principal names, lower case) and `seats`
    (purchased units by SKU part number) come from the live tenant when it was asked."""

    tenant: Tenant
    resources: tuple[PlannedResource, ...] = ()
    directory: frozenset[str] | None = None
    seats: Mapping[str, int] | None = None
    today: dt.date = field(default_factory=dt.date.today)

    @cached_property
    def index(self) -> TenantIndex:
        return TenantIndex(self.tenant)

    def of_kind(self, *kinds: str) -> list[PlannedResource]:
        """The planned resources of these kinds, in declaration order."""
        return [r for r in self.resources if r.kind in kinds]
