"""What the shards of a split tenant share: the outputs the tenant-wide shard exports, read by
the other shards through a Pulumi stack reference (www.pulumi.com/docs/iac/concepts/stacks/
#stackreferences). Resources that need only names (people, directorates' rules) resolve them by
name as in an unsplit stack; only ids cross stacks.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pulumi

GUEST_IDS = "guest_ids"
"""Guest e-mail (lower case) → the user id of their invitation."""
DIRECTORATE_IDS = "directorate_ids"
"""Directorate code → its agents group's id, of the directorates a shard declares."""
LICENCE_GROUP_IDS = "licence_group_ids"
"""Licence group key → its group's id."""
SPACE_GROUP_IDS = "space_group_ids"
"""Space key → its group's (and team's) id, of the spaces a shard declares."""
TENANT_SHARING_ID = "tenant_sharing_id"
GROUP_EXPIRY_ID = "group_expiry_id"


class TenantWide:
    """The tenant-wide shard's outputs, by stack reference; a missing one is a one-line error
    saying to deploy that shard first."""

    def __init__(self, stack: str) -> None:
        self._stack = stack
        self._reference = pulumi.StackReference(
            f"{pulumi.get_organization()}/{pulumi.get_project()}/{stack}"
        )

    def output(self, name: str) -> pulumi.Output[Any]:
        """An output of the tenant-wide stack."""
        return self._reference.get_output(name).apply(lambda value: self._present(name, value))

    def item(self, name: str, key: str) -> pulumi.Output[str]:
        """One entry of a mapping output (a guest's id, a licence group's id)."""

        def entry(values: Mapping[str, str]) -> str:
            if key not in values:
                raise self._missing(f"{name}[{key}]")
            return values[key]

        return self.output(name).apply(entry)

    def _present(self, name: str, value: Any) -> Any:
        if value is None:
            raise self._missing(name)
        return value

    def _missing(self, name: str) -> pulumi.RunError:
        return pulumi.RunError(
            f"the tenant-wide stack {self._stack} exports no '{name}': deploy it first "
            f"(`pulumi up --stack {self._stack}`), then this shard"
        )
