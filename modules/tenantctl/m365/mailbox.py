"""Mailbox settings Exchange Online accepts: the cultures and time zones a mailbox server
offers (outlookUser: supportedLanguages, supportedTimeZones), each culture's short date and
time patterns, and the days a working week may name.

learn.microsoft.com/graph/api/outlookuser-supportedlanguages and
/graph/api/outlookuser-supportedtimezones list what the user's mailbox server offers; a
mailbox's dateFormat and timeFormat must be one of its culture's short patterns
(/graph/api/user-update-mailboxsettings; Exchange refuses another with "DateFormat ... isn't
valid for current language setting ...", as Set-MailboxRegionalConfiguration shows). The
catalogue is a part of Exchange's: the cultures and zones a French public body and the
tests use, not every one Exchange offers. A time zone is a Windows id or an IANA name
(user-update-mailboxsettings: "in the Windows or IANA time zone (also known as Olson time zone)
format"). The model's validation and the local tenant both read these tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Culture:
    """A culture: its name in its own language and its short date and time patterns, the
    default first."""

    display_name: str
    date_formats: tuple[str, ...]
    time_formats: tuple[str, ...]


_US_DATES = ("M/d/yyyy", "M/d/yy", "MM/dd/yy", "MM/dd/yyyy", "yy/MM/dd", "yyyy-MM-dd", "dd-MMM-yy")
_US_TIMES = ("h:mm tt", "hh:mm tt", "H:mm", "HH:mm")
_UK_DATES = ("dd/MM/yyyy", "dd/MM/yy", "d/M/yy", "d.M.yy", "yyyy-MM-dd")
_UK_TIMES = ("HH:mm", "H:mm", "hh:mm tt", "h:mm tt")
_FR_DATES = ("dd/MM/yyyy", "dd/MM/yy", "dd.MM.yy", "dd-MM-yy", "yyyy-MM-dd")
_24H = ("HH:mm", "H:mm")

CULTURES: dict[str, Culture] = {
    "en-US": Culture("English (United States)", _US_DATES, _US_TIMES),
    "en-GB": Culture("English (United Kingdom)", _UK_DATES, _UK_TIMES),
    "en-CA": Culture("English (Canada)", ("yyyy-MM-dd", "dd/MM/yyyy", "M/d/yyyy"), _US_TIMES),
    "fr-FR": Culture("français (France)", _FR_DATES, _24H),
    "fr-BE": Culture("français (Belgique)", ("dd-MM-yy", "dd/MM/yyyy", "d/MM/yyyy"), _24H),
    "fr-CA": Culture("français (Canada)", ("yyyy-MM-dd", "yy-MM-dd", "dd-MM-yy"), _24H),
    "fr-CH": Culture("français (Suisse)", ("dd.MM.yyyy", "dd.MM.yy", "yyyy-MM-dd"), _24H),
    "de-DE": Culture("Deutsch (Deutschland)", ("dd.MM.yyyy", "dd.MM.yy", "d.M.yy"), _24H),
    "es-ES": Culture("español (España)", ("dd/MM/yyyy", "dd/MM/yy", "d/M/yy"), _24H),
    "it-IT": Culture("italiano (Italia)", ("dd/MM/yyyy", "dd/MM/yy", "d/M/yy"), _24H),
    "nl-NL": Culture("Nederlands (Nederland)", ("d-M-yyyy", "dd-MM-yy", "dd-MM-yyyy"), _24H),
    "nl-BE": Culture("Nederlands (België)", ("d/MM/yyyy", "dd/MM/yy", "dd-MM-yy"), _24H),
    "pt-PT": Culture("português (Portugal)", ("dd/MM/yyyy", "dd-MM-yyyy", "yyyy-MM-dd"), _24H),
    "ar-MA": Culture("العربية (المغرب)", ("dd-MM-yyyy", "dd/MM/yyyy", "yyyy-MM-dd"), _24H),
}
"""Locale → culture, as ``localeInfo.locale`` spells it."""


@dataclass(frozen=True)
class Zone:
    """A Windows time zone: its display name and the IANA names Exchange maps to it."""

    display_name: str
    iana: tuple[str, ...]


ZONES: dict[str, Zone] = {
    "Dateline Standard Time": Zone("(UTC-12:00) International Date Line West", ("Etc/GMT+12",)),
    "Hawaiian Standard Time": Zone("(UTC-10:00) Hawaii", ("Pacific/Honolulu",)),
    "Pacific Standard Time": Zone(
        "(UTC-08:00) Pacific Time (US & Canada)", ("America/Los_Angeles", "US/Pacific")
    ),
    "Eastern Standard Time": Zone(
        "(UTC-05:00) Eastern Time (US & Canada)", ("America/New_York", "US/Eastern")
    ),
    "SA Eastern Standard Time": Zone("(UTC-03:00) Cayenne, Fortaleza", ("America/Cayenne",)),
    "UTC": Zone("(UTC) Coordinated Universal Time", ("Etc/UTC", "Etc/GMT")),
    "GMT Standard Time": Zone(
        "(UTC+00:00) Dublin, Edinburgh, Lisbon, London", ("Europe/London", "Europe/Lisbon")
    ),
    "Morocco Standard Time": Zone("(UTC+01:00) Casablanca", ("Africa/Casablanca",)),
    "Romance Standard Time": Zone(
        "(UTC+01:00) Brussels, Copenhagen, Madrid, Paris",
        ("Europe/Paris", "Europe/Brussels", "Europe/Madrid"),
    ),
    "W. Europe Standard Time": Zone(
        "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna",
        ("Europe/Berlin", "Europe/Amsterdam", "Europe/Rome", "Europe/Zurich"),
    ),
    "Mauritius Standard Time": Zone(
        "(UTC+04:00) Port Louis", ("Indian/Mauritius", "Indian/Reunion")
    ),
    "Arabian Standard Time": Zone("(UTC+04:00) Abu Dhabi, Muscat", ("Asia/Dubai",)),
    "Tokyo Standard Time": Zone("(UTC+09:00) Osaka, Sapporo, Tokyo", ("Asia/Tokyo",)),
    "West Pacific Standard Time": Zone("(UTC+10:00) Guam, Port Moresby", ("Pacific/Noumea",)),
    "Central Pacific Standard Time": Zone(
        "(UTC+11:00) Solomon Is., New Caledonia", ("Pacific/Guadalcanal",)
    ),
}
"""Windows time zone id → zone."""

IANA: dict[str, str] = {name: windows for windows, zone in ZONES.items() for name in zone.iana}
"""IANA name → the Windows zone it maps to."""


DAYS = ("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday")
"""The dayOfWeek members a working week may name
(learn.microsoft.com/graph/api/resources/workinghours)."""


def known_zone(name: str) -> bool:
    """Whether ``name`` is a time zone a PATCH may set: a Windows id or an IANA name."""
    return name in ZONES or name in IANA


def zone_id(name: str) -> str:
    """The Windows id of a time zone given either way: Exchange takes both spellings, so
    "Europe/Paris" and "Romance Standard Time" set the same zone."""
    return IANA.get(name, name)


def exchange_kind(group: dict[str, Any]) -> str | None:
    """`distribution list` or `mail-enabled security group` for a group Exchange Online
    manages (mail-enabled, not Unified), which Graph v1.0 lists but cannot create, update or
    change the members of (learn.microsoft.com/graph/api/group-post-groups, group-update);
    None for any other group."""
    if not group.get("mailEnabled") or "Unified" in (group.get("groupTypes") or []):
        return None
    return "mail-enabled security group" if group.get("securityEnabled") else "distribution list"
