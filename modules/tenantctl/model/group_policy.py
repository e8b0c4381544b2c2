"""Rules that hold the stack's own groups to the tenant's group policy (`tenant.group_policy`).

Entra does not apply the naming policy to groups an application creates
(`tenantctl.m365.naming_policy`), so these rules do: every space's display name and mail
nickname must follow the prefix/suffix pattern and hold no blocked word, before anything is
applied. The policy covers Microsoft 365 groups only; directorates' and licence groups are
security groups, which it leaves alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from tenantctl.m365.naming_policy import blocked_words_in, expected_form, matches_pattern
from tenantctl.model.errors import Finding

if TYPE_CHECKING:
    from tenantctl.model.rules import RuleContext

POLICY = ("group_policy",)


def spaces_follow_the_naming_policy(ctx: RuleContext) -> Iterator[Finding]:
    policy = ctx.tenant.tenant.group_policy
    for space in ctx.tenant.spaces:
        names = (
            ("display_name", space.display_name, False),
            ("mail_nickname", ctx.index.space_mail_nickname(space), True),
        )
        for field, name, alias in names:
            if policy.naming and not matches_pattern(name, policy.naming, alias=alias):
                yield ctx.error(
                    "spaces",
                    space.key,
                    (field,),
                    f"{field.replace('_', ' ')} '{name}' does not follow the tenant's naming "
                    f"policy '{policy.naming}'",
                    f"name it '{expected_form(policy.naming)}' (Entra applies the policy only "
                    "to groups users create, so the toolkit refuses instead of renaming)",
                )
            blocked = blocked_words_in(name, policy.blocked_words, alias=alias)
            if blocked:
                yield ctx.error(
                    "spaces",
                    space.key,
                    (field,),
                    f"{field.replace('_', ' ')} '{name}' holds the blocked word "
                    f"{', '.join(repr(w) for w in blocked)}",
                    "choose a name without it, or remove it from "
                    "'tenant.group_policy.blocked_words'",
                )


def group_creators_are_declared(ctx: RuleContext) -> Iterator[Finding]:
    creators = ctx.tenant.tenant.group_policy.creators
    if creators and ctx.missing("directorates", creators):
        yield ctx.error(
            "tenant",
            "",
            (*POLICY, "creators"),
            f"unknown directorate '{creators}'",
            "name a directorate defined under 'directorates': its agents group may create groups",
        )
