"""The editable price file: monthly price per seat and the frontline SKU to move to."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tenantctl.user_error import UserError


class _SkuPrice(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    monthly: float = Field(ge=0)
    frontline: str | None = None


class _PriceFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    currency: str = Field(pattern=r"^[A-Z]{3}$")
    skus: dict[str, _SkuPrice]


class PriceFileError(UserError, ValueError):
    """A price file that cannot be read or does not have the expected shape."""


@dataclass(frozen=True)
class Prices:
    """Monthly seat prices by SKU part number."""

    currency: str
    monthly: dict[str, float]
    frontline: dict[str, str]

    def yearly(self, part_number: str) -> float:
        """The price of one seat for a year (0 for an SKU the file does not list)."""
        return round(self.monthly.get(part_number, 0.0) * 12, 2)


def load_prices(path: Path) -> Prices:
    """Read and check a price file."""
    try:
        raw = yaml.safe_load(path.read_text("utf-8"))
        parsed = _PriceFile.model_validate(raw)
    except (OSError, yaml.YAMLError) as exc:
        raise PriceFileError(f"{path}: {exc}") from None
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise PriceFileError(f"{path}: {problems}") from None
    unknown = sorted(
        s.frontline for s in parsed.skus.values() if s.frontline and s.frontline not in parsed.skus
    )
    if unknown:
        raise PriceFileError(f"{path}: frontline SKU(s) without a price: {', '.join(unknown)}")
    return Prices(
        currency=parsed.currency,
        monthly={part: s.monthly for part, s in parsed.skus.items()},
        frontline={part: s.frontline for part, s in parsed.skus.items() if s.frontline},
    )
