"""Archived spaces: kept with their content, so nothing in the description may delete them."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from conftest import Description


def archive(desc: Description, *lines: str) -> None:
    desc.replace(
        "spaces.yaml",
        "    display_name: Projet commun\n",
        "    display_name: Projet commun\n" + "".join(f"    {line}\n" for line in lines),
    )


def test_an_archived_space_with_a_read_only_site_loads(desc: Description) -> None:
    archive(desc, "archived: true", "site: {read_only_when_archived: true}")
    (space,) = (s for s in desc.load().tenant.spaces if s.key == "projet-commun")
    assert (space.archived, space.site.read_only_when_archived) == (True, True)


@pytest.mark.parametrize(
    ("line", "field"),
    [("allow_destroy: true", "allow_destroy"), ("retain_on_delete: false", "retain_on_delete")],
)
def test_an_archived_space_cannot_be_deleted(desc: Description, line: str, field: str) -> None:
    archive(desc, "archived: true", line)
    finding = desc.only()
    assert finding.key == f"spaces[projet-commun].{field}"
    assert finding.message.startswith("an archived space is never deleted")
    assert finding.fix == f"remove '{field}' while the space is archived"
    assert finding.source is not None
    assert finding.source.line == desc.line("spaces.yaml", line)


def test_an_active_space_may_still_be_destroyed(desc: Description) -> None:
    archive(desc, "archived: false", "allow_destroy: true")
    assert desc.load().tenant.spaces[1].allow_destroy is True
