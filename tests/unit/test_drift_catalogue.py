"""docs/drift-catalogue.md covers every property a person can change on every Graph kind,
and the tests it names exist."""

from __future__ import annotations

import re
from pathlib import Path

from tenantctl.resources.engine import RETAIN
from tenantctl.resources.registry import SPECS

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = (ROOT / "docs" / "drift-catalogue.md").read_text(encoding="utf-8")
ROW = re.compile(r"^\| `(\w+)\.(\w+)` \|", re.MULTILINE)
TEST = re.compile(r"`(tests/[\w/]+\.py)::(\w+)`")


def test_every_property_a_person_can_change_has_a_row() -> None:
    changeable = {
        (kind, prop.name)
        for kind, spec in SPECS.items()
        for prop in spec.props
        if prop.diffed and not prop.replace and prop.name != RETAIN
    }
    rows = set(ROW.findall(CATALOGUE))
    assert changeable - rows == set()
    assert rows - changeable == {("GuestInvitation", "email")}  # identity, but writable


def test_every_kind_with_objects_added_by_hand_has_a_row() -> None:
    added = {c.kind for spec in SPECS.values() for c in spec.contents}
    added |= {kind for kind, spec in SPECS.items() if spec.owns_all is not None}
    for kind in added:
        assert re.search(rf"^\| .* \| `{kind}` `", CATALOGUE, re.MULTILINE), kind


def test_every_test_it_names_exists() -> None:
    named = TEST.findall(CATALOGUE)
    assert len(named) >= 10
    for path, name in named:
        assert f"def {name}(" in (ROOT / path).read_text(encoding="utf-8"), (path, name)
