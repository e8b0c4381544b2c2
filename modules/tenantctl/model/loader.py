"""Load a tenant description from a folder of YAML files into the validated model.

Every problem is collected, located (file, line, key) and reported at once, before anything
downstream sees the model; malformed YAML gets the same treatment as a bad value.
"""

from __future__ import annotations

import datetime
import difflib
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from tenantctl.model.data_folder import DataFile, data_files
from tenantctl.model.derive import MIGRATION_DONE
from tenantctl.model.errors import (
    Finding,
    Severity,
    SourceRef,
    TenantDescriptionError,
    YamlReadError,
)
from tenantctl.model.rules import check_tenant
from tenantctl.model.schema import (
    Directorate,
    LicenceGroup,
    MailboxSettings,
    MigrationWave,
    Organisation,
    Partner,
    Person,
    Shard,
    TeamSpace,
    Tenant,
    TenantSettings,
)
from tenantctl.model.sources import ItemOrigin, SourceIndex, key_label
from tenantctl.model.yaml_source import KeyPath, YamlDocument, read_yaml

LIST_SECTIONS: dict[str, tuple[type[BaseModel], str]] = {
    "organisations": (Organisation, "key"),
    "directorates": (Directorate, "code"),
    "people": (Person, "upn"),
    "partners": (Partner, "key"),
    "spaces": (TeamSpace, "key"),
    "licence_groups": (LicenceGroup, "key"),
    "mailbox_settings": (MailboxSettings, "scope"),
    "waves": (MigrationWave, "key"),
    "shards": (Shard, "key"),
}
SETTINGS_SECTION = "tenant"
ModelT = TypeVar("ModelT", bound=BaseModel)
ALL_SECTIONS = (SETTINGS_SECTION, *LIST_SECTIONS)


@dataclass(frozen=True)
class LoadedTenant:
    """A valid tenant description, where each item came from, and the warnings found."""

    tenant: Tenant
    sources: SourceIndex
    warnings: tuple[Finding, ...]
    today: datetime.date = MIGRATION_DONE
    """The date it was checked for, which the licence groups follow (`licence_membership`)."""


def load_tenant(
    data_dir: Path,
    *,
    templates: Collection[str] | None = None,
    relative_to: Path | None = None,
    today: datetime.date | None = None,
) -> LoadedTenant:
    """Load and validate every YAML file under data_dir; raise TenantDescriptionError if bad.

    `templates` lists the Teams template names that exist (None skips that check).
    File names in findings are shown relative to `relative_to` (default: the working folder).
    `today` is the date the program plans for: given, the licence groups follow it and a wave
    past it is checked; not given, they are as once every wave has come.
    """
    files, findings = data_files(data_dir, relative_to or Path.cwd())
    if not files and not findings:
        raise TenantDescriptionError(
            [
                Finding(
                    SourceRef(data_dir, 1),
                    "(folder)",
                    "no YAML files found",
                    "point at the folder that holds the stack's *.yaml data",
                )
            ]
        )
    documents = _read_all(files, findings)
    all_read = not findings
    sections, sources, section_findings = _collect_sections(documents, complete=all_read)
    findings.extend(section_findings)
    tenant = _build_tenant(sections)
    # With a file unread, references into it would all look unknown: report the file alone.
    if tenant is not None and all_read:
        findings.extend(check_tenant(tenant, sources, templates, sections.rejected, today))
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if errors or tenant is None:
        raise TenantDescriptionError(findings)
    warnings = tuple(f for f in findings if f.severity is Severity.WARNING)
    return LoadedTenant(tenant, sources, warnings, today or MIGRATION_DONE)


def _read_all(files: list[DataFile], findings: list[Finding]) -> list[YamlDocument]:
    """Parse each file; a file that cannot be read adds its finding to `findings`."""
    documents: list[YamlDocument] = []
    for file in files:
        try:
            documents.append(read_yaml(file.path, file.shown))
        except YamlReadError as exc:
            findings.append(exc.finding)
    return documents


@dataclass
class _Sections:
    settings: TenantSettings | None
    items: dict[str, list[BaseModel]]
    rejected: dict[str, set[str]]  # keys of items the schema refused, by section


def _collect_sections(
    documents: list[YamlDocument], *, complete: bool = True
) -> tuple[_Sections, SourceIndex, list[Finding]]:
    """Gather sections from every document; `complete` is False when some file was unreadable."""
    sources = SourceIndex()
    findings: list[Finding] = []
    sections = _Sections(None, {name: [] for name in LIST_SECTIONS}, {})
    settings_origin: SourceRef | None = None
    for doc in documents:
        if doc.data is None:
            continue
        if not isinstance(doc.data, Mapping):
            findings.append(
                _at(
                    doc,
                    (),
                    "(file)",
                    "the file must be a mapping of sections",
                    f"start the file with one of: {', '.join(ALL_SECTIONS)}",
                )
            )
            continue
        for section, value in doc.data.items():
            if section == SETTINGS_SECTION:
                if settings_origin is not None:
                    findings.append(
                        _at(
                            doc,
                            (section,),
                            section,
                            f"'tenant' is already defined at {settings_origin}",
                            "keep a single 'tenant' section",
                        )
                    )
                    continue
                settings_origin = doc.source((section,))
                sources.add(section, "", ItemOrigin(doc, (section,)))
                sections.settings = _validate(
                    TenantSettings, value, doc, (section,), section, "", findings
                )
            elif section in LIST_SECTIONS:
                _collect_items(doc, str(section), value, sections, sources, findings)
            else:
                findings.append(
                    _at(
                        doc,
                        (section,),
                        str(section),
                        "unknown section",
                        _did_you_mean(str(section), ALL_SECTIONS),
                    )
                )
    if settings_origin is None and complete:
        findings.append(
            Finding(
                None,
                SETTINGS_SECTION,
                "no 'tenant' section in any file",
                "add a 'tenant:' section with name and default_domain",
            )
        )
    return sections, sources, findings


