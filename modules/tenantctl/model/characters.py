"""Characters a description's values may not hold: invisible or control characters, and
words that mix look-alike alphabets (a Cyrillic letter inside a Latin name), which would
make two names that look the same in Teams or the directory differ."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Co", "Cs"})
"""Control, format (zero-width, bidirectional overrides), line and paragraph separators,
private use and surrogates."""

LOOK_ALIKE_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")
WORD = re.compile(r"\w+")


def _hidden(char: str) -> bool:
    return char not in "\t\n" and unicodedata.category(char) in HIDDEN_CATEGORIES


def _describe(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'control character')}"


def _script(char: str) -> str | None:
    script = unicodedata.name(char, "").split(" ", 1)[0]
    return script if char.isalpha() and script in LOOK_ALIKE_SCRIPTS else None


def character_problem(value: str) -> str | None:
    """Why VALUE cannot stand in a description, or None when it is plain text."""
    if value.isascii() and value.isprintable():  # no hidden character, and Latin letters only
        return None
    hidden = [char for char in value if _hidden(char)]
    if hidden:
        shown = "".join(f"\\u{ord(c):04x}" if _hidden(c) else c for c in value)
        return f"'{shown}' holds an invisible or control character ({_describe(hidden[0])})"
    for word in WORD.findall(value):
        scripts = Counter(script for char in word if (script := _script(char)))
        if len(scripts) > 1:
            rare = min(scripts, key=lambda script: scripts[script])
            odd = next(char for char in word if _script(char) == rare)
            names = " and ".join(sorted(script.title() for script in scripts))
            return f"'{word}' mixes {names} letters ({_describe(odd)})"
    return None
