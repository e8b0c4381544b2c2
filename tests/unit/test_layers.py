"""Imports run downward only: each package of `tenantctl` and `local_tenant` sits in a layer and
imports only from its own package or a lower layer, so no two packages import each other. Every
import counts, module-level, function-level and `TYPE_CHECKING` alike (docs/architecture.md)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

MODULES = Path(__file__).resolve().parents[2] / "modules"

LAYERS: dict[str, tuple[tuple[str, ...], ...]] = {
    "tenantctl": (
        ("m365", "user_error"),
        ("model",),
        ("translate",),
        ("stack",),
        ("graph", "generate"),
        ("jobs",),
        ("resources",),
        ("components",),
        ("drift", "export", "preview", "reports"),
        ("governance", "bootstrap"),
        ("cli",),
    ),
    "local_tenant": (
        ("errors", "datadir", "permissions", "schema", "organisation"),
        ("protocol", "storage", "tls"),
        ("odata", "auth", "clock"),
        ("collection", "delta", "queries", "host"),
        ("router",),
        ("conformance", "directory"),
        ("policies", "mail", "lifecycle", "units", "reviews", "faults"),
        ("sites", "reports"),
        ("teams",),
        ("tenant",),
        ("sharepoint_admin", "seed"),
        ("batch", "identity", "admin"),
        ("app",),
        ("cli",),
    ),
}
"""Each top-level package's rooms (a sub-package or a module directly under it), lowest first."""
ACROSS = (("local_tenant", "tenantctl.m365"), ("tenantctl.generate", "local_tenant"))
"""Imports from one top-level package into the other (importer, imported): the local tenant
takes Microsoft 365's facts from the toolkit's leaf, and the generator seeds local tenants."""


@dataclass(frozen=True)
class Import:
    """One import statement's target, where it stands."""

    module: str
    line: int
    target: str


def module_name(path: Path) -> str:
    parts = path.relative_to(MODULES).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_module(name: str) -> bool:
    path = MODULES.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def imports(path: Path) -> Iterator[Import]:
    """Every import of the toolkit's own packages in the file, at any depth of its syntax tree;
    `from package import module` is an import of that module."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            targets = [
                f"{base}.{alias.name}" if is_module(f"{base}.{alias.name}") else base
                for alias in node.names
            ]
        else:
            continue
        for target in dict.fromkeys(targets):
            if target.split(".")[0] in LAYERS:
                yield Import(module, node.lineno, target)


def room(name: str) -> str:
    """The top-level package and its room: `tenantctl.drift.compare` -> `tenantctl.drift`."""
    return ".".join(name.split(".")[:2])


def downward(found: Import) -> bool:
    """Whether the import goes to a lower layer of its package, or across as ACROSS allows."""
    if found.module.split(".")[0] != found.target.split(".")[0]:
        return any(
            f"{found.module}.".startswith(f"{importer}.")
            and f"{found.target}.".startswith(f"{imported}.")
            for importer, imported in ACROSS
        )
    return layer(found.target) < layer(found.module)


def layer(name: str) -> int:
    top, _, rest = room(name).partition(".")
    for index, rooms in enumerate(LAYERS[top]):
        if rest in rooms:
            return index
    raise LookupError(name)


def all_imports() -> list[Import]:
    return [
        found
        for top in LAYERS
        for path in sorted((MODULES / top).rglob("*.py"))
        for found in imports(path)
    ]


def crossings() -> list[Import]:
    """Imports from one room into another (a top-level `__init__` is no room)."""
    return [
        found
        for found in all_imports()
        if "." in found.module and room(found.module) != room(found.target)
    ]


@pytest.mark.parametrize("top", sorted(LAYERS))
def test_every_room_has_a_layer(top: str) -> None:
    rooms = {
        path.stem if path.suffix else path.name
        for path in (MODULES / top).iterdir()
        if (path.suffix == ".py" and path.stem != "__init__") or (path / "__init__.py").is_file()
    }
    placed = {name for rooms_ in LAYERS[top] for name in rooms_}
    assert rooms - placed == set(), f"put these rooms of {top} in a layer of LAYERS"
    assert placed - rooms == set(), f"LAYERS names rooms {top} no longer has"


def test_imports_run_downward_only() -> None:
    upward = [
        f"modules/{found.module.replace('.', '/')}:{found.line} imports {found.target}, which is "
        "not below it in LAYERS: move the code that needs it up, or what it needs down"
        for found in crossings()
        if not downward(found)
    ]
    assert upward == []


def test_no_rooms_import_each_other_round_a_cycle() -> None:
    graph: dict[str, set[str]] = {}
    for found in crossings():
        graph.setdefault(room(found.module), set()).add(room(found.target))
    assert [cycle for start in sorted(graph) if (cycle := cycle_from(start, graph))] == []


def cycle_from(start: str, graph: dict[str, set[str]]) -> list[str]:
    """A path of imports from START back to it, or none."""
    paths = [[start, after] for after in sorted(graph.get(start, ()))]
    seen: set[str] = set()
    while paths:
        path = paths.pop()
        if path[-1] == start:
            return path
        if path[-1] not in seen:
            seen.add(path[-1])
            paths += [[*path, after] for after in sorted(graph.get(path[-1], ()))]
    return []


def test_an_import_names_the_module_it_imports() -> None:
    found = {(i.module, i.target) for i in imports(MODULES / "tenantctl/components/directory.py")}
    assert ("tenantctl.components.directory", "tenantctl.resources.specs.group") in found
    assert ("tenantctl.components.directory", "tenantctl.components.desired") in found


def test_a_cycle_is_found_and_named() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycle_from("a", graph) == ["a", "b", "c", "a"]
    assert cycle_from("d", graph) == []
