"""Write a tenant description as a stack folder: `__init__.py` and `data/*.yaml`."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from tenantctl.model import FAST_DUMPER, Tenant, tenant_to_data

_INIT = '''"""{title}: a synthetic tenant written by `tenantctl generate`."""

from pathlib import Path

from tenantctl.model import LoadedTenant
from tenantctl.stack.project import load_stack_data


def describe() -> LoadedTenant:
    """The tenant description of this stack, validated."""
    return load_stack_data(Path(__file__).parent / "data")
'''


def write_stack(tenant: Tenant, out: Path, name: str) -> Path:
    """Write `out/stacks/<name>/` (its data folder replaced); return the stack folder."""
    folder = out / "stacks" / name
    data_dir = folder / "data"
    shutil.rmtree(data_dir, ignore_errors=True)
    (data_dir / "spaces").mkdir(parents=True)
    data = tenant_to_data(tenant)
    files: dict[str, dict[str, Any]] = {
        "tenant.yaml": {"tenant": data["tenant"], "organisations": data["organisations"]},
        "directorates.yaml": {"directorates": data["directorates"]},
        "people.yaml": {"people": data["people"]},
        "partners.yaml": {"partners": data.get("partners", [])},
        "licences.yaml": {"licence_groups": data.get("licence_groups", [])},
        "waves.yaml": {"waves": data.get("waves", [])},
    }
    organisation_of = {d.code: d.organisation for d in tenant.directorates}
    per_organisation: dict[str, list[Any]] = {o.key: [] for o in tenant.organisations}
    for space, item in zip(tenant.spaces, data.get("spaces", []), strict=True):
        per_organisation[organisation_of[space.directorates[0]]].append(item)
    for key, spaces in per_organisation.items():
        files[f"spaces/{key}.yaml"] = {"spaces": spaces}
    for relative, content in files.items():
        text = yaml.dump(
            content, Dumper=FAST_DUMPER, sort_keys=False, allow_unicode=True, width=100
        )
        (data_dir / relative).write_text(text, encoding="utf-8")
    (folder / "__init__.py").write_text(_INIT.format(title=tenant.tenant.name), encoding="utf-8")
    return folder
