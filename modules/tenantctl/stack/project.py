"""Find the project, its Teams templates and its stack descriptions (Python over YAML data)."""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import os
import re
import sys
from pathlib import Path
from types import ModuleType

from tenantctl.model import LoadedTenant, load_tenant
from tenantctl.stack.planning import planning_date
from tenantctl.user_error import UserError

TEMPLATE_SUFFIX = ".json.j2"
STACK_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
"""A stack description's name: a plain identifier (its folder's name, imported as a module)."""


def project_root() -> Path:
    """The folder holding Pulumi.yaml: $TENANTCTL_PROJECT, or the nearest one above cwd."""
    configured = os.environ.get("TENANTCTL_PROJECT")
    if configured:
        return Path(configured).resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "Pulumi.yaml").is_file() and (folder / "stacks").is_dir():
            return folder
    return Path(__file__).resolve().parents[2]


def templates_dir() -> Path:
    """The project's Teams templates folder."""
    return project_root() / "teams_templates"


def available_templates() -> set[str]:
    """Names of the Teams templates that exist (file names without .json.j2)."""
    return {
        p.name.removesuffix(TEMPLATE_SUFFIX) for p in templates_dir().glob(f"*{TEMPLATE_SUFFIX}")
    }


def load_stack_data(data_dir: Path) -> LoadedTenant:
    """Load a stack's YAML data, checking template names, with paths shown from the project,
    for the date the program plans for."""
    return load_tenant(
        data_dir,
        templates=available_templates(),
        relative_to=project_root(),
        today=planning_date(),
    )


class StackNotFound(UserError, LookupError):
    """No stack description by that name or at that path."""


def stack_folder(name: str) -> Path:
    """The folder of stack NAME: `stacks/<NAME>` of the project for a plain name (a Python
    identifier: it is imported as `stacks.<NAME>`), else the stack folder at path NAME (an
    exported one, say), holding `__init__.py` or `data/`; a `StackNotFound` naming the known
    stacks otherwise."""
    root = project_root()
    folder = _stack_folder(root, name)
    if _in_stacks(folder, root):
        if STACK_NAME.fullmatch(folder.name) and (folder / "__init__.py").is_file():
            return folder
    elif (folder / "__init__.py").is_file() or (folder / "data").is_dir():
        return folder
    known = sorted(p.parent.name for p in (root / "stacks").glob("*/__init__.py"))
    raise StackNotFound(
        f"no stack description {_shown(folder, root)!r}; known: {', '.join(known)} "
        "(or give the path of a stack folder, holding __init__.py or data/)"
    )


def load_stack(name: str) -> LoadedTenant:
    """The description of stack NAME (see `stack_folder`): its `describe()`, or for a stack
    folder without `__init__.py`, its data."""
    root = project_root()
    folder = stack_folder(name)
    if _in_stacks(folder, root):
        _import_stacks_from(root)
        return _describe(importlib.import_module(f"stacks.{folder.name}"), folder)
    if (folder / "__init__.py").is_file():
        return _describe(_module_at(folder), folder)
    return load_stack_data(folder / "data")


def _in_stacks(folder: Path, root: Path) -> bool:
    return folder.parent.resolve() == (root / "stacks").resolve()


def _stack_folder(root: Path, name: str) -> Path:
    """`stacks/<name>` for a bare name; the folder itself for a path."""
    given = Path(name)
    if len(given.parts) == 1 and not given.is_absolute() and name not in (".", ".."):
        return root / "stacks" / given
    return given


def _shown(folder: Path, root: Path) -> str:
    try:
        return str(folder.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(folder)


def _module_at(folder: Path) -> ModuleType:
    """The `__init__.py` of a stack folder outside the project's `stacks` package."""
    digest = hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:12]
    spec = importlib.util.spec_from_file_location(
        f"tenantctl_stack_{digest}", folder / "__init__.py", submodule_search_locations=[]
    )
    if spec is None or spec.loader is None:
        raise StackNotFound(f"{folder}/__init__.py cannot be loaded as a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _describe(module: ModuleType, folder: Path) -> LoadedTenant:
    describe = getattr(module, "describe", None)
    if not callable(describe):
        raise StackNotFound(
            f"{folder}/__init__.py defines no describe(): add one returning the stack's "
            "description (see stacks/demo/__init__.py)"
        )
    loaded: LoadedTenant = describe()
    return loaded


def _import_stacks_from(root: Path) -> None:
    """Make `stacks` the package of this project, even if another project's was imported."""
    if sys.path[:1] != [str(root)]:
        if str(root) in sys.path:
            sys.path.remove(str(root))
        sys.path.insert(0, str(root))
    loaded = sys.modules.get("stacks")
    if loaded is not None and Path(loaded.__path__[0]).resolve() != (root / "stacks").resolve():
        for module in [m for m in sys.modules if m == "stacks" or m.startswith("stacks.")]:
            del sys.modules[module]
