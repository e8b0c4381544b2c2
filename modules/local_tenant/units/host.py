"""What administrative units reach on their tenant: the directory's objects and their own roles
and units."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from local_tenant.host import Host

if TYPE_CHECKING:
    from local_tenant.directory.models import Directory
    from local_tenant.units.models import AdministrativeUnits
    from local_tenant.units.roles import Roles


class UnitsHost(Host, Protocol):
    """The tenant as this workload sees it."""

    directory: Directory
    roles: Roles
    units: AdministrativeUnits
