"""Every field of the model reaches the tenant: changing it on the demo stack changes what the
stack declares, under both group providers, unless `VALIDATION_ONLY` lists it with a reason.

Each field is walked from `Tenant` down through the nested models. Its value is changed on
an item of the demo description that has it, to a value of its type that keeps the whole
description valid (the schema and every rule); an identity others refer to (a key, a code, a
UPN) is renamed everywhere it is used. `EXTRA` makes the changes the walk cannot make alone.
The resources declared under Pulumi mocks (types, names, inputs and protection) are compared
with the demo's own.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import types
import typing
import uuid
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

import pydantic
import pytest
from pydantic import BaseModel

from tenantctl.components.directory import GroupProvider
from tenantctl.components.validation_only import VALIDATION_ONLY
from tenantctl.model import Severity, Tenant
from tenantctl.model.derive import MIGRATION_DONE
from tenantctl.model.rules import check_tenant
from tenantctl.model.schema import (
    ExpiringSpaces,
    GroupExpiry,
    GuestReview,
    Organisation,
    Partner,
    Shard,
    Site,
    SpaceKind,
    SpaceMembership,
)
from tenantctl.model.sources import SourceIndex
from tenantctl.stack.project import available_templates, load_stack
from tests.unit.components.conftest import declare

PROVIDERS = typing.get_args(GroupProvider)
TRIES = 6
"""Valid changes tried per field before it counts as reaching nothing."""

Step = tuple[str, int | None]
"""A field of a model, and an index when the field is a tuple of models."""
Where = tuple[Step, ...]
Plan = frozenset[tuple[str, str, str]]
"""Each declared resource's type, name, and its inputs and protection (as JSON)."""


@cache
def demo() -> Tenant:
    return load_stack("demo").tenant


def _types(annotation: Any) -> Iterator[Any]:
    """The types an annotation is made of (through Annotated, unions and tuples)."""
    origin = typing.get_origin(annotation)
    if origin is None:
        yield annotation
        return
    if origin not in (typing.Annotated, typing.Union, types.UnionType, tuple):
        yield origin
    for arg in typing.get_args(annotation)[: 1 if origin is typing.Annotated else None]:
        if arg is not Ellipsis:
            yield from _types(arg)


def _is_model(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, BaseModel)


def model_classes(model: type[BaseModel] = Tenant) -> dict[str, type[BaseModel]]:
    """Every model class reachable from `model`, by name."""
    found = {model.__name__: model}
    for info in model.model_fields.values():
        for kind in _types(info.annotation):
            if _is_model(kind) and kind.__name__ not in found:
                found.update(model_classes(kind))
    return found


def leaf_fields() -> list[str]:
    """`Class.field` for every field that holds values: not the fields that hold models
    (one, or a tuple of them), whose own fields are walked."""
    return [
        f"{cls_name}.{name}"
        for cls_name, cls in model_classes().items()
        for name, info in cls.model_fields.items()
        if not any(_is_model(kind) for kind in _types(info.annotation))
    ]


def instances(model: BaseModel, where: Where = ()) -> Iterator[tuple[Where, BaseModel]]:
    """Every model object inside `model`, with where it is."""
    yield where, model
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            yield from instances(value, (*where, (name, None)))
        elif isinstance(value, tuple):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from instances(item, (*where, (name, index)))


def replaced(model: BaseModel, where: Where, field: str, value: Any) -> BaseModel:
    """`model` with `field` of the object at `where` set to `value`."""
    if not where:
        return model.model_copy(update={field: value})
    (name, index), rest = where[0], where[1:]
    child = getattr(model, name)
    if index is None:
        return model.model_copy(update={name: replaced(child, rest, field, value)})
    items = list(child)
    items[index] = replaced(items[index], rest, field, value)
    return model.model_copy(update={name: tuple(items)})


