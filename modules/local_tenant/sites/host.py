"""What the sites workload reaches on its tenant: the directory's groups, the tenant-wide
policies (a group site's sharing) and its own sites."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from local_tenant.host import Host

if TYPE_CHECKING:
    from local_tenant.directory.models import Directory
    from local_tenant.policies.models import Policies
    from local_tenant.sites.models import Sites


class SitesHost(Host, Protocol):
    """The tenant as this workload sees it."""

    directory: Directory
    policies: Policies
    sites: Sites
