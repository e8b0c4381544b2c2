"""The export mapping: how a tenant's own naming maps onto the model.

A small YAML file::

    organisations:           # model organisations; `prefix` is their mailNickname prefix
      - {key: ville, display_name: Ville, company_name: Ville, prefix: VDM, domain: ville.fr}
    departments:             # the users' department attribute → directorate code
      Ressources humaines: DRH
    partners:                # optional: names partners, groups their domains, tenant ids
      - {key: syndicat-eaux, name: Syndicat des eaux, domains: [eaux-lys.fr]}
    review:                  # optional: guest review of exported partner spaces without one
      {every_months: 3, duration_days: 14}
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, ValidationError

from tenantctl.model.errors import Finding, YamlReadError
from tenantctl.model.schema import DirectorateCode, GuestReview, Organisation, Partner, Strict
from tenantctl.model.sources import key_label
from tenantctl.model.yaml_source import read_yaml
from tenantctl.user_error import UserError


class ExportMapping(Strict):
    """Organisations by prefix, directorates by department, partners by domain."""

    organisations: tuple[Organisation, ...] = ()
    departments: dict[str, DirectorateCode] = Field(default_factory=dict)
    partners: tuple[Partner, ...] = ()
    review: GuestReview = GuestReview()

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


class MappingError(UserError):
    """A mapping file that cannot be used: its first problem, at its file and line."""


def load_mapping(path: Path | None) -> ExportMapping:
    """The mapping file, or an empty mapping (every directorate then goes unclassified).

    The file is read like a description's (bounded, plain YAML); a problem is a
    `MappingError` naming its file, line, key and fix.
    """
    if path is None:
        return ExportMapping()
    try:
        document = read_yaml(path, path)
    except YamlReadError as error:
        raise MappingError(str(error.finding)) from None
    try:
        return ExportMapping.model_validate(document.data or {})
    except ValidationError as error:
        problems = error.errors()
        first = problems[0]
        where = tuple(first["loc"])
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        finding = Finding(
            document.source(where),
            key_label("mapping", "", where),
            f"{first['msg']}{more}",
            "correct the value (the mapping's format: docs/adoption.md, 'The mapping file')",
        )
        raise MappingError(str(finding)) from None
