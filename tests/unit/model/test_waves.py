"""Migration waves: each directorate and each named person moves from the old mail system
exactly once, on a wave's date."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

import pytest

from tenantctl.model import Finding, load_tenant

if TYPE_CHECKING:
    from conftest import Description

WAVES = """\
    waves:
      - key: pilote
        display_name: Pilote
        date: 2025-03-03
        people: [chloe@ville-test.fr]
      - key: vague-1
        display_name: Vague 1 — l'administration générale
        date: 2025-04-07
        directorates: [DRH, DSI]
    """


def later(text: str) -> str:
    """TEXT and a wave carrying the directorates it leaves out, so that none is waveless."""
    left = [code for code in ("DRH", "DSI") if code not in text]
    wave = f"""\
      - key: vague-2
        display_name: Vague 2
        date: 2025-05-12
        directorates: [{", ".join(left)}]
    """
    return text.rstrip(" ") + wave


def test_waves_load_with_their_dates_directorates_and_people(desc: Description) -> None:
    desc.write("waves.yaml", WAVES)
    loaded = desc.load()
    pilot, first = loaded.tenant.waves
    assert (pilot.key, pilot.date, pilot.people) == (
        "pilote",
        datetime.date(2025, 3, 3),
        ("chloe@ville-test.fr",),
    )
    assert (first.display_name, first.directorates) == (
        "Vague 1 — l'administration générale",
        ("DRH", "DSI"),
    )
    assert loaded.warnings == ()


def test_a_wave_carries_someone(desc: Description) -> None:
    desc.write("waves.yaml", WAVES.replace("        people: [chloe@ville-test.fr]\n", ""))
    finding = desc.only()
    assert finding.key == "waves[pilote]"
    assert "give at least one" in finding.message
    assert finding.source is not None and finding.source.file.name == "waves.yaml"


def test_a_wave_date_is_a_calendar_day(desc: Description) -> None:
    desc.write("waves.yaml", WAVES.replace("2025-04-07", "2025-04-31"))
    finding = desc.only()
    assert finding.key == "waves[vague-1].date"
    assert finding.fix == "write a day of the calendar as YYYY-MM-DD, for example 2025-04-30"
    assert finding.source is not None
    assert finding.source.line == desc.line("waves.yaml", "2025-04-31")


def test_a_directorate_moves_in_one_wave(desc: Description) -> None:
    desc.write(
        "waves.yaml",
        WAVES.replace("people: [chloe@ville-test.fr]", "directorates: [DSI]"),
    )
    finding = desc.only()
    assert finding.key == "waves[vague-1].directorates[1]"
    assert finding.message == "directorate 'DSI' already moves in wave 'pilote'"
    assert finding.fix.startswith("keep 'DSI' in one wave")
    assert finding.source is not None
    assert finding.source.line == desc.line("waves.yaml", "directorates: [DRH, DSI]")


def test_a_person_moves_in_one_wave(desc: Description) -> None:
    desc.write(
        "waves.yaml",
        later(WAVES.replace("directorates: [DRH, DSI]", "people: [CHLOE@ville-test.fr]")),
    )
    finding = desc.only()
    assert finding.key == "waves[vague-1].people[0]"
    assert finding.message == "'CHLOE@ville-test.fr' already moves in wave 'pilote'"


@pytest.mark.parametrize(
    ("replacement", "key", "message"),
    [
        ("directorates: [DRH, DSJ]", "waves[vague-1].directorates[1]", "unknown directorate 'DSJ'"),
        ("people: [zoe@ville-test.fr]", "waves[vague-1].people[0]", "unknown person"),
        (
            "people: [eva@transports.example.com]",
            "waves[vague-1].people[0]",
            "is a guest of partner 'transports'",
        ),
    ],
)
def test_a_wave_carries_the_tenant_s_own_agents(
    desc: Description, replacement: str, key: str, message: str
) -> None:
    desc.write("waves.yaml", later(WAVES.replace("directorates: [DRH, DSI]", replacement)))
    finding = desc.only()
    assert finding.key == key
    assert message in finding.message


def test_a_person_named_in_their_directorate_s_wave_is_only_a_warning(
    desc: Description,
) -> None:
    desc.write(
        "waves.yaml",
        WAVES.replace("people: [chloe@ville-test.fr]", "directorates: [DRH]").replace(
            "directorates: [DRH, DSI]", "directorates: [DSI]\n        people: [chloe@ville-test.fr]"
        ),
    )
    (warning,) = desc.load().warnings
    assert warning.key == "waves[vague-1].people[0]"
    assert (
        warning.message == "'chloe@ville-test.fr' already moves in this wave with directorate 'DSI'"
    )
    assert warning.fix == "remove 'chloe@ville-test.fr' from the wave's 'people'"


def test_a_directorate_in_no_wave_is_taken_as_moved_with_a_warning(desc: Description) -> None:
    desc.write("waves.yaml", WAVES.replace("directorates: [DRH, DSI]", "directorates: [DSI]"))
    (warning,) = desc.load().warnings
    assert (warning.key, warning.message, warning.fix) == (
        "directorates[DRH].code",
        "directorate 'DRH' moves in no wave: its agents are licensed as already moved",
        "add 'DRH' to a wave's 'directorates' if it has not moved yet",
    )
    assert warning.source is not None and warning.source.file.name == "directorates.yaml"


def _held_back(desc: Description, today: datetime.date | None) -> list[Finding]:
    """The warnings of the description, its E3 group's Exchange plan disabled, on `today`."""
    desc.write("waves.yaml", WAVES)
    if "[EXCHANGE_S_ENTERPRISE]" not in desc.text("licences.yaml"):
        desc.replace("licences.yaml", "[SWAY]", "[EXCHANGE_S_ENTERPRISE]")
    loaded = load_tenant(desc.folder, relative_to=desc.folder, today=today)
    return [w for w in loaded.warnings if "no licence with a mailbox" in w.message]


def test_a_wave_past_its_date_with_no_licence_giving_a_mailbox_is_a_warning(
    desc: Description,
) -> None:
    found = _held_back(desc, datetime.date(2025, 4, 7))
    fix = (
        "name it in a licence group whose SKU has an Exchange plan (its 'directorates', 'users' "
        "or a rule listing the departments), or move the wave's date"
    )
    line = desc.line("waves.yaml", "directorates: [DRH, DSI]")
    assert [(f.key, f.source and f.source.line, f.message, f.fix) for f in found] == [
        (
            "waves[pilote].people[0]",
            desc.line("waves.yaml", "people: [chloe@ville-test.fr]"),
            "the wave's date 2025-03-03 has come and no licence with a mailbox covers "
            "'chloe@ville-test.fr'",
            fix,
        ),
        (
            "waves[vague-1].directorates[0]",
            line,
            "the wave's date 2025-04-07 has come and no licence with a mailbox covers DRH: "
            "DRH - Paie, DRH - Formation",
            fix,
        ),
        (
            "waves[vague-1].directorates[1]",
            line,
            "the wave's date 2025-04-07 has come and no licence with a mailbox covers DSI: "
            "chloe@ville-test.fr",  # david has F1, whose kiosk plan gives a mailbox
            fix,
        ),
    ]


def test_a_wave_still_to_come_needs_no_licence_yet(desc: Description) -> None:
    assert _held_back(desc, datetime.date(2025, 3, 2)) == []
    assert [w.key for w in _held_back(desc, datetime.date(2025, 3, 3))] == [
        "waves[pilote].people[0]"
    ]


def test_without_a_planning_date_no_wave_is_judged_past(desc: Description) -> None:
    assert _held_back(desc, None) == []