def _collect_items(
    doc: YamlDocument,
    section: str,
    value: Any,
    sections: _Sections,
    sources: SourceIndex,
    findings: list[Finding],
) -> None:
    model, key_field = LIST_SECTIONS[section]
    if not isinstance(value, list):
        findings.append(
            _at(
                doc,
                (section,),
                section,
                "must be a list of items",
                f"write each item on its own line starting with '- {key_field}: ...'",
            )
        )
        return
    for index, raw in enumerate(value):
        path: KeyPath = (section, index)
        key = raw.get(key_field) if isinstance(raw, Mapping) else None
        keyed = isinstance(key, str) and bool(key)
        label = str(key) if keyed else f"#{index}"
        origin = ItemOrigin(doc, path)
        if keyed and (section, label) in sources.origins:
            first = sources.locate(section, label)
            findings.append(
                _at(
                    doc,
                    (*path, key_field),
                    key_label(section, label, ()),
                    f"duplicate {key_field} '{label}' (first defined at {first})",
                    f"give each item of '{section}' a unique {key_field}",
                )
            )
            continue
        if keyed:  # an item without a usable key fails validation; nothing refers to it
            sources.add(section, label, origin)
        item = _validate(model, raw, doc, path, section, label, findings)
        if item is not None:
            sections.items[section].append(item)
        elif keyed:
            sections.rejected.setdefault(section, set()).add(label)


def _validate(
    model: type[ModelT],
    raw: Any,
    doc: YamlDocument,
    path: KeyPath,
    section: str,
    label: str,
    findings: list[Finding],
) -> ModelT | None:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        for error in exc.errors():
            loc = tuple(error["loc"])
            findings.append(_pydantic_finding(doc, path, section, label, loc, error, model))
        return None


def _pydantic_finding(
    doc: YamlDocument,
    path: KeyPath,
    section: str,
    label: str,
    loc: tuple[Any, ...],
    error: Any,
    model: type[BaseModel],
) -> Finding:
    loc = tuple(part for part in loc if not (isinstance(part, str) and part.startswith("function")))
    kind = error["type"]
    message = error["msg"]
    fix = "correct the value"
    if kind == "missing":
        message = "required key is missing"
        fix = f"add '{loc[-1]}:' here" if loc else "add the missing key"
    elif kind == "extra_forbidden":
        message = "unknown key"
        fix = _did_you_mean(str(loc[-1]), _field_names(model, loc[:-1]))
    elif kind == "enum":
        fix = f"use one of: {error.get('ctx', {}).get('expected', '')}"
    elif kind.startswith("date_"):
        fix = "write a day of the calendar as YYYY-MM-DD, for example 2025-04-30"
    elif kind == "string_pattern_mismatch":
        fix = _pattern_fix(model, loc)
    elif kind == "string_too_long":
        most = error["ctx"]["max_length"]
        message = f"is {len(error['input']):,} characters long, over the limit of {most:,}"
        fix = f"shorten it to {most:,} characters or fewer"
    elif kind in {"value_error", "assertion_error"}:
        message = message.removeprefix("Value error, ")
        fix = "see the message"
    key = key_label(section, label, loc)
    return Finding(doc.source((*path, *loc)), key, message, fix)


def _pattern_fix(model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    field = _field_info(model, loc)
    if field is not None and field.description:
        return f"expected {field.description[0].lower()}{field.description[1:]}"
    return "use the expected format"


def _field_info(model: type[BaseModel], loc: tuple[Any, ...]) -> Any:
    current: Any = model
    info = None
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", {})
        info = fields.get(part)
        if info is None:
            return None
        current = _inner_model(info.annotation)
    return info


def _field_names(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        info = getattr(current, "model_fields", {}).get(part)
        if info is None:
            return []
        current = _inner_model(info.annotation)
    return list(getattr(current, "model_fields", {}))


def _inner_model(annotation: Any) -> Any:
    args = getattr(annotation, "__args__", ())
    for arg in (annotation, *args):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None


def _build_tenant(sections: _Sections) -> Tenant | None:
    if sections.settings is None:
        return None
    items = sections.items
    return Tenant(
        tenant=sections.settings,
        organisations=tuple(items["organisations"]),  # type: ignore[arg-type]
        directorates=tuple(items["directorates"]),  # type: ignore[arg-type]
        people=tuple(items["people"]),  # type: ignore[arg-type]
        partners=tuple(items["partners"]),  # type: ignore[arg-type]
        spaces=tuple(items["spaces"]),  # type: ignore[arg-type]
        licence_groups=tuple(items["licence_groups"]),  # type: ignore[arg-type]
        mailbox_settings=tuple(items["mailbox_settings"]),  # type: ignore[arg-type]
        waves=tuple(items["waves"]),  # type: ignore[arg-type]
        shards=tuple(items["shards"]),  # type: ignore[arg-type]
    )


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    choices = list(choices)
    close = difflib.get_close_matches(word, choices, n=1)
    if close:
        return f"did you mean '{close[0]}'?"
    return f"remove it; allowed here: {', '.join(choices)}" if choices else "remove it"


def _at(doc: YamlDocument, path: KeyPath, key: str, message: str, fix: str) -> Finding:
    return Finding(doc.source(path), key, message, fix)
