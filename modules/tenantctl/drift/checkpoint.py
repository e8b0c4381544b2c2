"""Where a stack's state lies when its backend is a local file backend: the checkpoint file
itself, which drift streams instead of running `pulumi stack export` (the engine holds the
whole state in memory to export it: about 1 GiB for 40,000 resources).

A file backend (`PULUMI_BACKEND_URL=file://PATH`, or the project's `backend.url`) keeps each
stack's checkpoint at `PATH/.pulumi/stacks/PROJECT/STACK.json` (`.json.gz` when compressed;
without the project folder in the legacy layout): `{"version": 3, "checkpoint": {"latest":
DEPLOYMENT}}`, where the export is `{"version": 3, "deployment": DEPLOYMENT}`
(pulumi/pulumi, pkg/backend/diy; www.pulumi.com/docs/iac/concepts/state-and-backends). The
secrets in it are encrypted as in an export without `--show-secrets`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

SCHEME = "file://"


def checkpoint_file(stack: str, cwd: Path, environ: Mapping[str, str] | None = None) -> Path | None:
    """The checkpoint of STACK (`stack` or `org/project/stack`) of the project in CWD, when
    its backend is a local file backend and the file is there; None otherwise."""
    project = _project(cwd)
    url = (environ if environ is not None else os.environ).get("PULUMI_BACKEND_URL") or str(
        (project.get("backend") or {}).get("url") or ""
    )
    if not url.startswith(SCHEME) or project.get("name") is None:
        return None
    root = Path(url[len(SCHEME) :].split("?", 1)[0]).expanduser()
    if not root.is_absolute():
        return None
    parts = stack.split("/")
    name, project_name = parts[-1], parts[1] if len(parts) == 3 else str(project["name"])
    stacks = root / ".pulumi" / "stacks"
    for folder in (stacks / project_name, stacks):
        for suffix in (".json", ".json.gz"):
            candidate = folder / f"{name}{suffix}"
            if candidate.is_file():
                return candidate
    return None


def _project(cwd: Path) -> dict[str, Any]:
    """The project file's settings (empty when there is none or it cannot be read)."""
    for file_name in ("Pulumi.yaml", "Pulumi.yml"):
        path = cwd / file_name
        if path.is_file():
            try:
                loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
            except (OSError, yaml.YAMLError):
                return {}
            return loaded if isinstance(loaded, dict) else {}
    return {}
