"""Dynamic membership rules: the subset of Entra ID's rule syntax the toolkit writes.

Syntax per learn.microsoft.com/entra/identity/users/groups-dynamic-membership: ``user.<property>``
with ``-eq``, ``-ne``, ``-startsWith``, ``-notStartsWith``, ``-contains``, ``-notContains``,
``-in``, ``-notIn``; combined with ``-and``, ``-or``, ``-not`` and parentheses. String comparison
is case-insensitive.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from local_tenant.errors import DirectoryBadRequest
from tenantctl.m365 import limits
from tenantctl.m365.membership_rules import (
    DIRECTORY_EXTENSION,
    EXTENSION_ATTRIBUTE,
    RULE_USER_PROPERTIES,
)

Rule = Callable[[dict[str, Any]], bool]
_TOKEN = re.compile(
    r'\s*(?:(?P<str>"(?:[^"\\]|\\.)*")|(?P<op>-[A-Za-z]+)|(?P<prop>user\.\w+)'
    r"|(?P<lit>true|false|null)|(?P<punct>[()\[\],]))",
    re.IGNORECASE,
)
_BINARY: dict[str, Callable[[Any, Any], bool]] = {
    "-eq": lambda a, b: a == b,
    "-ne": lambda a, b: a != b,
    "-startswith": lambda a, b: isinstance(a, str) and a.startswith(b),
    "-notstartswith": lambda a, b: not (isinstance(a, str) and a.startswith(b)),
    "-contains": lambda a, b: isinstance(a, str) and b in a,
    "-notcontains": lambda a, b: not (isinstance(a, str) and b in a),
    "-in": lambda a, b: a in b,
    "-notin": lambda a, b: a not in b,
}


class InvalidRule(DirectoryBadRequest):
    """400 for a membership rule Entra ID would not accept."""


def _fold(value: Any) -> Any:
    if isinstance(value, str):
        return value.lower()
    if isinstance(value, list):
        return [_fold(v) for v in value]
    return value


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens: list[tuple[str, str]] = []
        pos = 0
        while text[pos:].strip():
            match = _TOKEN.match(text, pos)
            if match is None:
                raise InvalidRule(f"Invalid membershipRule: unexpected text at position {pos}.")
            kind = match.lastgroup or ""
            self.tokens.append((kind, match.group(kind)))
            pos = match.end()
        self.pos = 0

    def peek(self) -> str:
        return self.tokens[self.pos][1].lower() if self.pos < len(self.tokens) else ""

    def take(self, expected: str | None = None) -> tuple[str, str]:
        if self.pos >= len(self.tokens) or (expected and self.peek() != expected):
            raise InvalidRule(f"Invalid membershipRule: expected '{expected or 'more'}'.")
        self.pos += 1
        return self.tokens[self.pos - 1]

    def parse(self) -> Rule:
        rule = self.or_rule()
        if self.pos != len(self.tokens):
            raise InvalidRule(f"Invalid membershipRule: unexpected '{self.peek()}'.")
        return rule

    def or_rule(self) -> Rule:
        left = self.and_rule()
        while self.peek() == "-or":
            self.take()
            right = self.and_rule()
            left = (lambda a, b: lambda u: a(u) or b(u))(left, right)
        return left

    def and_rule(self) -> Rule:
        left = self.not_rule()
        while self.peek() == "-and":
            self.take()
            right = self.not_rule()
            left = (lambda a, b: lambda u: a(u) and b(u))(left, right)
        return left

    def not_rule(self) -> Rule:
        if self.peek() == "-not":
            self.take()
            inner = self.not_rule()
            return lambda u: not inner(u)
        if self.peek() == "(":
            self.take()
            inner = self.or_rule()
            self.take(")")
            return inner
        return self.expression()

    def expression(self) -> Rule:
        kind, prop = self.take()
        if kind != "prop":
            raise InvalidRule(f"Invalid membershipRule: expected a user property, got '{prop}'.")
        name = prop.split(".", 1)[1]
        op_kind, op = self.take()
        fn = _BINARY.get(op.lower())
        if op_kind != "op" or fn is None:
            raise InvalidRule(f"Invalid membershipRule: unsupported operator '{op}'.")
        value = self.value()
        if op.lower() in ("-in", "-notin") and not isinstance(value, list):
            raise InvalidRule(f"Invalid membershipRule: '{op}' needs a list.")
        folded = _fold(value)
        read = _reader(name)
        return lambda u: fn(_fold(read(u)), folded)

    def value(self) -> Any:
        kind, text = self.take()
        if kind == "str":
            return text[1:-1].replace('\\"', '"')
        if kind == "lit":
            return {"true": True, "false": False, "null": None}[text.lower()]
        if text == "[":
            items: list[Any] = []
            while self.peek() != "]":
                items.append(self.value())
                if self.peek() == ",":
                    self.take()
            self.take("]")
            return items
        raise InvalidRule(f"Invalid membershipRule: unexpected '{text}'.")


_STORED_AS = {"mobile": "mobilePhone", "physicalDeliveryOfficeName": "officeLocation"}
"""Rule properties whose Graph user property has another name."""


def _reader(name: str) -> Callable[[dict[str, Any]], Any]:
    """How a rule reads `user.<name>` from a user document; 400 for a property Entra ID's
    page does not list (`tenantctl.m365.membership_rules`). Extension attributes live under
    `onPremisesExtensionAttributes`, directory extensions at the top level."""
    if EXTENSION_ATTRIBUTE.fullmatch(name):
        attribute = "extensionAttribute" + name[len("extensionAttribute") :]
        return lambda u: (u.get("onPremisesExtensionAttributes") or {}).get(attribute)
    if DIRECTORY_EXTENSION.fullmatch(name):
        return lambda u: next((v for k, v in u.items() if k.lower() == name.lower()), None)
    key = next((k for k in RULE_USER_PROPERTIES if k.lower() == name.lower()), None)
    if key is None:
        raise InvalidRule(f"Invalid membershipRule: unknown property 'user.{name}'.")
    stored = _STORED_AS.get(key, key)
    return lambda u: u.get(stored)


def compile_rule(text: str) -> Rule:
    """Compile a membership rule into a predicate over user documents."""
    if not text or not text.strip():
        raise InvalidRule("Invalid membershipRule: the rule is empty.")
    if len(text) > limits.MEMBERSHIP_RULE_MAX:
        raise InvalidRule(
            f"Invalid membershipRule: the rule is {len(text)} characters long; at most "
            f"{limits.MEMBERSHIP_RULE_MAX} are allowed."
        )
    return _Parser(text).parse()
