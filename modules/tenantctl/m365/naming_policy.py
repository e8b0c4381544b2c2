"""The Microsoft 365 group naming policy: what its values may be and which names break it.

The tenant's Group.Unified directory setting holds the policy
(learn.microsoft.com/entra/identity/users/groups-naming-policy):
- `PrefixSuffixNamingRequirement`: fixed text and user attributes around `[GroupName]`, which
  must appear once; the fixed text is at most 53 characters. The supported attributes are
  `[Department]`, `[Company]`, `[Office]`, `[StateOrProvince]`, `[CountryOrRegion]` and
  `[Title]`, filled from the creating user; any other bracketed text is fixed text.
- `CustomBlockedWordsList`: up to 5,000 comma-separated words or phrases, matched whole and
  in any case, never as substrings.
The policy applies to a Microsoft 365 group's display name and alias (mailNickname).

Entra enforces it on groups created by users, exempting administrators; an application
creating groups with application permissions is not held to it. The toolkit therefore
checks the names a stack declares against the policy itself and refuses those that break it:
it never rewrites a name, so the description names each group as the tenant shows it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tenantctl.m365.names import MAIL_NICKNAME_FORBIDDEN

GROUP_NAME = "[GroupName]"
ATTRIBUTES = frozenset(
    {"[Department]", "[Company]", "[Office]", "[StateOrProvince]", "[CountryOrRegion]", "[Title]"}
)
"""The user attributes a pattern may hold; the creating user's value replaces each."""
AFFIXES_MAX = 53
"""The most characters of fixed prefix and suffix text, attributes left out."""
BLOCKED_WORDS_MAX = 5000
"""The most words or phrases `CustomBlockedWordsList` holds."""
_ATTRIBUTE = re.compile("|".join(re.escape(a) for a in sorted(ATTRIBUTES)))
_ALIAS_SEPARATORS = re.compile(r"[-_.]+")
_WORD = re.compile(r"\w+")


def pattern_problem(pattern: str) -> str | None:
    """Why Entra would refuse this `PrefixSuffixNamingRequirement`, or None."""
    if pattern.count(GROUP_NAME) != 1:
        return f"must contain {GROUP_NAME} exactly once"
    fixed = len(_ATTRIBUTE.sub("", pattern.replace(GROUP_NAME, "")))
    if fixed > AFFIXES_MAX:
        return f"has {fixed} characters of prefix and suffix text, over the limit of {AFFIXES_MAX}"
    return None


def blocked_word_problem(word: str) -> str | None:
    """Why this entry cannot be one of `CustomBlockedWordsList`'s, or None."""
    if not word.strip():
        return "is empty"
    if "," in word:
        return "holds a comma, which separates the list's entries"
    return None


def _affixes(pattern: str, alias: bool) -> list[str]:
    """The pattern's pieces: fixed text, and '' where an attribute or the name stands."""
    pieces = re.split(f"({re.escape(GROUP_NAME)}|{_ATTRIBUTE.pattern})", pattern)
    if alias:  # an alias keeps only the characters a mailNickname may hold
        pieces = [
            "".join(c for c in piece if "!" <= c <= "~" and c not in MAIL_NICKNAME_FORBIDDEN)
            if i % 2 == 0
            else piece
            for i, piece in enumerate(pieces)
        ]
    return pieces


def matches_pattern(name: str, pattern: str, *, alias: bool = False) -> bool:
    """Whether `name` has the pattern's fixed text around a non-empty group name, each
    attribute standing for some non-empty value (an application has none to give)."""
    regex = "".join(
        re.escape(piece) if i % 2 == 0 else ".+" for i, piece in enumerate(_affixes(pattern, alias))
    )
    return re.fullmatch(regex, name, re.DOTALL) is not None


def expected_form(pattern: str) -> str:
    """The pattern as a reader expects a name: `VAL-<name>`."""
    return pattern.replace(GROUP_NAME, "<name>")


def _words(text: str) -> str:
    """Text as its words, case folded, each between spaces."""
    return " " + " ".join(_WORD.findall(text.casefold())) + " "


def blocked_words_in(name: str, words: Iterable[str], *, alias: bool = False) -> list[str]:
    """The blocked words or phrases `name` holds as whole words, in any case."""
    held = _words(_ALIAS_SEPARATORS.sub(" ", name) if alias else name)
    return [word for word in words if _WORD.search(word) and _words(word) in held]
