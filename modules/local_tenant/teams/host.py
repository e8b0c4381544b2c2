"""What the teams workload reaches on its tenant: the directory's groups and users, the sites
(a team's files) and its own teams and channels."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from local_tenant.host import Host

if TYPE_CHECKING:
    from local_tenant.directory.models import Directory
    from local_tenant.sites.models import Sites
    from local_tenant.teams.channels import Channels
    from local_tenant.teams.models import Teams


class TeamsHost(Host, Protocol):
    """The tenant as this workload sees it."""

    directory: Directory
    sites: Sites
    teams: Teams
    channels: Channels
