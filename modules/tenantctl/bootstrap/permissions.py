"""The permissions each identity is granted: what `tenantctl permissions` prints for the stack
description, run as its own process (its plan runs the components under Pulumi mocks, which
must not replace the bootstrap program's own runtime)."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass

from tenantctl.bootstrap.settings import Identity, Settings, SettingsError
from tenantctl.m365.permissions import SHAREPOINT
from tenantctl.stack.project import project_root

CLI = "from tenantctl.cli import main; main()"


@dataclass(frozen=True)
class Grants:
    """Application permissions on Microsoft Graph and on SharePoint Online's API."""

    graph: tuple[str, ...]
    sharepoint: tuple[str, ...]

    @classmethod
    def of(cls, permissions: list[str]) -> Grants:
        """Split `tenantctl permissions` output (`SharePoint:` entries are SharePoint's)."""
        return cls(
            tuple(p for p in permissions if not p.startswith(SHAREPOINT)),
            tuple(p.removeprefix(SHAREPOINT) for p in permissions if p.startswith(SHAREPOINT)),
        )


class PermissionsError(RuntimeError):
    """`tenantctl permissions` failed: its own message (a stack that does not validate)."""


def computed(settings: Settings, identity: Identity) -> Grants:
    """`tenantctl permissions DESCRIPTION [--read] --group-provider P`, split by API."""
    known = sorted(p.parent.name for p in (project_root() / "stacks").glob("*/__init__.py"))
    if settings.description not in known:
        raise SettingsError(
            "description",
            f"no stack description 'stacks/{settings.description}'",
            f"name one of {', '.join(known)}",
        )
    args = [settings.description, "--group-provider", settings.group_provider]
    if identity == "read":
        args.append("--read")
    result = subprocess.run(
        [sys.executable, "-c", CLI, "permissions", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise PermissionsError(result.stderr.strip() or result.stdout.strip())
    return Grants.of(result.stdout.split())
