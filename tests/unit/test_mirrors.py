"""Unit tests mirror the packages: `tests/unit/<room>/test_<module>[_<aspect>].py` tests
`modules/tenantctl/<room>/<module>.py` (`tests/unit/local_tenant/...`: `modules/local_tenant/...`),
so a module's tests are found by its path (docs/architecture.md)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UNIT = ROOT / "tests" / "unit"

WHOLE_TREE = {
    "test_layers.py": "the imports of every room",
    "test_mirrors.py": "the names of every unit test",
    "test_bench_scale_out.py": "bench/, a script, not a module",
    "test_ci_pipelines.py": "the pipelines users copy (.github/, azure-pipelines.yml)",
    "test_drift_catalogue.py": "docs/drift-catalogue.md against every resource kind",
    "test_readme_matrix.py": "the README's feature-by-groupProvider matrix against the tests",
    "test_sample_stacks.py": "the sample stacks' data (stacks/), not a module",
}
"""Tests that are not about one module, each with what they are about instead."""


def module_of(test: Path) -> Path | None:
    """The module a unit test file's path names (`test_<room>.py`: the room's `__init__`), or
    None."""
    parts = test.relative_to(UNIT).parts
    package = ROOT / "modules" / (parts[0] if parts[0] == "local_tenant" else "tenantctl")
    folder = package.joinpath(*parts[1 if parts[0] == "local_tenant" else 0 : -1])
    name = test.stem.removeprefix("test_").split("_")
    for end in range(len(name), 0, -1):
        module = folder / ("_".join(name[:end]) + ".py")
        if module.is_file():
            return module
    if test.stem == f"test_{folder.name}" and (folder / "__init__.py").is_file():
        return folder / "__init__.py"
    return None


def unit_tests() -> list[str]:
    return sorted(str(p.relative_to(UNIT)) for p in UNIT.rglob("test_*.py"))


def test_every_unit_test_names_the_module_it_tests() -> None:
    unnamed = [
        f"tests/unit/{test}: no module of that path; rename it after the module it tests"
        for test in unit_tests()
        if test not in WHOLE_TREE and module_of(UNIT / test) is None
    ]
    assert unnamed == []


def test_every_whole_tree_test_is_there_and_names_no_module() -> None:
    stale = [t for t in WHOLE_TREE if not (UNIT / t).is_file() or module_of(UNIT / t)]
    assert stale == [], "gone, or named after a module now: drop from WHOLE_TREE"


def test_a_test_names_its_module_by_the_longest_match() -> None:
    assert module_of(UNIT / "stack" / "test_config.py") == (
        ROOT / "modules/tenantctl/stack/config.py"
    )
    assert module_of(UNIT / "resources" / "test_typed_bodies_at_limits.py") == (
        ROOT / "modules/tenantctl/resources/typed_bodies.py"
    )
    assert module_of(UNIT / "local_tenant" / "test_permissions.py") == (
        ROOT / "modules/local_tenant/permissions.py"
    )
    assert module_of(UNIT / "generate" / "test_generate.py") == (
        ROOT / "modules/tenantctl/generate/__init__.py"
    )
    assert module_of(UNIT / "model" / "test_model_rules.py") is None
