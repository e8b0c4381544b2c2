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


def expiry(desc: Description, spaces: str) -> None:
    desc.replace(
        "tenant.yaml",
        "  default_domain: ville-test.fr\n",
        "  default_domain: ville-test.fr\n  expiry:\n    lifetime_days: 30\n"
        f"    spaces: {spaces}\n    notify: [dsi@ville-test.fr]\n",
    )


def test_a_space_expires_under_a_policy_of_selected_spaces(desc: Description) -> None:
    expiry(desc, "selected")
    archive(desc, "expires: true")
    tenant = desc.load().tenant
    assert tenant.tenant.expiry is not None and tenant.tenant.expiry.lifetime_days == 30
    assert [s.key for s in tenant.spaces if s.expires] == ["projet-commun"]


@pytest.mark.parametrize(
    ("policy", "message"),
    [
        (None, "the space expires, but the tenant has no lifecycle policy"),
        ("all", "every space expires under 'tenant.expiry.spaces: all'"),
    ],
)
def test_an_expiring_space_needs_a_policy_of_selected_spaces(
    desc: Description, policy: str | None, message: str
) -> None:
    if policy:
        expiry(desc, policy)
    archive(desc, "expires: true")
    finding = desc.only()
    assert (finding.key, finding.message) == ("spaces[projet-commun].expires", message)
    assert finding.source is not None
    assert finding.source.line == desc.line("spaces.yaml", "expires: true")


def test_a_lifetime_under_30_days_is_refused(desc: Description) -> None:
    expiry(desc, "selected")
    desc.replace("tenant.yaml", "lifetime_days: 30", "lifetime_days: 29")
    finding = desc.only()
    assert finding.key == "tenant.expiry.lifetime_days"
    assert finding.source is not None
    assert finding.source.line == desc.line("tenant.yaml", "lifetime_days: 29")
