"""Every Graph resource kind's spec, by kind name: each module of `specs/` that defines a
`SPEC` is a kind, found by walking the package (helpers shared by kinds define none)."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator, Mapping
from functools import cache

from tenantctl.resources import specs
from tenantctl.resources.kind import KindSpec


@cache
def _walk() -> dict[str, KindSpec]:
    found: dict[str, KindSpec] = {}
    for module in pkgutil.iter_modules(specs.__path__, f"{specs.__name__}."):
        spec = getattr(importlib.import_module(module.name), "SPEC", None)
        if isinstance(spec, KindSpec):
            if spec.kind in found:
                raise RuntimeError(f"{module.name}: kind {spec.kind!r} is declared twice")
            found[spec.kind] = spec
    return found


class _Registry(Mapping[str, KindSpec]):
    """The kinds, read from `specs/` on first use (the kinds' modules import the provider,
    which looks kinds up here)."""

    def __getitem__(self, kind: str) -> KindSpec:
        return _walk()[kind]

    def __iter__(self) -> Iterator[str]:
        return iter(_walk())

    def __len__(self) -> int:
        return len(_walk())


SPECS: Mapping[str, KindSpec] = _Registry()


def spec_of(kind: str) -> KindSpec:
    """The spec of `kind`; a clear error for an unknown kind."""
    try:
        return SPECS[kind]
    except KeyError:
        raise KeyError(
            f"unknown Graph resource kind {kind!r}; known: {', '.join(sorted(SPECS))}"
        ) from None
