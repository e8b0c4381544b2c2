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
from typing import Any

import yaml

from tenantctl.export.classify import Export
from tenantctl.export.plan import import_plan
from tenantctl.model.dump import tenant_to_data

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


def _yaml(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False)


def write_export(export: Export, out: Path) -> list[Path]:
    """Write the export under `out`; return the files written."""
    data_dir = out / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    data = tenant_to_data(export.tenant)
    written: list[Path] = []
    for name, sections in FILES.items():
        content = {s: data[s] for s in sections if s in data}
        if content:
            (data_dir / name).write_text(HEADER + _yaml(content), encoding="utf-8")
            written.append(data_dir / name)
        else:  # a section now empty: drop what an earlier export wrote
            (data_dir / name).unlink(missing_ok=True)
    unclassified = out / "unclassified.yaml"
    note = "# Objects the export could not describe, with the reason. Not loaded.\n"
    body = {"unclassified": [asdict(u) for u in export.unclassified]}
    unclassified.write_text(note + _yaml(body), encoding="utf-8")
    plan = out / "import.json"
    plan.write_text(json.dumps(import_plan(export.tenant), indent=2) + "\n", encoding="utf-8")
    module = out / "__init__.py"
    if not module.exists():
        module.write_text(STACK_MODULE, encoding="utf-8")
    return [*written, unclassified, plan, module]
