"""`pulumi destroy` of the demo stack: refused while the spaces' teams and groups are
protected; once the description allows it, it removes what the stack owns and keeps what
holds people's work: the teams (retain_on_delete) and the Microsoft 365 groups behind them
(Unified groups are retained by default), with their sites."""

from __future__ import annotations

from typing import Any

import pytest

from .demo_stack import DemoStack, TenantView

pytestmark = pytest.mark.engine

SPACES = ("drh-equipe", "tech-ateliers", "renovation-ecole", "eau-potable", "fete-musique-2025")
SPACE_GROUPS = {
    "mtl-drh-drh-equipe",
    "mtl-tech-tech-ateliers",
    "mtl-tech-renovation-ecole",
    "mtl-tech-eau-potable",
    "mtl-dg-fete-musique-2025",
}
SECURITY_GROUPS = {
    "mtl-dg-agents",
    "mtl-drh-agents",
    "mtl-tech-agents",
    "demo-lic-e3-bureaux",
    "demo-lic-f1-terrain",
}


def allow_destroy(document: dict[str, Any]) -> None:
    for space in document["spaces"]:
        space["allow_destroy"] = True


def unarchive(document: dict[str, Any]) -> None:
    """An archived space is never deleted (validation refuses `allow_destroy` on it): it is
    unarchived first."""
    for space in document["spaces"]:
        space["archived"] = False


def test_destroy_is_refused_while_the_spaces_teams_and_groups_are_protected(
    demo: DemoStack,
) -> None:
    demo.run("up", "--yes")
    recorded = len(demo.state_resources())
    view = TenantView(demo.tenant)

    refused = demo.run("destroy", "--yes", expect_returncode=None)

    assert refused.returncode != 0
    for key in SPACES:
        assert f"pulumi-python:dynamic/tenantctl:Team (space-{key}-team):" in refused.stdout
    assert "protected" in refused.stdout
    assert len(demo.state_resources()) == recorded
    assert set(view.groups_by_nickname()) == SPACE_GROUPS | SECURITY_GROUPS
    assert len(view.guests()) == 2
    view.close()


def test_destroy_removes_what_the_stack_owns_and_keeps_teams_groups_and_sites(
    demo: DemoStack,
) -> None:
    demo.edit("spaces/archived.yaml", unarchive)
    for spaces in (
        "spaces/intra.yaml",
        "spaces/inter.yaml",
        "spaces/partners.yaml",
        "spaces/archived.yaml",
    ):
        demo.edit(spaces, allow_destroy)
    demo.run("up", "--yes")
    view = TenantView(demo.tenant)
    before = view.groups_by_nickname()

    demo.run("destroy", "--yes")
    assert demo.state_resources() == []

    # Security groups are deleted (restorable for 30 days), and with them their licences.
    groups = view.groups_by_nickname()
    assert set(groups) == SPACE_GROUPS
    deleted = view.collection("directory/deletedItems/microsoft.graph.group")
    assert {g["mailNickname"].lower() for g in deleted} == SECURITY_GROUPS
    assert all(view.licences(g["id"]) == [] for g in groups.values())

    # The spaces keep their group (same object), team, settings and site; what the stack
    # added to them goes: its channels, guest access and external sharing.
    for key, group in groups.items():
        assert group["id"] == before[key]["id"]
        team = view.team(group["id"])
        assert team["displayName"] == group["displayName"]
        assert view.guest_setting(group["id"]) is None
        assert view.site_sharing(group["id"]) == 0
    ateliers = groups["mtl-tech-tech-ateliers"]["id"]
    assert view.team(ateliers)["funSettings"]["allowGiphy"] is False
    assert {key: sorted(view.channels(g["id"])) for key, g in groups.items()} == {
        "mtl-drh-drh-equipe": ["General"],
        "mtl-tech-tech-ateliers": ["General"],
        "mtl-tech-renovation-ecole": ["General"],
        "mtl-dg-fete-musique-2025": ["General"],
        # Created by the partner template with the team, not a Channel of the stack.
        "mtl-tech-eau-potable": ["Accueil partenaires", "General"],
    }

    # Guests are deleted, and the partner leaves the cross-tenant access policy; the
    # tenant-wide sharing settings are a singleton the stack leaves as they are.
    assert view.guests() == {}
    assert view.partners() == {}
    settings = view.sharepoint_settings()
    assert settings["sharingCapability"] == "externalUserSharingOnly"
    assert settings["sharingAllowedDomainList"] == ["eaux-lys.fr"]

    demo.run("stack", "rm", "--yes")
    view.close()
