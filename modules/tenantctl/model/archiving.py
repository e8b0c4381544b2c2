"""Rules for archived spaces: an archived team keeps its content, so nothing may delete it.

Archiving (learn.microsoft.com/graph/api/team-archive) is how a finished space is put away
instead of deleted; a description that archives a space and lets it be destroyed, or its
group deleted with its resource, contradicts itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from tenantctl.model.errors import Finding

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