def renamed(data: Any, old: str, new: str) -> Any:
    """Plain data with every string equal to `old` (any case) replaced by `new`."""
    if isinstance(data, dict):
        return {key: renamed(value, old, new) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [renamed(item, old, new) for item in data]
    if isinstance(data, str) and data.lower() == old.lower():
        return new
    return data


def valid(data: Any) -> Tenant | None:
    """The tenant if the data is a valid description (schema and every rule), else None."""
    try:
        tenant = Tenant.model_validate(data)
    except pydantic.ValidationError:
        return None
    findings = check_tenant(tenant, SourceIndex(), available_templates())
    return None if any(f.severity is Severity.ERROR for f in findings) else tenant


def _same_field_values(cls: type[BaseModel], field: str) -> list[Any]:
    return [getattr(m, field) for _, m in instances(demo()) if type(m) is cls]


def _strings(data: Any) -> Iterator[str]:
    if isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list | tuple):
        for item in data:
            yield from _strings(item)
    elif isinstance(data, str):
        yield data


@cache
def _pool(annotation: Any) -> tuple[str, ...]:
    """Strings of the demo that are values of the type (people for UPNs, codes for
    directorates, ...)."""
    adapter = pydantic.TypeAdapter(annotation)
    found = set()
    for text in _strings(demo().model_dump(mode="json")):
        try:
            adapter.validate_python(text)
        except pydantic.ValidationError:
            continue
        found.add(text)
    return tuple(sorted(found))


def _values_for(cls: type[BaseModel], field: str, current: Any) -> Iterator[Any]:
    """Other values of the field's type, most plausible first."""
    info = cls.model_fields[field]
    kinds = [k for k in _types(info.annotation) if k is not type(None)]
    others = [v for v in _same_field_values(cls, field) if v not in (None, current)]
    if isinstance(current, tuple):
        element = typing.get_args(info.annotation)[0]
        if current:
            yield current[:-1]
            yield current[::-1]
            yield (*current[:-1], f"z{current[-1]}")
        yield from ((*current, x) for x in _pool(element) if x not in current)
        return
    if isinstance(current, bool):
        yield not current
    elif isinstance(current, enum.Enum):
        yield from (member for member in type(current) if member is not current)
    elif isinstance(current, int):
        yield current + 1
    elif isinstance(current, dt.date):
        yield current + dt.timedelta(days=1)
    elif isinstance(current, uuid.UUID):
        yield uuid.uuid5(current, "other")
    elif isinstance(current, str):
        yield from others
        yield from (f"{current}2", f"{current}-2", f"{current} 2", f"z{current}")
        yield from (current + current[-1], current[:-1], current.upper(), current.lower())
    elif current is None:
        yield from others
        if int in kinds:
            yield 10
        if dt.date in kinds:
            yield dt.date.today() + dt.timedelta(days=200)
        if uuid.UUID in kinds:
            yield uuid.UUID("0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b")
        if str in kinds:
            yield from sorted(available_templates())
            yield from ("k2", "x-2", '(user.jobTitle -eq "Agent")')


def changes(field: str) -> Iterator[Tenant]:
    """Valid descriptions that differ from the demo in `field` of one item: each item's
    first change, then each item's second, and so on."""
    cls_name, name = field.split(".")
    cls = model_classes()[cls_name]
    base = demo()

    def of(where: Where, current: Any) -> Iterator[Tenant]:
        for value in _values_for(cls, name, current):
            tenant = valid(replaced(base, where, name, value).model_dump())
            if tenant is None and isinstance(current, str) and isinstance(value, str):
                # An identity others refer to: renamed everywhere.
                tenant = valid(renamed(base.model_dump(), current, value))
            if tenant is not None:
                yield tenant

    items = [of(where, getattr(item, name)) for where, item in instances(base) if type(item) is cls]
    while items:
        for item in list(items):
            found = next(item, None)
            if found is None:
                items.remove(item)
            else:
                yield found


def _with_organisation(tenant: Tenant) -> Tenant:
    agglo = Organisation(
        key="agglo", display_name="Agglo", company_name="Agglo", prefix="AGG", domain="agglo.fr"
    )
    return tenant.model_copy(update={"organisations": (*tenant.organisations, agglo)})


def _with_partner(tenant: Tenant) -> Tenant:
    other = Partner(key="assainis", name="Assainis", domains=("assainis.fr",))
    return tenant.model_copy(update={"partners": (*tenant.partners, other)})


def _space(tenant: Tenant, key: str, **changes: Any) -> Tenant:
    spaces = tuple(s.model_copy(update=changes) if s.key == key else s for s in tenant.spaces)
    return tenant.model_copy(update={"spaces": spaces})


