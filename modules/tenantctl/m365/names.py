"""Which names Microsoft 365 refuses: channel names and group mail nicknames.

- A channel name has at most `limits.CHANNEL_NAME_MAX` characters, none of
  ``~ # % & * { } + / \\ : < > ? | ' " ,``, no ``..``, no character in the ranges 0-1F and
  80-9F, does not start with ``_`` or ``.`` nor end with ``.``, is none of the words Teams
  reserves, and does not hold ``_vti_`` (learn.microsoft.com/microsoftteams/
  limits-specifications-teams, "Channel names"). "General" is the channel every team has.
- A mailNickname has 1 to `limits.MAIL_NICKNAME_MAX` printable ASCII characters, none of
  ``@ ( ) \\ [ ] " ; : < > ,`` or space (learn.microsoft.com/graph/api/resources/group,
  property mailNickname).
"""

from __future__ import annotations

from tenantctl.m365 import limits

CHANNEL_FORBIDDEN = frozenset("~#%&*{}+/\\:<>?|'\",")
CHANNEL_RESERVED = frozenset(
    {
        "forms",
        "con",
        "conin$",
        "conout$",
        "prn",
        "aux",
        "nul",
        "desktop.ini",
        "general",
        *(f"com{n}" for n in range(1, 10)),
        *(f"lpt{n}" for n in range(1, 10)),
    }
)
MAIL_NICKNAME_FORBIDDEN = frozenset('@()\\[]";:<>, ')


def _control(char: str) -> bool:
    return ord(char) < 0x20 or 0x80 <= ord(char) <= 0x9F


def channel_name_problem(name: str) -> str | None:
    """Why Teams would refuse this channel name, or None if it is acceptable."""
    if not name.strip():
        return "is empty"
    if len(name) > limits.CHANNEL_NAME_MAX:
        return f"is {len(name)} characters long, over Teams' limit of {limits.CHANNEL_NAME_MAX}"
    bad = sorted({c for c in name if c in CHANNEL_FORBIDDEN or _control(c)})
    if bad:
        return "contains characters Teams refuses: " + ", ".join(repr(c) for c in bad)
    if ".." in name:
        return "contains '..', which Teams refuses"
    if name.startswith(("_", ".")) or name.endswith("."):
        return "starts with '_' or '.', or ends with '.', which Teams refuses"
    if "_vti_" in name.lower():
        return "contains '_vti_', which Teams refuses"
    if name.strip().lower() in CHANNEL_RESERVED:
        return "is a name Teams reserves"
    return None


def mail_nickname_problem(nickname: str) -> str | None:
    """Why Graph would refuse this mailNickname, or None if it is acceptable."""
    if not nickname:
        return "is empty"
    if len(nickname) > limits.MAIL_NICKNAME_MAX:
        return (
            f"is {len(nickname)} characters long, over Graph's limit of {limits.MAIL_NICKNAME_MAX}"
        )
    bad = sorted({c for c in nickname if not "!" <= c <= "~" or c in MAIL_NICKNAME_FORBIDDEN})
    if bad:
        shown = ", ".join(repr(c) for c in bad)
        return f"contains characters Graph refuses in a mailNickname: {shown}"
    return None
