"""Rules for the guest sign-in policy (`tenant.guest_sign_in`).

Its emergency access accounts are people of the tenant, never guests, each named once, two
or more and few (`tenantctl.m365.conditional_access`). Conditional access needs Entra ID P1
licences: a description whose licence groups assign none is warned, since the tenant may hold
them otherwise. A policy declared `on` from the start is allowed: the description has no
history, so it cannot know whether the policy ran in report-only first (docs/governance.md
says to).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from tenantctl.m365.conditional_access import BREAK_GLASS_MAX, BREAK_GLASS_RECOMMENDED, P1_PLAN
from tenantctl.m365.skus import SKUS
from tenantctl.model.errors import Finding

if TYPE_CHECKING:
    from tenantctl.model.rules import RuleContext

WHERE = ("guest_sign_in", "break_glass")


def break_glass_accounts_are_people(ctx: RuleContext) -> Iterator[Finding]:
    policy = ctx.tenant.tenant.guest_sign_in
    if policy is None:
        return
    accounts = policy.break_glass
    yield from ctx.unknown_people("tenant", "", WHERE, accounts)
    seen: set[str] = set()
    for position, upn in enumerate(accounts):
        if upn.lower() in seen:
            yield ctx.error(
                "tenant", "", (*WHERE, position), f"'{upn}' is named twice", "name it once"
            )
        seen.add(upn.lower())
    if len(accounts) > BREAK_GLASS_MAX:
        yield ctx.error(
            "tenant",
            "",
            WHERE,
            f"{len(accounts)} emergency access accounts; at most {BREAK_GLASS_MAX}, each a "
            "standing exception to multifactor authentication",
            f"keep {BREAK_GLASS_RECOMMENDED} to {BREAK_GLASS_MAX} cloud-only accounts",
        )
    elif len(accounts) < BREAK_GLASS_RECOMMENDED:
        yield ctx.warning(
            "tenant",
            "",
            WHERE,
            f"one emergency access account; Microsoft recommends {BREAK_GLASS_RECOMMENDED} or more",
            "add a second cloud-only account to 'people' and to 'break_glass'",
        )


def guest_sign_in_has_its_licence(ctx: RuleContext) -> Iterator[Finding]:
    if ctx.tenant.tenant.guest_sign_in is None:
        return
    for group in ctx.tenant.licence_groups:
        sku = SKUS.get(group.sku)
        if sku and P1_PLAN in sku.plans and P1_PLAN not in group.disabled_plans:
            return
    yield ctx.warning(
        "tenant",
        "",
        ("guest_sign_in",),
        "conditional access needs Microsoft Entra ID P1, and no licence group of the "
        f"description assigns it ({P1_PLAN})",
        "make sure the tenant holds P1 (or a suite with it, such as Microsoft 365 E3), or "
        "assign one through 'licence_groups'",
    )
