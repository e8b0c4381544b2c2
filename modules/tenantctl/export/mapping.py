"""The export mapping: how a tenant's own naming maps onto the model.

A small YAML file::

    organisations:           # model organisations; `prefix` is their mailNickname prefix
      - {key: ville, display_name: Ville, company_name: Ville, prefix: VDM, domain: ville.fr}
    departments:             # the users' department attribute → directorate code
      Ressources humaines: DRH
    partners:                # optional: names partners, groups their domains, tenant ids
      - {key: syndicat-eaux, name: Syndicat des eaux, domains: [eaux-lys.fr]}
    review_on: 2027-06-30    # optional: review date of exported partner spaces
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from pydantic import Field, ValidationError

from tenantctl.model.schema import DirectorateCode, Organisation, Partner, Strict
from tenantctl.user_error import UserError


class MappingError(UserError):
    """A mapping file that cannot be read or does not have the expected shape."""


class ExportMapping(Strict):
    """Organisations by prefix, directorates by department, partners by domain."""

    organisations: tuple[Organisation, ...] = ()
    departments: dict[str, DirectorateCode] = Field(default_factory=dict)
    partners: tuple[Partner, ...] = ()
    review_on: dt.date | None = None

    def organisation(self, prefix: str) -> Organisation | None:
        """The organisation whose prefix this is (any case)."""
        return next((o for o in self.organisations if o.prefix == prefix.upper()), None)

    def directorate_of(self, department: str | None) -> str | None:
        """The directorate code of a department, compared without regard to case."""
        if not department:
            return None
        wanted = department.strip().lower()
        return next((c for d, c in self.departments.items() if d.strip().lower() == wanted), None)

    def partner_for(self, domain: str) -> Partner | None:
        """The named partner owning a domain."""
        return next((p for p in self.partners if domain.lower() in p.domains), None)


def load_mapping(path: Path | None) -> ExportMapping:
    """The mapping file, or an empty mapping (every directorate then goes unclassified)."""
    if path is None:
        return ExportMapping()
    try:
        return ExportMapping.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    except yaml.YAMLError as error:
        raise MappingError(f"{path}: malformed YAML ({error}); fix the file") from None
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in found['loc']) or '(file)'}: {found['msg']}"
            for found in error.errors()
        )
        raise MappingError(
            f"{path}: {problems} (see the mapping's keys in docs/adoption.md)"
        ) from None
