"""Microsoft 365 naming limits, as the Graph and Teams documentation state them.

- mailNickname: ASCII only, none of ``@ ( ) \\ [ ] " ; : < > ,`` or space, at most 64 characters
  (learn.microsoft.com/graph/api/resources/group, property mailNickname).
- Channel displayName: at most 50 characters, none of ``~ # % & * { } + / \\ : < > ? | ' " ,``
  nor ``..``, not starting with ``_`` or ``.``, not ending with ``.``, and none of the reserved
  words Teams refuses (learn.microsoft.com/microsoftteams/limits-specifications-teams).
- Dynamic membership rules: at most 3,072 characters
  (learn.microsoft.com/entra/identity/users/groups-dynamic-membership).
"""

from __future__ import annotations

import re

MAIL_NICKNAME_MAX = 64
CHANNEL_NAME_MAX = 50
MEMBERSHIP_RULE_MAX = 3072

_MAIL_NICKNAME_FORBIDDEN = set('@()\\[]";:<>, ')
_CHANNEL_FORBIDDEN = set("~#%&*{}+/\\:<>?|'\",")
_CHANNEL_RESERVED = {
    "forms",
    "con",
    "conin$",
    "conout$",
    "prn",
    "aux",
    "nul",
    "desktop.ini",
    "_vti_",
    *(f"com{i}" for i in range(1, 10)),
    *(f"lpt{i}" for i in range(1, 10)),
}


def mail_nickname_problem(nickname: str) -> str | None:
    """Why Graph would refuse this mailNickname, or None if it is acceptable."""
    if not nickname:
        return "is empty"
    if len(nickname) > MAIL_NICKNAME_MAX:
        return f"is {len(nickname)} characters long, over Graph's limit of {MAIL_NICKNAME_MAX}"
    bad = sorted({c for c in nickname if ord(c) > 127 or c in _MAIL_NICKNAME_FORBIDDEN})
    if bad:
        shown = ", ".join(repr(c) for c in bad)
        return f"contains characters Graph refuses in a mailNickname: {shown}"
    return None


def channel_name_problem(name: str) -> str | None:
    """Why Teams would refuse this channel name, or None if it is acceptable."""
    if len(name) > CHANNEL_NAME_MAX:
        return f"is {len(name)} characters long, over Teams' limit of {CHANNEL_NAME_MAX}"
    bad = sorted({c for c in name if c in _CHANNEL_FORBIDDEN or ord(c) < 32})
    if bad:
        return "contains characters Teams refuses: " + ", ".join(repr(c) for c in bad)
    if ".." in name:
        return "contains '..', which Teams refuses"
    if name.startswith(("_", ".")) or name.endswith("."):
        return "starts with '_' or '.', or ends with '.', which Teams refuses"
    if name.strip().lower() in _CHANNEL_RESERVED or name.strip().lower() == "general":
        return "is a name Teams reserves"
    return None


def slug(text: str) -> str:
    """An ASCII slug for derived names (mail nicknames)."""
    return re.sub(r"[^A-Za-z0-9-]+", "-", text).strip("-")
