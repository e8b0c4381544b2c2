"""Rules for a space's end of life: archiving and expiry.

Archiving (learn.microsoft.com/graph/api/team-archive) is how a finished space is put away
instead of deleted; a description that archives a space and lets it be destroyed, or its
group deleted with its resource, contradicts itself. A space expires under the tenant's
group lifecycle policy (resources/grouplifecyclepolicy) only when that policy manages the
selected groups.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from tenantctl.model.errors import Finding
from tenantctl.model.schema import ExpiringSpaces

if TYPE_CHECKING:
    from tenantctl.model.rules import RuleContext


def archived_spaces_are_kept(ctx: RuleContext) -> Iterator[Finding]:
    for space in ctx.tenant.spaces:
        if not space.archived:
            continue
        for field, value in (("allow_destroy", True), ("retain_on_delete", False)):
            if getattr(space, field) is value:
                yield ctx.error(
                    "spaces",
                    space.key,
                    (field,),
                    f"an archived space is never deleted, but '{field}' is {str(value).lower()}",
                    f"remove '{field}' while the space is archived",
                )


def expiring_spaces_have_a_selective_policy(ctx: RuleContext) -> Iterator[Finding]:
    expiry = ctx.tenant.tenant.expiry
    for space in ctx.tenant.spaces:
        if not space.expires:
            continue
        if expiry is None:
            yield ctx.error(
                "spaces",
                space.key,
                ("expires",),
                "the space expires, but the tenant has no lifecycle policy",
                "add 'tenant.expiry' with 'spaces: selected', or remove 'expires'",
            )
        elif expiry.spaces is ExpiringSpaces.ALL:
            yield ctx.error(
                "spaces",
                space.key,
                ("expires",),
                "every space expires under 'tenant.expiry.spaces: all'",
                "remove 'expires', or set 'tenant.expiry.spaces: selected'",
            )