def _mailbox(tenant: Tenant, scope: str, **changes: Any) -> Tenant:
    blocks = tuple(
        b.model_copy(update=changes) if b.scope == scope else b for b in tenant.mailbox_settings
    )
    return tenant.model_copy(update={"mailbox_settings": blocks})


def _working_zone(tenant: Tenant, zone: str) -> Tenant:
    hours = next(b for b in tenant.mailbox_settings if b.scope == "commune").working_hours
    assert hours is not None
    return _mailbox(tenant, "commune", working_hours=hours.model_copy(update={"time_zone": zone}))


def _group_policy(tenant: Tenant, **changes: Any) -> Tenant:
    policy = tenant.tenant.group_policy.model_copy(update=changes)
    return tenant.model_copy(
        update={"tenant": tenant.tenant.model_copy(update={"group_policy": policy})}
    )


def _expiry(tenant: Tenant, **changes: Any) -> Tenant:
    expiry = GroupExpiry(lifetime_days=180, spaces=ExpiringSpaces.SELECTED).model_copy(
        update=changes
    )
    return tenant.model_copy(update={"tenant": tenant.tenant.model_copy(update={"expiry": expiry})})


def _directorate(tenant: Tenant, code: str, **changes: Any) -> Tenant:
    directorates = tuple(
        d.model_copy(update=changes) if d.code == code else d for d in tenant.directorates
    )
    return tenant.model_copy(update={"directorates": directorates})


def _shard(tenant: Tenant, key: str = "mairie", **parts: tuple[str, ...]) -> Tenant:
    return tenant.model_copy(update={"shards": (Shard(key=key, **parts),)})


def _second_role(tenant: Tenant, role: str) -> Tenant:
    """The demo's organisation with its second scoped role changed to `role`."""
    (org,) = tenant.organisations
    assert org.administration is not None
    first, second = org.administration.roles
    roles = (first, second.model_copy(update={"role": role}))
    admin = org.administration.model_copy(update={"roles": roles})
    organisation = org.model_copy(update={"administration": admin})
    return tenant.model_copy(update={"organisations": (organisation,)})


EXTRA: dict[str, tuple[Callable[[Tenant], Tenant], Callable[[Tenant], Tenant]]] = {
    # The demo has one organisation: a directorate moves to a second one.
    "Directorate.organisation": (
        _with_organisation,
        lambda t: _directorate(t, "DG", organisation="agglo"),
    ),
    # The space also works with a second partner (which has no guest in it).
    "TeamSpace.partners": (
        _with_partner,
        lambda t: _space(t, "eau-potable", partners=("syndicat-eaux", "assainis")),
    ),
    # An intra space stops following its directorate (the first spaces walked are not intra).
    "TeamSpace.membership": (
        lambda t: t,
        lambda t: _space(t, "drh-equipe", membership=SpaceMembership.LISTED),
    ),
    # No other field allows it alone: an inter space becomes a partner space, with its partner
    # and its guest review.
    "TeamSpace.kind": (
        lambda t: t,
        lambda t: _space(
            t,
            "renovation-ecole",
            kind=SpaceKind.PARTNER,
            partners=("syndicat-eaux",),
            review=GuestReview(),
        ),
    ),
    # The site's read-only state matters once its space is archived.
    "Site.read_only_when_archived": (
        lambda t: _space(t, "drh-equipe", archived=True),
        lambda t: _space(t, "drh-equipe", site=Site(read_only_when_archived=True)),
    ),
    # A lifecycle policy of selected spaces, then each field changed; under a policy of every
    # group, no space says it expires.
    "GroupExpiry.lifetime_days": (_expiry, lambda t: _expiry(t, lifetime_days=365)),
    "GroupExpiry.spaces": (
        _expiry,
        lambda t: _space(_expiry(t, spaces=ExpiringSpaces.ALL), "renovation-ecole", expires=False),
    ),
    "GroupExpiry.notify": (_expiry, lambda t: _expiry(t, notify=("dsi@montaurel.fr",))),
    "TeamSpace.expires": (_expiry, lambda t: _space(_expiry(t), "drh-equipe", expires=True)),
    # Roles are named in any case, and the demo's other role would be held twice.
    "ScopedRole.role": (lambda t: t, lambda t: _second_role(t, "User Administrator")),
    # A pattern every name of the demo follows: the group name alone.
    "GroupPolicy.naming": (lambda t: t, lambda t: _group_policy(t, naming="[GroupName]")),
    # Mailbox settings: other values Exchange accepts (the walk's own spellings are refused).
    "MailboxSettings.language": (lambda t: t, lambda t: _mailbox(t, "commune", language="fr-BE")),
    "MailboxSettings.time_zone": (lambda t: t, lambda t: _mailbox(t, "commune", time_zone="UTC")),
    "MailboxSettings.date_format": (
        lambda t: t,
        lambda t: _mailbox(t, "commune", date_format="yyyy-MM-dd"),
    ),
    "MailboxSettings.time_format": (
        lambda t: t,
        lambda t: _mailbox(t, "commune", time_format="H:mm"),
    ),
    "WorkingHours.time_zone": (lambda t: t, lambda t: _working_zone(t, "Europe/Paris")),
    # Creators only matter while users cannot create groups: opening creation drops them.
    "GroupPolicy.users_can_create": (
        lambda t: t,
        lambda t: _group_policy(t, users_can_create=True, creators=None),
    ),
    # The demo is not split: a split of its one organisation, then each field changed.
    "Shard.key": (
        lambda t: _shard(t, organisations=("commune",)),
        lambda t: _shard(t, key="personnel", organisations=("commune",)),
    ),
    "Shard.organisations": (
        lambda t: _shard(t, organisations=("commune",)),
        lambda t: _shard(t, directorates=("DG", "DRH", "TECH")),
    ),
    "Shard.directorates": (
        lambda t: _shard(t, directorates=("DG", "DRH", "TECH")),
        lambda t: _shard(t, organisations=("commune",), directorates=("DG",)),
    ),
}
"""Changes the walk cannot make alone: a sample to start from, and the change made to it."""


