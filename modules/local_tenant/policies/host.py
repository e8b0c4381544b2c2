"""What the policies workload reaches on its tenant: the directory and its own backends."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from local_tenant.host import Host

if TYPE_CHECKING:
    from local_tenant.directory.models import Directory
    from local_tenant.policies.conditional_access import ConditionalAccess
    from local_tenant.policies.models import Policies


class PoliciesHost(Host, Protocol):
    """The tenant as this workload sees it."""

    directory: Directory
    policies: Policies
    conditional_access: ConditionalAccess
