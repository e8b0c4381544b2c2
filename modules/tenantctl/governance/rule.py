"""A governance rule: its id, default level, baseline references, parameters and check."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from tenantctl.governance.subject import Subject
from tenantctl.governance.violations import Level

Params = Mapping[str, Any]


class Breach(NamedTuple):
    """What a check finds: the object at fault, what is wrong, how to fix it."""

    subject: str
    message: str
    fix: str


Check = Callable[[Subject, Params], Iterator[Breach]]


@dataclass(frozen=True)
class Rule:
    """One rule. `scuba` and `cis` name the baseline controls it corresponds to."""

    id: str
    title: str
    level: Level
    check: Check
    scuba: tuple[str, ...] = ()
    cis: tuple[str, ...] = ()
    defaults: Params = field(default_factory=dict)
    floors: Params = field(default_factory=dict)
    """The least whole number each numeric parameter may take, and why (`(number, reason)`)."""
