"""What the group lifecycle reaches on its tenant: the directory's groups and its own policy."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from local_tenant.host import Host

if TYPE_CHECKING:
    from local_tenant.directory.models import Directory
    from local_tenant.lifecycle.models import Lifecycle


class LifecycleHost(Host, Protocol):
    """The tenant as this workload sees it."""

    directory: Directory
    lifecycle: Lifecycle
