"""Find the project, its Teams templates and its stack descriptions (Python over YAML data)."""

from __future__ import annotations

import importlib
import os
import re
import sys
from pathlib import Path

from tenantctl.model import LoadedTenant, load_tenant

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
    """Load a stack's YAML data, checking template names, with paths shown from the project."""
    return load_tenant(data_dir, templates=available_templates(), relative_to=project_root())


def stack_folder(name: str) -> Path:
    """The folder stacks/<name> of a stack description, or a LookupError naming the known
    ones. Only a plain name is looked up: never a path, which could lead out of stacks/."""
    stacks = project_root() / "stacks"
    named = STACK_NAME.fullmatch(name) is not None
    if named and (stacks / name / "__init__.py").is_file():
        return stacks / name
    known = ", ".join(sorted(p.parent.name for p in stacks.glob("*/__init__.py")))
    if not named:
        raise LookupError(
            f"stack name {name!r} is not a plain name: give the name of a folder under "
            f"stacks/ (known: {known})"
        )
    raise LookupError(f"no stack description 'stacks/{name}'; known: {known}")


def load_stack(name: str) -> LoadedTenant:
    """Import stacks/<name> and return its description (its `describe()`)."""
    root = stack_folder(name).parents[1]
    _import_stacks_from(root)
    module = importlib.import_module(f"stacks.{name}")
    loaded: LoadedTenant = module.describe()
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
