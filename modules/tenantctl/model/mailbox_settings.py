"""Mailbox settings per organisation or directorate: what each scope's agents get, and the
checks Exchange would make, run before anything is applied.

A directorate's block overrides its organisation's value by value; an organisation's block
covers its directorates that have none. Exchange's rules (learn.microsoft.com/graph/api/
user-update-mailboxsettings, /graph/api/resources/mailboxsettings, /graph/api/resources/
workinghours): a culture among supportedLanguages, a Windows or IANA time zone, date and time
formats among the culture's short patterns, working hours that end after they start.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tenantctl.m365.mailbox import CULTURES, DAYS, IANA, ZONES, known_zone
from tenantctl.model.errors import Finding
from tenantctl.model.schema import MailboxSettings, Tenant, WorkingHours

if TYPE_CHECKING:
    from tenantctl.model.rules import RuleContext

SECTION = "mailbox_settings"


@dataclass(frozen=True)
class ScopeSettings:
    """The settings one scope's agents get: its directorates (those of an organisation that
    have no block of their own) and the values, its organisation's filled in."""

    scope: str
    directorates: tuple[str, ...]
    language: str | None
    time_zone: str | None
    date_format: str | None
    time_format: str | None
    working_hours: WorkingHours | None


def _overlay(base: MailboxSettings | None, block: MailboxSettings) -> MailboxSettings:
    if base is None:
        return block
    given = {
        name: value
        for name in MailboxSettings.model_fields
        if name != "scope" and (value := getattr(block, name)) is not None
    }
    return base.model_copy(update={"scope": block.scope, **given})


def scope_settings(tenant: Tenant) -> list[ScopeSettings]:
    """Every block's effective settings, in the description's order."""
    blocks = {b.scope: b for b in tenant.mailbox_settings}
    out: list[ScopeSettings] = []
    for block in tenant.mailbox_settings:
        directorate = next((d for d in tenant.directorates if d.code == block.scope), None)
        if directorate is not None:
            codes: tuple[str, ...] = (directorate.code,)
            values = _overlay(blocks.get(directorate.organisation), block)
        else:
            codes = tuple(
                d.code
                for d in tenant.directorates
                if d.organisation == block.scope and d.code not in blocks
            )
            values = block
        out.append(
            ScopeSettings(
                block.scope,
                codes,
                values.language,
                values.time_zone,
                values.date_format,
                values.time_format,
                values.working_hours,
            )
        )
    return out


def mailbox_settings_are_valid(ctx: RuleContext) -> Iterator[Finding]:
    """Scopes that exist, and values Exchange accepts, each reported where it is written (or
    on the directorate that inherits it)."""
    scopes = [*ctx.index.organisations, *ctx.index.directorates]
    written = {b.scope: b for b in ctx.tenant.mailbox_settings}
    for block in ctx.tenant.mailbox_settings:
        if block.scope not in scopes:
            close = difflib.get_close_matches(block.scope, scopes, n=1)
            yield ctx.error(
                SECTION,
                block.scope,
                ("scope",),
                f"unknown scope '{block.scope}'",
                f"did you mean '{close[0]}'?"
                if close
                else f"name an organisation key or a directorate code: {', '.join(scopes)}",
            )
    for found in scope_settings(ctx.tenant):
        if found.scope in scopes:
            yield from _values(ctx, found, written[found.scope])


def _where(block: MailboxSettings, name: str) -> str:
    return "" if getattr(block, name) is not None else " (inherited from its organisation)"


def _values(ctx: RuleContext, found: ScopeSettings, block: MailboxSettings) -> Iterator[Finding]:
    def error(sub: tuple[str | int, ...], message: str, fix: str) -> Finding:
        return ctx.error(SECTION, found.scope, sub, message, fix)

    culture = CULTURES.get(found.language) if found.language else None
    if found.language and culture is None:
        close = difflib.get_close_matches(found.language, CULTURES, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"use one of: {', '.join(CULTURES)}"
        yield error(
            ("language",),
            f"language '{found.language}'{_where(block, 'language')} is not one Exchange offers",
            hint,
        )
    for name, value in (("time_zone", found.time_zone), ("working_hours", None)):
        if name == "working_hours" and found.working_hours is not None:
            value = found.working_hours.time_zone
        if value and not known_zone(value):
            where = ("working_hours", "time_zone") if name == "working_hours" else (name,)
            yield error(
                where,
                f"time zone '{value}'{_where(block, name)} is not one Exchange knows",
                _zone_fix(value),
            )
    for name, value, patterns in (
        ("date_format", found.date_format, culture.date_formats if culture else ()),
        ("time_format", found.time_format, culture.time_formats if culture else ()),
    ):
        if value is None:
            continue
        if found.language is None:
            yield error(
                (name,),
                f"{name.replace('_', ' ')} '{value}' is given without a language",
                "give 'language' too: the formats Exchange accepts are the language's",
            )
        elif culture is not None and value not in patterns:
            yield error(
                (name,),
                f"{name.replace('_', ' ')} '{value}'{_where(block, name)} is not a short "
                f"pattern of {found.language}",
                f"use one of: {', '.join(patterns)}",
            )
    hours = found.working_hours
    if hours is not None:
        for position, day in enumerate(hours.days):
            if day not in DAYS:
                yield error(
                    ("working_hours", "days", position),
                    f"'{day}' is not a day of the week",
                    f"use: {', '.join(DAYS)} (lower case)",
                )
        if len(set(hours.days)) != len(hours.days):
            yield error(
                ("working_hours", "days"), "names a day twice", "name each working day once"
            )
        if hours.end <= hours.start:
            yield error(
                ("working_hours", "end"),
                f"working hours end at {hours.end}, not after they start at {hours.start}",
                "give an end time later than the start time, on the same day",
            )


def _zone_fix(value: str) -> str:
    close = difflib.get_close_matches(value, [*ZONES, *IANA], n=1)
    if close:
        return f"did you mean '{close[0]}'?"
    return "use a Windows id such as 'Romance Standard Time' or an IANA name such as 'Europe/Paris'"
