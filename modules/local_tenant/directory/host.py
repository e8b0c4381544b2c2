"""What the directory reaches on its tenant: its own backends, and whether a group has a team
(a team's group caps its people and keeps its last owner; the teams workload, above the
directory, answers)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from local_tenant.host import Host

if TYPE_CHECKING:
    from local_tenant.directory.licensing import Licensing
    from local_tenant.directory.models import Directory


class DirectoryHost(Host, Protocol):
    """The tenant as this workload sees it."""

    directory: Directory
    licensing: Licensing

    @property
    def teams(self) -> HasTeams:
        """Whether a group has a team."""
        ...


class HasTeams(Protocol):
    """Answers whether a group has a team."""

    def has_team(self, group_id: str) -> bool:
        """True if the group has a team (provisioned or not)."""
        ...