PLANNED = dt.date(2025, 2, 3)
"""A planning date between the demo's two waves, so a wave's fields reach its licence groups
(after the last wave, every agent is licensed whatever the waves say)."""


@cache
def plan(tenant: Tenant, provider: str, today: dt.date = MIGRATION_DONE) -> Plan:
    """What the stack declares under a group provider, on the date the program plans for."""
    return frozenset(
        (d.type, d.name, json.dumps([d.inputs, d.protect], sort_keys=True, default=str))
        for d in declare(tenant, provider, today=today)
    )


def reaching(field: str) -> tuple[set[str], int]:
    """The providers under which some valid change of the field changes the plan, and how
    many valid changes were tried."""
    base, candidates = demo(), changes(field)
    if field in EXTRA:
        start, change = EXTRA[field]
        base = start(demo())
        assert valid(base.model_dump()) is not None, f"{field}: the EXTRA sample is not valid"
        candidates = (t for t in [valid(change(base).model_dump())] if t is not None)
    found: set[str] = set()
    tried = 0
    today = PLANNED if field.startswith("MigrationWave.") else MIGRATION_DONE
    for tenant in candidates:
        tried += 1
        found |= {p for p in PROVIDERS if plan(tenant, p, today) != plan(base, p, today)}
        if found == set(PROVIDERS) or tried >= TRIES:
            break
    return found, tried


@pytest.mark.parametrize("field", leaf_fields())
def test_the_field_changes_the_plan_unless_it_is_validation_only(field: str) -> None:
    reached, tried = reaching(field)
    assert tried, f"{field}: no valid change found on the demo; add one to EXTRA"
    listed = VALIDATION_ONLY.get(field)
    silent = set(listed.providers) if listed else set()
    assert reached == set(PROVIDERS) - silent, (
        f"{field}: changes the plan under {sorted(reached) or 'no provider'}; "
        f"validation-only under {sorted(silent) or 'none'}"
    )


def test_every_validation_only_entry_names_a_field_and_a_reason() -> None:
    fields = set(leaf_fields())
    for field, entry in VALIDATION_ONLY.items():
        assert field in fields, f"{field} is not a field of the model"
        assert entry.reason and set(entry.providers) <= set(PROVIDERS)
