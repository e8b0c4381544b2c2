"""Shared helpers for the model tests: a valid minimal description written to a folder.

Each test starts from BASE (which loads cleanly), changes one thing, loads, and compares the
findings with what it expects: file, line, key and message.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

import pytest

from tenantctl.model import Finding, LoadedTenant, TenantDescriptionError, load_tenant

TEMPLATES = frozenset({"intra-directorate", "inter-directorate", "external-partner"})

BASE: dict[str, str] = {
    "tenant.yaml": """\
        tenant:
          name: Ville de Test
          default_domain: ville-test.fr

        organisations:
          - key: ville
            display_name: Ville de Test
            company_name: Ville de Test
            prefix: VT
            domain: ville-test.fr
        """,
    "directorates.yaml": """\
        directorates:
          - code: DRH
            organisation: ville
            display_name: Ressources humaines
            owners: [alice@ville-test.fr, bruno@ville-test.fr]
            membership:
              departments: [DRH - Paie, DRH - Formation]
            headcount: 40
          - code: DSI
            organisation: ville
            display_name: Systèmes d'information
            owners: [chloe@ville-test.fr, david@ville-test.fr]
            membership:
              users: [chloe@ville-test.fr, david@ville-test.fr]
        """,
    "people.yaml": """\
        people:
          - upn: alice@ville-test.fr
            display_name: Alice Martin
            directorate: DRH
            job_title: Directrice des ressources humaines
          - upn: bruno@ville-test.fr
            display_name: Bruno Petit
            directorate: DRH
          - upn: chloe@ville-test.fr
            display_name: Chloé Durand
            directorate: DSI
          - upn: david@ville-test.fr
            display_name: David Leroy
            directorate: DSI
            frontline: true
        """,
    "partners.yaml": """\
        partners:
          - key: transports
            name: Transports du Valmontois
            domains: [transports.example.com]
            tenant_id: 0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0
            guests:
              - email: eva@transports.example.com
                display_name: Eva Roux
          - key: hopital
            name: Hôpital
            domains: [hopital.example.org]
            guests:
              - email: franck@hopital.example.org
                display_name: Franck Morel
        """,
    "spaces.yaml": """\
        spaces:
          - key: drh-equipe
            kind: intra
            display_name: Équipe RH
            directorates: [DRH]
            channels:
              - name: Paie
              - name: Dossiers
                kind: private
                owners: [alice@ville-test.fr]
          - key: projet-commun
            kind: inter
            display_name: Projet commun
            directorates: [DRH, DSI]
            owners: [alice@ville-test.fr, chloe@ville-test.fr]
            members: [bruno@ville-test.fr]
          - key: mobilite
            kind: partner
            display_name: Mobilité
            directorates: [DSI]
            owners: [chloe@ville-test.fr, david@ville-test.fr]
            partners: [transports, hopital]
            guests: [eva@transports.example.com, franck@hopital.example.org]
            channels:
              - name: Exploitation
                kind: shared
                owners: [chloe@ville-test.fr]
                shared_with: [transports]
            site:
              sharing: guests
            review:
              every_months: 3
              duration_days: 14
        """,
    "licences.yaml": """\
        licence_groups:
          - key: e3
            display_name: Microsoft 365 E3
            sku: SPE_E3
            disabled_plans: [SWAY]
            directorates: [DRH, DSI]
          - key: f1
            display_name: Microsoft 365 F1
            sku: SPE_F1
            rule: (user.extensionAttribute1 -eq "terrain")
            users: [david@ville-test.fr]
            frontline_only: true
        """,
}


class Seen(NamedTuple):
    """The parts of a finding a test compares: file, line, key, message."""

    file: str | None
    line: int | None
    key: str
    message: str


class Description:
    """A tenant description in a temporary folder, built from BASE and edited by a test."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        for name, text in BASE.items():
            self.write(name, text)

    def write(self, name: str, text: str) -> Path:
        """Write a file (dedented), creating sub-folders."""
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def write_bytes(self, name: str, data: bytes) -> Path:
        path = self.folder / name
        path.write_bytes(data)
        return path

    def text(self, name: str) -> str:
        return (self.folder / name).read_text(encoding="utf-8")

    def replace(self, name: str, old: str, new: str) -> None:
        """Replace exactly one occurrence of `old` in a file."""
        text = self.text(name)
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {name}"
        (self.folder / name).write_text(text.replace(old, new), encoding="utf-8")

    def append(self, name: str, *lines: str) -> None:
        """Add lines, written as they are, at the end of a file."""
        with (self.folder / name).open("a", encoding="utf-8") as handle:
            handle.write("".join(f"{line}\n" for line in lines))

    def line(self, name: str, needle: str, nth: int = 1) -> int:
        """The 1-based line of the nth line of a file that contains `needle`."""
        hits = [n for n, text in enumerate(self.text(name).splitlines(), 1) if needle in text]
        assert len(hits) >= nth, f"{needle!r} is not in {name} {nth} time(s)"
        return hits[nth - 1]

    def load(self, templates: Iterable[str] | None = TEMPLATES) -> LoadedTenant:
        return load_tenant(
            self.folder,
            templates=None if templates is None else set(templates),
            relative_to=self.folder,
        )

    def findings(self) -> list[Finding]:
        """Every finding of a description that must fail to load."""
        with pytest.raises(TenantDescriptionError) as caught:
            self.load()
        return caught.value.findings

    def seen(self) -> list[Seen]:
        return [seen(f) for f in self.findings()]

    def only(self) -> Finding:
        """The single finding of a description with exactly one problem."""
        findings = self.findings()
        assert len(findings) == 1, "\n".join(str(f) for f in findings)
        return findings[0]


def seen(finding: Finding) -> Seen:
    source = finding.source
    return Seen(
        str(source.file) if source else None,
        source.line if source else None,
        finding.key,
        finding.message,
    )


@pytest.fixture
def desc(tmp_path: Path) -> Description:
    """A valid minimal description in tmp_path, ready to be broken one change at a time."""
    return Description(tmp_path)
