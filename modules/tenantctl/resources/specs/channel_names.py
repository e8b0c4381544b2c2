"""Teams' rules for channel names (Teams limits and specifications, "Channel names")."""

from __future__ import annotations

import re

MAX_LENGTH = 50
FORBIDDEN = set("~#%&*{}+/\\:<>?|'\"")
CONTROL = re.compile(r"[\x00-\x1f\x80-\x9f]")
RESERVED = re.compile(
    r"^(forms|con|conin\$|conout\$|prn|aux|nul|com[1-9]|lpt[1-9]|desktop\.ini|general)$"
)


def channel_name_problem(name: str) -> str | None:
    """Why Teams would refuse `name` as a channel name, or None."""
    if not name.strip():
        return "is empty"
    if len(name) > MAX_LENGTH:
        return f"is {len(name)} characters long; Teams allows {MAX_LENGTH}"
    bad = sorted(FORBIDDEN.intersection(name))
    if bad:
        return f"contains {' '.join(bad)}, which Teams forbids in channel names"
    if ".." in name or CONTROL.search(name):
        return "contains '..' or a control character"
    if "_vti_" in name.lower():
        return "contains the reserved word _vti_"
    if RESERVED.match(name.strip().lower()):
        return f"is the reserved name {name.strip()!r}"
    if name[0] in "_." or name.endswith("."):
        return "starts with '_' or '.', or ends with '.'"
    return None
