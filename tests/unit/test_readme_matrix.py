"""The README's feature-by-groupProvider matrix: every cell names a test, and each test it
names exists, so the matrix cannot outlive the tests behind it."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
MATRIX = README.split("### Both group providers", 1)[1].split("\n\n|", 1)[1].split("\n\n", 1)[0]
TEST = re.compile(r"`((?:unit|integration|engine)/[\w/]+\.py)(?:::(\w+))?")


def rows() -> list[list[str]]:
    lines = ("|" + MATRIX).splitlines()[2:]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines]


def test_each_feature_has_a_test_for_each_provider() -> None:
    features = {feature for feature, *_ in rows()}
    assert {"drift", "export/import", "check", "policy pack", "preview-report risks"} <= features
    for feature, azuread, graph in rows():
        assert TEST.search(azuread), feature
        assert TEST.search(graph) or graph.startswith(("the same test", "`…[graph]`")), feature


def test_every_test_it_names_exists() -> None:
    named = TEST.findall(MATRIX)
    assert len(named) >= 10
    for path, name in named:
        source = (ROOT / "tests" / path).read_text(encoding="utf-8")
        assert not name or f"def {name}(" in source, (path, name)
