"""Teams and their groups hold people's work: protected from deletion unless allowed."""

from __future__ import annotations

from collections.abc import Iterator

from tenantctl.components.team_space import TEAM_SPACE
from tenantctl.governance.rule import Breach, Params, Rule
from tenantctl.governance.subject import Subject
from tenantctl.governance.violations import Level

CONTENT_KINDS = ("Team", "Group")
SPACES = ("TeamSpace", "PartnerSpace")


def content_protected(subject: Subject, _: Params) -> Iterator[Breach]:
    allowed = {TEAM_SPACE.name(space.key) for space in subject.tenant.spaces if space.allow_destroy}
    for resource in subject.of_kind(*CONTENT_KINDS):
        if resource.component not in SPACES or resource.protect:
            continue
        if resource.component_name in allowed:
            continue
        yield Breach(
            resource.name,
            "a team or its group can be deleted or replaced without the stack's allowance",
            "declare it through TeamSpace (protected), or set 'allow_destroy: true' on "
            "the space to let it go",
        )


RULES = (
    Rule(
        "content-protected",
        "Teams and team groups are protected from delete and replace unless allowed",
        Level.MANDATORY,
        content_protected,
    ),
)
