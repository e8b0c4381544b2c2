"""Write an export as a stack folder: `data/*.yaml` for the loader, the rest beside it.

<out>/__init__.py        the stack's describe() (only when missing)
<out>/data/*.yaml        the description, one file per section (what `load_tenant` reads); a
                         section larger than the loader's file limit goes on in
                         `<name>_02.yaml`, `<name>_03.yaml`, ... (read in that order)
<out>/unclassified.yaml  objects left out, with the reason (outside data/: never loaded)
<out>/not-managed.yaml   distribution lists and mail-enabled security groups: Exchange
                         Online's, reported, never managed (outside data/: never loaded)
<out>/import.json        `pulumi import -f` file for pulumi-azuread's groups and licences
"""

from __future__ import annotations

import io
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any, TextIO

import yaml
from pydantic import BaseModel

from tenantctl.export.classify import Export
from tenantctl.export.plan import import_plan
from tenantctl.model import FAST_DUMPER
from tenantctl.model.data_folder import MAX_FILE_BYTES
from tenantctl.model.schema import Tenant

FILES = {
    "tenant.yaml": ("tenant", "organisations"),
    "people.yaml": ("people",),
    "directorates.yaml": ("directorates",),
    "partners.yaml": ("partners",),
    "spaces.yaml": ("spaces",),
    "licences.yaml": ("licence_groups",),
    "mailboxes.yaml": ("mailbox_settings",),
    "waves.yaml": ("waves",),
}
NOT_MANAGED = """\
# Distribution lists and mail-enabled security groups: Exchange Online manages them, and
# Graph v1.0 lists them but cannot create them, change them or their members. The toolkit
# reports them and never touches them: manage them in the Exchange admin centre or with
# Exchange Online PowerShell (New-DistributionGroup, Set-DistributionGroup,
# Add-DistributionGroupMember). Not loaded.
"""
STACK_MODULE = '''"""A tenant description exported by `tenantctl export`: review, then commit."""

from pathlib import Path

from tenantctl.model import LoadedTenant
from tenantctl.stack.project import load_stack_data


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


def _dumped(data: Any) -> str:
    text = io.StringIO()
    _dump_into(text, data)
    return text.getvalue()


class _Parts:
    """A section file written in parts (`path`, then `<stem>_02.yaml`, ..., names the loader
    sorts in that order), each within the loader's file limit (`data_folder.MAX_FILE_BYTES`)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.written: list[Path] = []
        self._stream: TextIO | None = None
        self._size = 0
        self._list: str | None = None

    def add(self, text: str, list_section: str | None = None) -> None:
        """Append TEXT: a whole section, or an item of LIST_SECTION (whose key a part
        writes before its first item)."""
        key = f"{list_section}:\n" if list_section != self._list and list_section else ""
        if self._stream is None or self._size + len((key + text).encode()) > MAX_FILE_BYTES:
            self._next_part()
            key = f"{list_section}:\n" if list_section else ""
        self._put(key + text)
        self._list = list_section

    def close(self) -> None:
        """Close the last part; remove the parts an earlier, larger export left."""
        if self._stream is not None:
            self._stream.close()
        for part in self.path.parent.glob(f"{self.path.stem}_*{self.path.suffix}"):
            if part.stem.rsplit("_", 1)[1].isdigit() and part not in self.written:
                part.unlink()
        if not self.written:
            self.path.unlink(missing_ok=True)

    def _next_part(self) -> None:
        if self._stream is not None:
            self._stream.close()
        number = len(self.written) + 1
        name = self.path.name if number == 1 else f"{self.path.stem}_{number:02d}{self.path.suffix}"
        self.written.append(self.path.with_name(name))
        self._stream = self.written[-1].open("w", encoding="utf-8")
        self._size, self._list = 0, None
        self._put(HEADER)

    def _put(self, text: str) -> None:
        assert self._stream is not None
        self._stream.write(text)
        self._size += len(text.encode())


def _write_sections(path: Path, tenant: Tenant, sections: tuple[str, ...]) -> list[Path]:
    """Write the tenant's non-empty `sections` to `path`, a list item at a time (the YAML is
    the same as one dump of the sections, without their whole tree in memory), in parts
    when it would pass the loader's file limit; the files written (none, and no file left
    from an earlier export, when the sections are all empty)."""
    parts = _Parts(path)
    try:
        for name in sections:
            value: BaseModel | tuple[BaseModel, ...] = getattr(tenant, name)
            if isinstance(value, BaseModel):
                parts.add(_dumped({name: _plain(value)}))
                continue
            for item in value:
                parts.add(_dumped([_plain(item)]), name)
    finally:
        parts.close()
    return parts.written


def _plain(model: BaseModel) -> Any:
    """A model as the loader reads it, leaving out defaults so the YAML stays as written."""
    return model.model_dump(mode="json", exclude_defaults=True)


def write_export(export: Export, out: Path) -> list[Path]:
    """Write the export under `out`; return the files written."""
    data_dir = out / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    written = [
        part
        for name, sections in FILES.items()
        for part in _write_sections(data_dir / name, export.tenant, sections)
    ]
    unclassified = out / "unclassified.yaml"
    with unclassified.open("w", encoding="utf-8") as stream:
        stream.write("# Objects the export could not describe, with the reason. Not loaded.\n")
        _dump_into(stream, {"unclassified": [asdict(u) for u in export.unclassified]})
    not_managed = out / "not-managed.yaml"
    with not_managed.open("w", encoding="utf-8") as stream:
        stream.write(NOT_MANAGED)
        _dump_into(stream, {"not_managed": [asdict(n) for n in export.not_managed]})
    plan = out / "import.json"
    plan.write_text(json.dumps(import_plan(export.tenant), indent=2) + "\n", encoding="utf-8")
    module = out / "__init__.py"
    if not module.exists():
        module.write_text(STACK_MODULE, encoding="utf-8")
    return [*written, unclassified, not_managed, plan, module]
