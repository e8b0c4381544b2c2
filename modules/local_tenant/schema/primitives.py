"""What a JSON value of each Edm primitive type may be (OData JSON format,
docs.oasis-open.org/odata/odata-json-format/v4.01, "Primitive Value")."""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

_DATE = r"\d{4}-\d{2}-\d{2}"
_TIME = r"\d{2}:\d{2}(:\d{2}(\.\d{1,12})?)?"
_DATETIME_RE = re.compile(rf"{_DATE}T{_TIME}(Z|[+-]\d{{2}}:\d{{2}})")
_DATE_RE = re.compile(_DATE)
_TIME_RE = re.compile(_TIME)
_GUID_RE = re.compile(r"[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")
_DURATION_RE = re.compile(
    r"-?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?"
)
_FLOAT_KEYWORDS = frozenset({"NaN", "INF", "-INF"})


def is_int(value: Any, bits: int, signed: bool = True) -> bool:
    """Whether ``value`` is a JSON integer that fits ``bits`` bits."""
    if not isinstance(value, int) or isinstance(value, bool):
        return False
    low, high = (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1) if signed else (0, 2**bits - 1)
    return bool(low <= value <= high)


def _is_number(value: Any) -> bool:
    if isinstance(value, str):
        return value in _FLOAT_KEYWORDS
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_datetime(value: Any) -> bool:
    if not isinstance(value, str) or not _DATETIME_RE.fullmatch(value):
        return False
    try:
        datetime.fromisoformat(value[:19])
    except ValueError:
        return False
    return True


def _is_date(value: Any) -> bool:
    if not isinstance(value, str) or not _DATE_RE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_binary(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    standard = value.replace("-", "+").replace("_", "/")
    try:
        base64.b64decode(standard + "=" * (-len(standard) % 4), validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


def _matches(pattern: re.Pattern[str]) -> Callable[[Any], bool]:
    return lambda value: isinstance(value, str) and pattern.fullmatch(value) is not None


PRIMITIVES: dict[str, Callable[[Any], bool]] = {
    "Edm.String": lambda value: isinstance(value, str),
    "Edm.Boolean": lambda value: isinstance(value, bool),
    "Edm.Byte": lambda value: is_int(value, 8, signed=False),
    "Edm.SByte": lambda value: is_int(value, 8),
    "Edm.Int16": lambda value: is_int(value, 16),
    "Edm.Int32": lambda value: is_int(value, 32),
    "Edm.Int64": lambda value: is_int(value, 64),
    "Edm.Single": _is_number,
    "Edm.Double": _is_number,
    "Edm.Decimal": _is_number,
    "Edm.DateTimeOffset": _is_datetime,
    "Edm.Date": _is_date,
    "Edm.TimeOfDay": _matches(_TIME_RE),
    "Edm.Guid": _matches(_GUID_RE),
    "Edm.Duration": _matches(_DURATION_RE),
    "Edm.Binary": _is_binary,
    "Edm.Stream": lambda value: isinstance(value, str),
    "Edm.Untyped": lambda value: True,
}
"""Each Edm primitive type and whether a JSON value is one."""
