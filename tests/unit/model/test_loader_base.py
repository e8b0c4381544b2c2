"""The minimal description the other model tests start from is itself valid."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from conftest import Description


def test_the_base_description_loads_without_findings(desc: Description) -> None:
    loaded = desc.load()
    assert loaded.warnings == ()
    assert [s.key for s in loaded.tenant.spaces] == ["drh-equipe", "projet-commun", "mobilite"]
