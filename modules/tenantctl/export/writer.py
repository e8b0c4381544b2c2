"""Write an export as a stack folder: `data/*.yaml` for the loader, the rest beside it.

<out>/__init__.py        the stack's describe() (only when missing)
<out>/data/*.yaml        the description, one file per section (what `load_tenant` reads)
<out>/unclassified.yaml  objects left out, with the reason (outside data/: never loaded)
<out>/import.json        `pulumi import -f` file for pulumi-azuread's groups and licences
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any, TextIO

import yaml
from pydantic import BaseModel

from tenantctl.export.classify import Export
from tenantctl.export.plan import import_plan
from tenantctl.model import FAST_DUMPER
from tenantctl.model.schema import Tenant

FILES = {
    "tenant.yaml": ("tenant", "organisations"),
    "people.yaml": ("people",),
    "directorates.yaml": ("directorates",),
    "partners.yaml": ("partners",),
    "spaces.yaml": ("spaces",),
    "licences.yaml": ("licence_groups",),
}
STACK_MODULE = '''"""A tenant description exported by `tenantctl export`: review, then commit."""

from pathlib import Path

from tenantctl.model import LoadedTenant
from tenantctl.stacks import load_stack_data


def describe() -> LoadedTenant:
    """The tenant description of this stack, validated."""
    return load_stack_data(Path(__file__).parent / "data")
'''
HEADER = "# Exported by `tenantctl export`; review before committing.\n"


def _dump_into(stream: TextIO, data: Any) -> None:
    yaml.dump(
        data,
        stream,
        Dumper=FAST_DUMPER,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
    )


def _write_sections(path: Path, tenant: Tenant, sections: tuple[str, ...]) -> bool:
    """Write the tenant's non-empty `sections` to `path`, a list item at a time (the YAML is
    the same as one dump of the sections, without their whole tree in memory); False, and no
    file, when they are all empty."""
    present = [name for name in sections if getattr(tenant, name)]
    if not present:
        path.unlink(missing_ok=True)  # a section now empty: drop what an earlier export wrote
        return False
    with path.open("w", encoding="utf-8") as stream:
        stream.write(HEADER)
        for name in present:
            value: BaseModel | tuple[BaseModel, ...] = getattr(tenant, name)
            if isinstance(value, BaseModel):
                _dump_into(stream, {name: _plain(value)})
                continue
            stream.write(f"{name}:\n")
            for item in value:
                _dump_into(stream, [_plain(item)])
    return True


def _plain(model: BaseModel) -> Any:
    """A model as the loader reads it, leaving out defaults so the YAML stays as written."""
    return model.model_dump(mode="json", exclude_defaults=True)


def write_export(export: Export, out: Path) -> list[Path]:
    """Write the export under `out`; return the files written."""
    data_dir = out / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    written = [
        data_dir / name
        for name, sections in FILES.items()
        if _write_sections(data_dir / name, export.tenant, sections)
    ]
    unclassified = out / "unclassified.yaml"
    with unclassified.open("w", encoding="utf-8") as stream:
        stream.write("# Objects the export could not describe, with the reason. Not loaded.\n")
        _dump_into(stream, {"unclassified": [asdict(u) for u in export.unclassified]})
    plan = out / "import.json"
    plan.write_text(json.dumps(import_plan(export.tenant), indent=2) + "\n", encoding="utf-8")
    module = out / "__init__.py"
    if not module.exists():
        module.write_text(STACK_MODULE, encoding="utf-8")
    return [*written, unclassified, plan, module]
