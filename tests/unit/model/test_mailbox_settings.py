"""Mailbox settings per organisation or directorate: effective values, and Exchange's checks
made before anything is applied, each finding at its file and line with the fix."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tenantctl.model.mailbox_settings import scope_settings

if TYPE_CHECKING:
    from conftest import Description

ORGANISATION = """\
mailbox_settings:
  - scope: ville
    language: fr-FR
    time_zone: Romance Standard Time
    date_format: dd/MM/yyyy
    time_format: HH:mm
    working_hours:
      days: [monday, tuesday, wednesday, thursday, friday]
      start: '08:30'
      end: '17:00'
"""


def with_settings(desc: Description, *extra: str) -> None:
    desc.write("mail.yaml", ORGANISATION + "".join(f"{line}\n" for line in extra))


def test_a_directorate_overrides_its_organisation_value_by_value(desc: Description) -> None:
    with_settings(
        desc,
        "  - scope: DSI",
        "    time_zone: Europe/Paris",
        "    working_hours: {days: [monday, tuesday], start: '09:00', end: '18:30'}",
    )
    found = {s.scope: s for s in scope_settings(desc.load().tenant)}
    assert found["ville"].directorates == ("DRH",)
    dsi = found["DSI"]
    assert dsi.directorates == ("DSI",)
    assert (dsi.language, dsi.time_zone, dsi.date_format) == ("fr-FR", "Europe/Paris", "dd/MM/yyyy")
    assert dsi.working_hours is not None and dsi.working_hours.end == "18:30"


def test_an_unknown_scope_is_refused_with_the_closest_name(desc: Description) -> None:
    with_settings(desc, "  - scope: DSX", "    time_zone: UTC")
    finding = desc.only()
    assert finding.key == "mailbox_settings[DSX].scope"
    assert finding.message == "unknown scope 'DSX'" and finding.fix == "did you mean 'DSI'?"
    assert finding.source is not None and finding.source.line == desc.line("mail.yaml", "DSX")


def test_a_scope_named_twice_is_refused(desc: Description) -> None:
    with_settings(desc, "  - scope: ville", "    time_zone: UTC")
    finding = desc.only()
    assert finding.message.startswith("duplicate scope 'ville'")
    assert finding.source is not None and finding.source.line == desc.line("mail.yaml", "ville", 2)


@pytest.mark.parametrize(
    ("old", "new", "key", "message", "fix"),
    [
        (
            "language: fr-FR",
            "language: fr-FX",
            "language",
            "language 'fr-FX' is not one Exchange offers",
            "did you mean 'fr-FR'?",
        ),
        (
            "time_zone: Romance Standard Time",
            "time_zone: Paris",
            "time_zone",
            "time zone 'Paris' is not one Exchange knows",
            "use a Windows id such as 'Romance Standard Time' or an IANA name such as "
            "'Europe/Paris'",
        ),
        (
            "date_format: dd/MM/yyyy",
            "date_format: M/d/yyyy",
            "date_format",
            "date format 'M/d/yyyy' is not a short pattern of fr-FR",
            "use one of: dd/MM/yyyy, dd/MM/yy, dd.MM.yy, dd-MM-yy, yyyy-MM-dd",
        ),
        (
            "time_format: HH:mm",
            "time_format: h:mm tt",
            "time_format",
            "time format 'h:mm tt' is not a short pattern of fr-FR",
            "use one of: HH:mm, H:mm",
        ),
        (
            "end: '17:00'",
            "end: '08:30'",
            "working_hours.end",
            "working hours end at 08:30, not after they start at 08:30",
            "give an end time later than the start time, on the same day",
        ),
        (
            "days: [monday,",
            "days: [lundi,",
            "working_hours.days[0]",
            "'lundi' is not a day of the week",
            "use: sunday, monday, tuesday, wednesday, thursday, friday, saturday (lower case)",
        ),
    ],
)
def test_values_exchange_refuses_are_refused_where_they_are_written(
    desc: Description, old: str, new: str, key: str, message: str, fix: str
) -> None:
    with_settings(desc)
    desc.replace("mail.yaml", old, new)
    finding = desc.only()
    assert (finding.key, finding.message, finding.fix) == (
        f"mailbox_settings[ville].{key}",
        message,
        fix,
    )
    assert finding.source is not None and finding.source.file.name == "mail.yaml"


def test_an_iana_zone_and_the_latest_working_minute_are_accepted(desc: Description) -> None:
    with_settings(desc)
    desc.replace("mail.yaml", "Romance Standard Time", "Europe/Paris")
    desc.replace("mail.yaml", "end: '17:00'", "end: '23:59'")
    assert scope_settings(desc.load().tenant)[0].time_zone == "Europe/Paris"


def test_an_inherited_format_the_directorate_language_refuses_names_the_inheritance(
    desc: Description,
) -> None:
    with_settings(desc, "  - scope: DSI", "    language: en-US")
    finding = desc.only()
    assert finding.key == "mailbox_settings[DSI].date_format"
    assert finding.message == (
        "date format 'dd/MM/yyyy' (inherited from its organisation) is not a short pattern of en-US"
    )


def test_an_unquoted_time_asks_for_quotes(desc: Description) -> None:
    with_settings(desc)
    desc.replace("mail.yaml", "start: '08:30'", "start: 8h30")
    finding = desc.only()
    assert finding.key == "mailbox_settings[ville].working_hours.start"
    assert "quoted in YAML ('08:30')" in finding.fix


def test_a_description_written_back_in_full_keeps_what_a_directorate_inherits(
    desc: Description,
) -> None:
    with_settings(desc, "  - scope: DSI", "    time_zone: Europe/Paris")
    tenant = desc.load().tenant
    again = type(tenant).model_validate(tenant.model_dump())
    assert scope_settings(again) == scope_settings(tenant)
    assert scope_settings(again)[1].language == "fr-FR"
