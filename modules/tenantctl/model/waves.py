"""Rules for the migration waves: each agent moves from the old mail system exactly once.

A directorate moves in one wave; a person named in a wave moves with it, ahead of or after
their directorate, and in no other wave.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from tenantctl.model.errors import Finding

if TYPE_CHECKING:
    from tenantctl.model.rules import RuleContext


def waves_carry_known_agents(ctx: RuleContext) -> Iterator[Finding]:
    for wave in ctx.tenant.waves:
        for position, code in enumerate(wave.directorates):
            if ctx.missing("directorates", code):
                yield ctx.error(
                    "waves",
                    wave.key,
                    ("directorates", position),
                    f"unknown directorate '{code}'",
                    "use a code defined under 'directorates'",
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
