"""Rules for the migration waves: each agent moves from the old mail system exactly once, and
a wave whose date has come finds a licence that gives a mailbox.

A directorate moves in one wave; a person named in a wave moves with it, ahead of or after
their directorate, and in no other wave. A directorate in no wave, when the stack declares
waves, is taken as already moved (a warning). On the date the program plans for
(`RuleContext.today`), the agents of every wave that has come should fall in a licence group
whose licence gives a mailbox (`skus.gives_mailbox`): by its directorates, its users, or a
rule listing their departments (another rule, on job titles say, is not counted). Agents
left out are a warning, not an error: a tenant may hold some back on purpose (the migration
report then lists them as not licensed).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from tenantctl.m365.skus import gives_mailbox
from tenantctl.model.derive import listed_departments
from tenantctl.model.errors import Finding

if TYPE_CHECKING:
    from tenantctl.model.rules import RuleContext


def waves_carry_known_agents(ctx: RuleContext) -> Iterator[Finding]:
    for wave in ctx.tenant.waves:
        yield from ctx.unknown_references(
            "waves", wave.key, "directorates", "directorates", wave.directorates
        )
        yield from ctx.unknown_people("waves", wave.key, "people", wave.people)


def each_agent_moves_once(ctx: RuleContext) -> Iterator[Finding]:
    directorate_wave: dict[str, str] = {}
    person_wave: dict[str, str] = {}
    for wave in ctx.tenant.waves:
        for position, code in enumerate(wave.directorates):
            earlier = directorate_wave.setdefault(code, wave.key)
            if earlier != wave.key:
                yield ctx.error(
                    "waves",
                    wave.key,
                    ("directorates", position),
                    f"directorate '{code}' already moves in wave '{earlier}'",
                    f"keep '{code}' in one wave; name people under a wave's 'people' to move "
                    "them apart from their directorate",
                )
        for position, upn in enumerate(wave.people):
            earlier = person_wave.setdefault(upn.lower(), wave.key)
            if earlier != wave.key:
                yield ctx.error(
                    "waves",
                    wave.key,
                    ("people", position),
                    f"'{upn}' already moves in wave '{earlier}'",
                    f"keep '{upn}' in one wave",
                )
    for wave in ctx.tenant.waves:
        for position, upn in enumerate(wave.people):
            person = ctx.index.people.get(upn.lower())
            moving = person and ctx.index.directorate_waves.get(person.directorate)
            if person is not None and moving and moving.key == wave.key:
                yield ctx.warning(
                    "waves",
                    wave.key,
                    ("people", position),
                    f"'{upn}' already moves in this wave with directorate '{person.directorate}'",
                    f"remove '{upn}' from the wave's 'people'",
                )


def directorates_have_a_wave(ctx: RuleContext) -> Iterator[Finding]:
    if not ctx.tenant.waves or ctx.rejected.get("waves"):
        return  # no waves, or a wave refused by the schema, whose directorates are unknown
    for d in ctx.tenant.directorates:
        if d.code not in ctx.index.directorate_waves:
            yield ctx.warning(
                "directorates",
                d.code,
                ("code",),
                f"directorate '{d.code}' moves in no wave: its agents are licensed as already "
                "moved",
                f"add '{d.code}' to a wave's 'directorates' if it has not moved yet",
            )


def moved_agents_get_a_mailbox(ctx: RuleContext) -> Iterator[Finding]:
    if ctx.today is None:
        return  # no date planned for: no wave is past it
    today = ctx.today
    groups = [g for g in ctx.tenant.licence_groups if gives_mailbox(g.sku, g.disabled_plans)]
    codes = {code for g in groups for code in g.directorates}
    users = {upn.lower() for g in groups for upn in g.users}
    departments = {
        dep.casefold() for g in groups if g.rule for dep in listed_departments(g.rule) or ()
    }
    fix = (
        "name it in a licence group whose SKU has an Exchange plan (its 'directorates', "
        "'users' or a rule listing the departments), or move the wave's date"
    )
    for wave in ctx.tenant.waves:
        if not ctx.index.has_moved(wave, today):
            continue
        for position, code in enumerate(wave.directorates):
            directorate = ctx.index.directorates.get(code)
            if directorate is None or code in codes:
                continue
            bare = [
                *(
                    dep
                    for dep in directorate.membership.departments
                    if dep.casefold() not in departments
                ),
                *(upn for upn in directorate.membership.users if upn.lower() not in users),
            ]
            if bare:
                yield ctx.warning(
                    "waves",
                    wave.key,
                    ("directorates", position),
                    f"the wave's date {wave.date} has come and no licence with a mailbox "
                    f"covers {code}: {', '.join(bare)}",
                    fix,
                )
        for position, upn in enumerate(wave.people):
            person = ctx.index.people.get(upn.lower())
            if person is None or upn.lower() in users or person.directorate in codes:
                continue
            theirs = ctx.index.directorates.get(person.directorate)
            reached = theirs is not None and any(
                dep.casefold() in departments for dep in theirs.membership.departments
            )
            if not reached:
                yield ctx.warning(
                    "waves",
                    wave.key,
                    ("people", position),
                    f"the wave's date {wave.date} has come and no licence with a mailbox "
                    f"covers '{upn}'",
                    fix,
                )
