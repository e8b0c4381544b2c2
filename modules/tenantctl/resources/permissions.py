"""The least set of Graph application permissions a set of resource kinds needs, and the
set a read-only identity needs (what grants what: `tenantctl.m365.permissions`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from tenantctl.m365.permissions import least, read_only
from tenantctl.resources.registry import spec_of


def required_permissions(resource_kinds: Iterable[str]) -> list[str]:
    """Sorted permissions of the kinds' operations, less those another needed one grants.

    Entries prefixed `SharePoint:` are permissions of the SharePoint API, not Graph.
    """
    return least(perm for kind in resource_kinds for perm in spec_of(kind).permissions)


@dataclass(frozen=True)
class ReadSet:
    """What a read-only identity needs to read some resources: `permissions`, and the kinds it
    cannot read (`unreadable`: kind → the write-capable permissions their read takes)."""

    permissions: list[str]
    unreadable: dict[str, list[str]]


def read_set(reads: Mapping[str, Iterable[str]], also: Iterable[str] = ()) -> ReadSet:
    """The read set of resource kinds given with the permissions of their reads, and of the
    other reads (`also`) the jobs make."""
    wanted = {kind: list(perms) for kind, perms in reads.items()}
    unreadable = {
        kind: writes
        for kind, perms in sorted(wanted.items())
        if (writes := [p for p in perms if not read_only(p)])
    }
    found = [p for perms in wanted.values() for p in perms if read_only(p)]
    return ReadSet(least([*found, *also]), unreadable)
