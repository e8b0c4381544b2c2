"""The tenant: storage, identities, behaviour settings and the workload backends, wired together.

Each workload types the tenant by its own host (`local_tenant.<workload>.host`), naming only
the workloads below it, so the tenant, which builds them all, sits above them all."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from local_tenant.auth import Authority
from local_tenant.clock import Clock
from local_tenant.datadir import private_directory
from local_tenant.directory.licensing import Licensing
from local_tenant.directory.models import Directory
from local_tenant.faults import FaultLayer
from local_tenant.lifecycle.models import Lifecycle
from local_tenant.mail.models import LICENCE_ROUTES, Mailboxes
from local_tenant.organisation import Behaviour, Organisation
from local_tenant.policies.conditional_access import ConditionalAccess
from local_tenant.policies.models import Policies
from local_tenant.reports.models import Reports
from local_tenant.reviews.models import AccessReviews
from local_tenant.sites.models import Sites
from local_tenant.storage import Store
from local_tenant.teams.channels import Channels
from local_tenant.teams.models import Teams
from local_tenant.units.models import AdministrativeUnits
from local_tenant.units.roles import Roles


class Tenant:
    """One local tenant: the store and the backends of each workload."""

    def __init__(self, data_dir: Path | None, organisation: Organisation | None = None) -> None:
        self.data_dir = data_dir
        if data_dir is not None:
            private_directory(data_dir)
        self.store = Store(None if data_dir is None else data_dir / "tenant.sqlite")
        stored = self.store.meta_get("organisation")
        self.organisation = Organisation(**stored) if stored else organisation or Organisation()
        if not stored:
            self.store.meta_set("organisation", self.organisation.model_dump())
        self.behaviour = Behaviour(**self.store.meta_get("behaviour", {}))
        self.authority = Authority(data_dir, self.organisation.tenant_id)
        self.faults = FaultLayer(self)
        self.clock = Clock(self.store)
        self.directory = Directory(self)
        self.licensing = Licensing(self)
        self.sites = Sites(self)
        self.teams = Teams(self)
        self.channels = Channels(self)
        self.policies = Policies(self)
        self.reports = Reports(self)
        self.lifecycle = Lifecycle(self)
        self.roles = Roles(self)
        self.units = AdministrativeUnits(self)
        self.conditional_access = ConditionalAccess(self)
        self.reviews = AccessReviews(self)
        self.mailboxes = Mailboxes(self)

    def written(self, route: str) -> None:
        """After a write by ``route``, inside its transaction: let the workloads that follow
        other objects catch up (mailboxes follow licences)."""
        if route in LICENCE_ROUTES:
            self.mailboxes.reconcile()

    def set_behaviour(self, changes: dict[str, Any]) -> Behaviour:
        """Update behaviour settings and persist them."""
        self.behaviour = Behaviour(**{**self.behaviour.model_dump(), **changes})
        self.store.meta_set("behaviour", self.behaviour.model_dump())
        return self.behaviour

    def reset(self) -> None:
        """Forget every object; keep the organisation and behaviour settings."""
        self.store.clear()
        self.store.meta_set("organisation", self.organisation.model_dump())
        self.store.meta_set("behaviour", self.behaviour.model_dump())

    def stable_id(self, *parts: str) -> str:
        """A GUID derived from the tenant and ``parts`` (stable across runs)."""
        return str(uuid.uuid5(uuid.UUID(self.organisation.tenant_id), "/".join(parts)))
